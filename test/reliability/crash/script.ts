// The edits a crash run makes: a seeded, deterministic sequence of contract calls (tag, untag,
// confirm, pair, link, undo, redo, revert, import). Each call is chosen from the seed and the
// replies to earlier calls only, so replaying the same seed against a copy of the same project
// makes the same calls and must reach the same state: that replay is the crash check's reference.

import type { Reply } from '../../../src-main/contract/errors.js';
import { Rng } from '../rng.js';

export type Call = (method: string, params: unknown) => Promise<Reply<unknown>>;

export interface Step {
  method: string;
  params: unknown;
}

export interface ScriptPlan {
  seed: number;
  /** How many calls the script makes. */
  steps: number;
  /** Corpus files (absolute paths) the small imports pick from. */
  smallImports: string[];
  /** The big import: its file and the step that runs it, or null for none. */
  bigImport: { file: string; at: number } | null;
}

/** Calls that change the project, as opposed to the reads the script makes to choose its edits. */
export const EDIT_METHODS = new Set([
  'annotations.set',
  'annotations.remove',
  'annotations.confirm',
  'annotations.accept',
  'annotations.reject',
  'pairs.create',
  'pairs.delete',
  'pairs.link',
  'edits.undo',
  'edits.redo',
  'edits.revert',
  'imports.run',
]);

const WEIGHTS = {
  set: 28,
  remove: 8,
  confirm: 4,
  accept: 2,
  reject: 2,
  pair: 6,
  link: 12,
  unpair: 1,
  undo: 12,
  redo: 8,
  revert: 3,
  importSmall: 3,
} as const;
type Op = keyof typeof WEIGHTS;

// Most edits go to a few sentences, so that undo, redo and later edits keep meeting earlier ones.
const HOT_SENTENCES = 25;

interface SentenceReply {
  id: number;
  tokens: unknown[];
}
interface PairReply {
  id: number;
  a: SentenceReply;
  b: SentenceReply;
}

export class Script {
  private readonly rng: Rng;
  private seq = 0;
  private total = 0;
  private labels: string[] = [];
  private readonly tokens = new Map<number, number>();
  private readonly pairs = new Map<number, { na: number; nb: number }>();
  private undoIds: number[] = [];
  /** An edit waiting for a read that tells it a sentence's length. */
  private wanted: { op: 'set' | 'remove'; id: number } | null = null;
  private needInfo = true;

  constructor(readonly plan: ScriptPlan) {
    this.rng = new Rng(plan.seed);
  }

  get done(): boolean {
    return this.seq >= this.plan.steps;
  }

  get position(): number {
    return this.seq;
  }

  /** The next call; `observe` must be given its reply before asking again. */
  next(): Step {
    if (this.done) throw new Error('the script has made all its calls');
    const seq = this.seq++;
    if (this.plan.bigImport !== null && seq === this.plan.bigImport.at) {
      return {
        method: 'imports.run',
        params: { source: { kind: 'path', path: this.plan.bigImport.file }, lang: 'es', split: 'unlabelled' },
      };
    }
    if (this.needInfo || this.total === 0 || this.labels.length === 0) return { method: 'projects.current', params: {} };
    if (this.wanted === null) {
      const op = this.rng.weighted<Op>(WEIGHTS);
      if (op !== 'set' && op !== 'remove') return this.choose(op);
      this.wanted = { op, id: this.sentence() };
    }
    return this.edit(this.wanted);
  }

  /** The wanted edit once the sentence's length is known; until then, the read that tells it. */
  private edit(w: { op: 'set' | 'remove'; id: number }): Step {
    const n = this.tokens.get(w.id);
    if (n === undefined) return { method: 'sentences.get', params: { id: w.id } };
    this.wanted = null;
    if (w.op === 'set') {
      const start = this.rng.int(0, n - 1);
      const end = this.rng.int(start + 1, Math.min(n, start + 3));
      return { method: 'annotations.set', params: { sentenceId: w.id, start, end, label: this.rng.pick(this.labels) } };
    }
    return { method: 'annotations.remove', params: { sentenceId: w.id, token: this.rng.int(0, n - 1) } };
  }

  private sentence(): number {
    return this.rng.chance(0.7) ? this.rng.int(1, Math.min(HOT_SENTENCES, this.total)) : this.rng.int(1, this.total);
  }

  private choose(op: Exclude<Op, 'set' | 'remove'>): Step {
    switch (op) {
      case 'confirm':
      case 'accept':
      case 'reject':
        return { method: `annotations.${op}`, params: { sentenceId: this.sentence() } };
      case 'pair': {
        const a = this.sentence();
        let b = this.sentence();
        if (b === a) b = a === this.total ? 1 : a + 1;
        if (b === a) return { method: 'projects.current', params: {} };
        return { method: 'pairs.create', params: { a, b } };
      }
      case 'link':
      case 'unpair': {
        const ids = [...this.pairs.keys()];
        if (ids.length === 0) return this.choose('pair');
        const id = this.rng.pick(ids);
        if (op === 'unpair') return { method: 'pairs.delete', params: { id } };
        const p = this.pairs.get(id)!;
        const value = this.rng.pick(['same', 'different', null] as const);
        return { method: 'pairs.link', params: { pairId: id, i: this.rng.int(0, p.na - 1), j: this.rng.int(0, p.nb - 1), value } };
      }
      case 'undo':
      case 'redo':
        return { method: `edits.${op}`, params: {} };
      case 'revert':
        if (this.undoIds.length === 0) return { method: 'edits.history', params: { limit: 20 } };
        return { method: 'edits.revert', params: { id: this.rng.pick(this.undoIds) } };
      case 'importSmall':
        return {
          method: 'imports.run',
          params: {
            source: { kind: 'path', path: this.rng.pick(this.plan.smallImports) },
            lang: this.rng.pick(['en', 'es']),
            split: this.rng.pick(['train', 'unlabelled']),
          },
        };
    }
  }

  /** Learns from a reply what later choices need: sentence count, labels, lengths, pairs, history. */
  observe(step: Step, reply: Reply<unknown>): void {
    // Any edit may move the undo stack; a revert target must come from a fresh history.
    if (EDIT_METHODS.has(step.method)) this.undoIds = [];
    if (!reply.ok) return;
    const v = reply.value as Record<string, unknown> | null;
    switch (step.method) {
      case 'projects.current': {
        const info = v as { sentences: number; labels: { name: string }[] } | null;
        if (info === null) throw new Error('crash script: no project is open');
        this.total = info.sentences;
        this.labels = info.labels.map((l) => l.name);
        this.needInfo = false;
        break;
      }
      case 'imports.run':
        // New sentences and perhaps new labels: read the project again before the next edit.
        this.needInfo = true;
        break;
      case 'sentences.get': {
        const s = v as unknown as SentenceReply;
        this.tokens.set(s.id, s.tokens.length);
        break;
      }
      case 'annotations.set':
      case 'annotations.remove':
      case 'annotations.confirm':
      case 'annotations.accept':
      case 'annotations.reject': {
        const s = (v as { sentence: SentenceReply }).sentence;
        this.tokens.set(s.id, s.tokens.length);
        break;
      }
      case 'pairs.create':
      case 'pairs.link': {
        const p = v as unknown as PairReply;
        this.pairs.set(p.id, { na: p.a.tokens.length, nb: p.b.tokens.length });
        break;
      }
      case 'pairs.delete':
        this.pairs.delete((step.params as { id: number }).id);
        break;
      case 'edits.history': {
        const h = v as { undo: { id: number }[] };
        this.undoIds = h.undo.map((e) => e.id);
        break;
      }
      default:
        break;
    }
    if (step.method.startsWith('edits.') && step.method !== 'edits.history') {
      // Undoing a pair deletion is not an edit, but undoing a link on a deleted pair finds no pair.
      const pair = (v as { pair?: PairReply | null } | null)?.pair;
      if (pair !== null && pair !== undefined) this.pairs.set(pair.id, { na: pair.a.tokens.length, nb: pair.b.tokens.length });
    }
  }
}

/** A reply without the fields that differ between two runs of the same calls (times, file paths). */
export function comparable(method: string, reply: unknown): unknown {
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(strip);
    if (x === null || typeof x !== 'object') return x;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(x)) {
      if (k === 'at' || k === 'createdAt' || k === 'updatedAt' || k === 'lastOpened') continue;
      if (k === 'path' && method === 'projects.current') continue;
      out[k] = strip(val);
    }
    return out;
  };
  return strip(reply);
}
