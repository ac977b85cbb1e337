// Runs fuzzed files through the real import path (dispatch → imports.preview and imports.run on
// an open project) and sorts each into an outcome. Accepted outcomes are a successful import or an
// IMPORT_ERROR that names the file and line; anything else is a defect: an untyped error (a
// TypeError, RangeError or stack overflow surfacing as INTERNAL), an error of another code, an
// IMPORT_ERROR without a line, a call over the time bound, a failed import that changed the
// project file, preview and import disagreeing, or a polluted Object.prototype.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportOptions } from '../../../src-main/contract/api.js';
import type { Reply } from '../../../src-main/contract/errors.js';
import type { Core } from '../../../src-main/core/service/index.js';
import { createCore, dispatch } from '../../../src-main/core/service/index.js';
import { integrityProblems } from '../project-digest.js';
import { Rng } from '../rng.js';
import { caseFor, LOSSLESS } from './import-mutations.js';
import type { FuzzFile } from './import-mutations.js';
import type { SeedFile } from './import-seeds.js';
import { BUILT_IN_SEEDS, realDataSeeds } from './import-seeds.js';

export const ACCEPTED = ['imported', 'import-error'] as const;
export type Outcome =
  | (typeof ACCEPTED)[number]
  | 'import-error-without-line'
  | 'other-error'
  | 'untyped-error'
  | 'slow'
  | 'changed-on-failure'
  | 'preview-disagrees'
  | 'inconsistent-import'
  | 'lossy-import'
  | 'polluted-prototype';

export interface FuzzCase {
  index: number;
  name: string;
  what: string;
  outcome: Outcome;
  detail: string;
  ms: number;
}

export interface FuzzReport {
  seed: number;
  files: number;
  counts: Record<string, number>;
  /** Outcome counts per mutation (the first mutation of each case). */
  byMutation: Record<string, Record<string, number>>;
  defects: FuzzCase[];
  slowestMs: number;
  seeds: number;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** A scratch folder for the project, the fuzzed files and saved failures. */
  dir: string;
  dataDir: string | null;
  /** Each preview or import must end within this (default 2 s). */
  boundMs?: number | undefined;
  /** Excerpts taken from each real corpus file (default 3). */
  excerpts?: number | undefined;
  onProgress?: ((done: number) => void) | undefined;
}

// Beyond the bound, a big file is judged by throughput, so that only work that grows faster than
// the input fails: at least 1 MB a second read, and 10,000 sentences a second imported (a 1 MB
// file of one-word lines read as text makes 120,000 sentences). Cases stay under 8 MB.
const PER_MB_MS = 1000;
const PER_SENTENCE_MS = 0.1;

function sentencesIn(reply: Reply<unknown>): number {
  return reply.ok ? (reply.value as { sentences: number }).sentences : 0;
}

// A fresh project every so many files keeps hashing the file cheap.
const PROJECT_EVERY = 150;

function fileHash(project: string): string {
  const h = createHash('sha256');
  for (const suffix of ['', '-wal']) {
    h.update(`${suffix}:`);
    if (existsSync(project + suffix)) h.update(readFileSync(project + suffix));
  }
  return h.digest('hex');
}

function checkpointHash(core: Core, project: string): string {
  core.currentStore()!.db.pragma('wal_checkpoint(TRUNCATE)');
  return fileHash(project);
}

function prototypeKeys(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((p) => Object.getOwnPropertyNames(p).sort().join(','))
    .join('|');
}

function polluted(before: string): string | null {
  const probe = {} as Record<string, unknown>;
  if (probe['polluted'] !== undefined) return 'Object.prototype.polluted is set';
  if (prototypeKeys() !== before) return 'a built-in prototype gained or lost a property';
  return null;
}

async function timed(core: Core, method: string, params: unknown): Promise<{ reply: Reply<unknown>; ms: number }> {
  const t0 = performance.now();
  const reply = await dispatch(core, method, params);
  return { reply, ms: performance.now() - t0 };
}

function errorOutcome(reply: Reply<unknown>): { outcome: Outcome; detail: string } | null {
  if (reply.ok) return null;
  const e = reply.error;
  const detail = `${e.code}: ${e.message.slice(0, 300)}`;
  if (e.code === 'INTERNAL') return { outcome: 'untyped-error', detail };
  if (e.code !== 'IMPORT_ERROR') return { outcome: 'other-error', detail };
  if (e.file === undefined || e.line === undefined || !Number.isInteger(e.line) || e.line < 1)
    return { outcome: 'import-error-without-line', detail };
  return { outcome: 'import-error', detail };
}

/** Preview and import agree on what the file holds; every entity count is a whole number. */
function sameSummary(preview: Reply<unknown>, run: Reply<unknown>): boolean {
  if (!preview.ok || !run.ok) return false;
  type Summary = { format: string; sentences: number; tokens: number; documents: number; entities: Record<string, unknown> };
  const p = preview.value as Summary;
  const r = run.value as Summary;
  const counts = Object.values(r.entities).every((n) => Number.isInteger(n) && (n as number) > 0);
  const sameEntities = Object.keys(r.entities).length === 0 || JSON.stringify(p.entities) === JSON.stringify(r.entities);
  return (
    counts && sameEntities && p.format === r.format && p.sentences === r.sentences && p.tokens === r.tokens && p.documents === r.documents
  );
}

export async function fuzzImports(opts: FuzzOptions): Promise<FuzzReport> {
  const bound = opts.boundMs ?? 2000;
  const rng = new Rng(opts.seed);
  const seeds: SeedFile[] = [...BUILT_IN_SEEDS, ...realDataSeeds(opts.dataDir, rng.fork(), opts.excerpts ?? 3)];
  const inputs = path.join(opts.dir, 'inputs');
  const saved = path.join(opts.dir, 'defects');
  mkdirSync(inputs, { recursive: true });
  const prototypesBefore = prototypeKeys();
  const counts: Record<string, number> = {};
  const byMutation: Record<string, Record<string, number>> = {};
  const defects: FuzzCase[] = [];
  let slowestMs = 0;

  let core: Core | null = null;
  let project = '';
  try {
    for (let i = 0; i < opts.count; i++) {
      if (i % PROJECT_EVERY === 0) {
        await core?.close();
        project = path.join(opts.dir, `project-${i}.sqlite`);
        core = createCore({ shell: 'web', recentFile: path.join(opts.dir, 'recent.json'), baseDir: inputs });
        const made = await dispatch(core, 'projects.create', { path: project, name: 'fuzz' });
        if (!made.ok) throw new Error(`cannot create ${project}: ${made.error.message}`);
      }
      const c = core!;
      const caseRng = rng.fork();
      const seedFile = caseRng.pick(seeds);
      const file: FuzzFile = caseFor(caseRng, seedFile);
      const name = `${i}-${file.name}`;
      let source: ImportOptions['source'];
      if (caseRng.chance(0.2)) source = { kind: 'bytes', name: file.name, base64: file.bytes.toString('base64') };
      else {
        writeFileSync(path.join(inputs, name), file.bytes);
        source = { kind: 'path', path: name };
      }
      const params: ImportOptions = {
        source,
        lang: caseRng.pick(['en', 'es', 'nl', 'de']),
        split: caseRng.pick(['train', 'dev', 'unlabelled']),
        ...(caseRng.chance(0.2) ? { unlabelled: true } : {}),
        ...(caseRng.chance(0.2)
          ? { format: caseRng.pick(['conll', 'jsonl', 'hf', 'text', 'labelstudio', 'labelstudio-min', 'webanno'] as const) }
          : {}),
      };

      const before = checkpointHash(c, project);
      const sentencesBefore = c.currentStore()!.project.sentenceCount();
      const preview = await timed(c, 'imports.preview', params);
      const run = await timed(c, 'imports.run', params);
      const ms = Math.max(preview.ms, run.ms);
      slowestMs = Math.max(slowestMs, ms);

      let verdict: { outcome: Outcome; detail: string } = errorOutcome(run.reply) ?? { outcome: 'imported', detail: '' };
      const previewVerdict = errorOutcome(preview.reply);
      const pollution = polluted(prototypesBefore);
      if (pollution !== null) verdict = { outcome: 'polluted-prototype', detail: pollution };
      else if (previewVerdict !== null && !ACCEPTED.includes(previewVerdict.outcome as (typeof ACCEPTED)[number])) verdict = previewVerdict;
      else if (preview.reply.ok !== run.reply.ok) {
        verdict = {
          outcome: 'preview-disagrees',
          detail: `preview ${preview.reply.ok ? 'ok' : previewVerdict?.detail}, import ${run.reply.ok ? 'ok' : verdict.detail}`,
        };
      } else if (ms > bound + PER_MB_MS * (file.bytes.length / 1e6) + PER_SENTENCE_MS * sentencesIn(run.reply)) {
        verdict = { outcome: 'slow', detail: `${Math.round(ms)} ms for ${file.bytes.length} bytes, ${sentencesIn(run.reply)} sentences` };
      } else if (!run.reply.ok) {
        const after = checkpointHash(c, project);
        if (after !== before)
          verdict = { outcome: 'changed-on-failure', detail: `project file changed although the import failed (${verdict.detail})` };
      } else if (!sameSummary(preview.reply, run.reply)) {
        verdict = {
          outcome: 'preview-disagrees',
          detail: `preview ${JSON.stringify(preview.reply).slice(0, 200)}, import ${JSON.stringify(run.reply).slice(0, 200)}`,
        };
      } else if (file.what.split('+').every((m) => LOSSLESS.has(m))) {
        // Line ends and a byte-order mark change nothing: the file must read as the seed does.
        const seedSource = { kind: 'bytes' as const, name: seedFile.name, base64: Buffer.from(seedFile.text).toString('base64') };
        const original = await dispatch(c, 'imports.preview', { ...params, source: seedSource });
        if (!sameSummary(original, run.reply))
          verdict = {
            outcome: 'lossy-import',
            detail: `the seed reads as ${JSON.stringify(original).slice(0, 200)}, the mutated file as ${JSON.stringify(run.reply).slice(0, 200)}`,
          };
      }
      if (verdict.outcome === 'imported') {
        const added = c.currentStore()!.project.sentenceCount() - sentencesBefore;
        const said = sentencesIn(run.reply);
        const problems = i % 25 === 0 ? integrityProblems(c.currentStore()!.db) : [];
        if (added !== said || problems.length > 0)
          verdict = {
            outcome: 'inconsistent-import',
            detail: `summary says ${said} sentences, the project gained ${added}; ${problems.join('; ')}`,
          };
      }

      counts[verdict.outcome] = (counts[verdict.outcome] ?? 0) + 1;
      const first = file.what.split('+')[0]!;
      byMutation[first] ??= {};
      byMutation[first][verdict.outcome] = (byMutation[first][verdict.outcome] ?? 0) + 1;
      if (!ACCEPTED.includes(verdict.outcome as (typeof ACCEPTED)[number])) {
        defects.push({ index: i, name: file.name, what: file.what, outcome: verdict.outcome, detail: verdict.detail, ms });
        mkdirSync(saved, { recursive: true });
        writeFileSync(path.join(saved, name), file.bytes);
      }
      opts.onProgress?.(i + 1);
    }
  } finally {
    await core?.close();
  }
  return { seed: opts.seed, files: opts.count, counts, byMutation, defects, slowestMs, seeds: seeds.length };
}
