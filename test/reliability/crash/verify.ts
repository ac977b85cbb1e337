// After a kill: reopen the project with the real core and check it against what was acknowledged.
// The reference is a replay of the same script on a copy of the starting project, in this
// process: after the k acknowledged calls, and after the one in flight. The reopened file must
// equal one of the two, table by table; every acknowledged edit must be in it; it must pass
// SQLite's integrity check; and undo and redo must still work on it as on the reference.

import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Reply } from '../../../src-main/contract/errors.js';
import type { Core } from '../../../src-main/core/service/index.js';
import { createCore, dispatch } from '../../../src-main/core/service/index.js';
import { digestDiff, digestProject, integrityProblems } from '../project-digest.js';
import type { ProjectDigest } from '../project-digest.js';
import type { ScriptPlan, Step } from './script.js';
import { comparable, EDIT_METHODS, Script } from './script.js';

export interface Ack {
  seq: number;
  method: string;
  params: unknown;
  reply: Reply<unknown>;
}

export interface Verdict {
  /** Acknowledged calls that changed the project (successful edits and imports). */
  ackedEdits: number;
  /** Whether the call in flight at the kill is in the reopened file; null when none was in flight. */
  inflightApplied: boolean | null;
  /** Acknowledged edits the reopened file lacks. */
  lost: string[];
  /** Anything else wrong: integrity, a state matching neither reference, undo after reopen. */
  problems: string[];
  undoChecked: boolean;
}

function openCore(dir: string, project: string, name: string): { core: Core; opened: Promise<Reply<unknown>> } {
  const core = createCore({ shell: 'web', recentFile: path.join(dir, `${name}-recent.json`), baseDir: dir });
  return { core, opened: dispatch(core, 'projects.open', { path: project }) };
}

function digestOf(core: Core): ProjectDigest {
  return digestProject(core.currentStore()!.db);
}

type EntityKey = `sentence:${number}` | `pair:${number}`;

/** Every sentence and pair an acknowledged edit named or reported; undo, redo and revert report theirs. */
function editedEntities(acks: readonly Ack[]): EntityKey[] {
  const keys = new Set<EntityKey>();
  for (const a of acks) {
    if (!a.reply.ok || !EDIT_METHODS.has(a.method)) continue;
    const p = a.params as Record<string, number>;
    const v = a.reply.value as Record<string, unknown>;
    if (a.method.startsWith('annotations.')) keys.add(`sentence:${p['sentenceId']!}`);
    else if (a.method === 'pairs.create') keys.add(`pair:${(v as { id: number }).id}`);
    else if (a.method === 'pairs.link') keys.add(`pair:${p['pairId']!}`);
    else if (a.method === 'pairs.delete') keys.add(`pair:${p['id']!}`);
    else if (a.method.startsWith('edits.')) {
      const edit = v['edit'] as { sentenceId: number | null; pairId: number | null } | null;
      if (edit?.sentenceId != null) keys.add(`sentence:${edit.sentenceId}`);
      if (edit?.pairId != null) keys.add(`pair:${edit.pairId}`);
    }
  }
  return [...keys];
}

async function stateOf(core: Core, key: EntityKey): Promise<unknown> {
  const [kind, raw] = key.split(':') as ['sentence' | 'pair', string];
  const id = Number(raw);
  if (kind === 'sentence') {
    const r = await dispatch(core, 'sentences.get', { id });
    if (!r.ok) return `missing (${r.error.code})`;
    const s = r.value as { status: string; spans: unknown[] };
    return { status: s.status, spans: s.spans };
  }
  const r = await dispatch(core, 'pairs.get', { id });
  if (!r.ok) return r.error.code === 'NOT_FOUND' ? 'deleted' : `unreadable (${r.error.code})`;
  return { links: (r.value as { links: unknown[] }).links };
}

async function statesOf(core: Core, keys: readonly EntityKey[]): Promise<Map<EntityKey, unknown>> {
  const out = new Map<EntityKey, unknown>();
  for (const k of keys) out.set(k, await stateOf(core, k));
  return out;
}

export async function verifyAfterKill(opts: {
  dir: string;
  project: string;
  pristine: string;
  plan: ScriptPlan;
  acks: readonly Ack[];
  inflight: Step | null;
}): Promise<Verdict> {
  const problems: string[] = [];
  const lost: string[] = [];
  const ackedEdits = opts.acks.filter((a) => a.reply.ok && EDIT_METHODS.has(a.method)).length;
  const actual = openCore(opts.dir, opts.project, 'actual');
  const refFile = path.join(opts.dir, 'reference.sqlite');
  copyFileSync(opts.pristine, refFile);
  const ref = openCore(opts.dir, refFile, 'reference');
  let inflightApplied: boolean | null = null;
  let undoChecked = false;
  try {
    const opened = await actual.opened;
    if (!opened.ok)
      return { ackedEdits, inflightApplied, lost: [`the project does not reopen: ${opened.error.message}`], problems, undoChecked };
    const refOpened = await ref.opened;
    if (!refOpened.ok) throw new Error(`reference copy does not open: ${refOpened.error.message}`);
    problems.push(...integrityProblems(actual.core.currentStore()!.db));

    // Replay the acknowledged calls; each must get the reply the killed process acknowledged.
    const script = new Script(opts.plan);
    for (const a of opts.acks) {
      const step = script.next();
      if (step.method !== a.method || !isDeepStrictEqual(step.params, a.params)) {
        problems.push(`replay diverged at call ${a.seq}: ${a.method} acknowledged, ${step.method} replayed`);
        return { ackedEdits, inflightApplied, lost, problems, undoChecked };
      }
      const reply = await dispatch(ref.core, step.method, step.params);
      if (!isDeepStrictEqual(comparable(step.method, reply), comparable(a.method, a.reply))) {
        problems.push(`replay of call ${a.seq} (${a.method}) answered differently: ${JSON.stringify(reply).slice(0, 300)}`);
        return { ackedEdits, inflightApplied, lost, problems, undoChecked };
      }
      script.observe(step, reply);
    }
    // What the acknowledged calls left each edited sentence and pair in: the reference now holds
    // exactly that, since it answered every call as the killed process did.
    const entities = editedEntities(opts.acks);
    const acknowledged = await statesOf(ref.core, entities);
    const got = digestOf(actual.core);
    const afterAcked = digestOf(ref.core);
    const changedInflight = new Set<EntityKey>();
    if (got.hash !== afterAcked.hash) {
      if (opts.inflight !== null && !script.done) {
        const step = script.next();
        const reply = await dispatch(ref.core, step.method, step.params);
        script.observe(step, reply);
        const afterInflight = digestOf(ref.core);
        if (got.hash === afterInflight.hash) {
          inflightApplied = true;
          for (const [k, v] of await statesOf(ref.core, entities)) if (!isDeepStrictEqual(v, acknowledged.get(k))) changedInflight.add(k);
        } else {
          problems.push(
            `the reopened project matches neither the acknowledged state (differs in ${digestDiff(got, afterAcked).join(', ')}) ` +
              `nor that state plus the call in flight, ${step.method} (differs in ${digestDiff(got, afterInflight).join(', ')})`,
          );
        }
      } else {
        problems.push(`the reopened project differs from the acknowledged state in ${digestDiff(got, afterAcked).join(', ')}`);
      }
    } else if (opts.inflight !== null) {
      inflightApplied = false;
    }

    // Every acknowledged edit, looked up one by one, so a loss names the sentence or pair. The
    // call in flight may have changed some of them, but only if it is in the file as a whole.
    for (const [key, want] of acknowledged) {
      if (changedInflight.has(key)) continue;
      const have = await stateOf(actual.core, key);
      if (!isDeepStrictEqual(have, want)) {
        lost.push(`${key}: acknowledged ${JSON.stringify(want).slice(0, 200)}, reopened ${JSON.stringify(have).slice(0, 200)}`);
      }
    }

    // The edit log survives the kill: undo then redo on the reopened file does what it does on the reference.
    if (problems.length === 0 && lost.length === 0) {
      for (const method of ['edits.undo', 'edits.redo'] as const) {
        const mine = await dispatch(actual.core, method, {});
        const theirs = await dispatch(ref.core, method, {});
        if (!isDeepStrictEqual(comparable(method, mine), comparable(method, theirs))) {
          problems.push(
            `${method} after reopening answered ${JSON.stringify(mine).slice(0, 200)}, the reference ${JSON.stringify(theirs).slice(0, 200)}`,
          );
        } else if (digestOf(actual.core).hash !== digestOf(ref.core).hash) {
          problems.push(`${method} after reopening left a different project than on the reference`);
        }
      }
      undoChecked = true;
    }
    return { ackedEdits, inflightApplied, lost, problems, undoChecked };
  } finally {
    await actual.core.close();
    await ref.core.close();
  }
}
