// Corpus-level type consistency. A download-free model transfers entity spans far better than
// entity types (docs/DECISIONS.md, "Type harmonisation": spans ~80 F1, typed ~55; much of the
// loss is one name tagged ORG in one sentence and LOC or PER in the next). Harmonising gives every predicted occurrence of a
// surface string the type most of its occurrences in the corpus received, where that type has
// enough of the votes. Labelled source sentences can add votes too, as a gazetteer: a name tagged
// in the source data (Madrid, UEFA) counts `gazetteerWeight` votes per occurrence.
//
// The same decisions serve two places: decoding (predict) and the student's targets, whose
// teacher probabilities are permuted between the old and the new type's B-/I- columns over each
// retyped span, so the student learns the consistent type with the teacher's confidence.

import { entitiesOf } from '../../eval/entities.js';
import { CoreError } from '../../errors.js';
import type { SentencePrediction } from './decode.js';
import type { TaggedSentence } from '../data/dataset.js';

export interface TypeVoteOptions {
  /** Votes a surface string needs before it is harmonised (default 2). */
  minVotes?: number | undefined;
  /** Share of the votes the winning type needs, 0..1 (default 0.4). */
  minShare?: number | undefined;
  /** Votes each occurrence in a gazetteer (labelled source sentences) counts (default 2). */
  gazetteerWeight?: number | undefined;
}

export const TYPE_VOTE_DEFAULTS = { minVotes: 2, minShare: 0.4, gazetteerWeight: 2 } as const;

/** A span to retype: tokens start..end-1 of one sentence, from one type to another. */
export interface Retype {
  start: number;
  end: number;
  from: string;
  to: string;
}

const keyOf = (tokens: readonly string[], start: number, end: number): string => tokens.slice(start, end).join(' ');

/** Type votes per surface string (tokens joined by one space, case kept). */
export class TypeVotes {
  private readonly table = new Map<string, Map<string, number>>();
  readonly minVotes: number;
  readonly minShare: number;
  readonly gazetteerWeight: number;

  constructor(opts: TypeVoteOptions = {}) {
    this.minVotes = opts.minVotes ?? TYPE_VOTE_DEFAULTS.minVotes;
    this.minShare = opts.minShare ?? TYPE_VOTE_DEFAULTS.minShare;
    this.gazetteerWeight = opts.gazetteerWeight ?? TYPE_VOTE_DEFAULTS.gazetteerWeight;
    if (!(this.minVotes >= 1)) throw new CoreError('BAD_REQUEST', `type votes: minVotes must be at least 1, not ${this.minVotes}`);
    if (!(this.minShare >= 0 && this.minShare <= 1))
      throw new CoreError('BAD_REQUEST', `type votes: minShare must be between 0 and 1, not ${this.minShare}`);
    if (!(this.gazetteerWeight >= 0))
      throw new CoreError('BAD_REQUEST', `type votes: gazetteerWeight must be 0 or more, not ${this.gazetteerWeight}`);
  }

  /** Surface strings with at least one vote. */
  get size(): number {
    return this.table.size;
  }

  private vote(key: string, type: string, weight: number): void {
    let row = this.table.get(key);
    if (!row) this.table.set(key, (row = new Map()));
    row.set(type, (row.get(type) ?? 0) + weight);
  }

  /** One vote for each predicted entity of each sentence. */
  addPredictions(sentences: readonly (readonly string[])[], predictions: readonly Pick<SentencePrediction, 'entities'>[]): this {
    if (sentences.length !== predictions.length)
      throw new CoreError('INTERNAL', `type votes: ${sentences.length} sentences but ${predictions.length} predictions`);
    predictions.forEach((p, i) => {
      for (const e of p.entities) this.vote(keyOf(sentences[i]!, e.start, e.end), e.label, 1);
    });
    return this;
  }

  /** gazetteerWeight votes for each gold entity of labelled sentences (unlabelled ones add none). */
  addGazetteer(sentences: readonly TaggedSentence[]): this {
    if (this.gazetteerWeight === 0) return this;
    for (const s of sentences) {
      if (!s.tags) continue;
      for (const e of entitiesOf(s.tags)) this.vote(keyOf(s.tokens, e.start, e.end), e.label, this.gazetteerWeight);
    }
    return this;
  }

  /** The harmonised type of a surface string, or null when its votes are too few or too split. */
  typeOf(tokens: readonly string[], start = 0, end = tokens.length): string | null {
    const row = this.table.get(keyOf(tokens, start, end));
    if (!row) return null;
    let total = 0;
    let best: string | null = null;
    let bestVotes = 0;
    for (const [type, n] of row) {
      total += n;
      // Ties go to the type first voted for, so the result does not depend on Map internals.
      if (n > bestVotes) {
        best = type;
        bestVotes = n;
      }
    }
    return total >= this.minVotes && bestVotes / total >= this.minShare ? best : null;
  }

  /** The spans of each prediction whose harmonised type differs from the predicted one. */
  retypes(
    sentences: readonly (readonly string[])[],
    predictions: readonly Pick<SentencePrediction, 'entities'>[],
    labels: readonly string[],
  ): Retype[][] {
    return predictions.map((p, i) =>
      p.entities.flatMap((e) => {
        const to = this.typeOf(sentences[i]!, e.start, e.end);
        // A type the model cannot emit (a gazetteer's own, say) is never forced on it.
        return to !== null && to !== e.label && labels.includes(`B-${to}`) ? [{ start: e.start, end: e.end, from: e.label, to }] : [];
      }),
    );
  }
}

/**
 * Swaps the B-/I- probability columns of `from` and `to` over each retyped span of one sentence;
 * `probs` is row-major [rows x K] and the sentence's first token is row `offset`.
 */
export function swapTypeColumns(
  probs: Float32Array | number[],
  K: number,
  offset: number,
  retypes: readonly Retype[],
  labels: readonly string[],
): void {
  for (const r of retypes) {
    const pairs: [number, number][] = [
      [labels.indexOf(`B-${r.from}`), labels.indexOf(`B-${r.to}`)],
      [labels.indexOf(`I-${r.from}`), labels.indexOf(`I-${r.to}`)],
    ];
    for (let t = r.start; t < r.end; t++) {
      const row = (offset + t) * K;
      for (const [a, b] of pairs) {
        if (a < 0 || b < 0) continue;
        const x = probs[row + a]!;
        probs[row + a] = probs[row + b]!;
        probs[row + b] = x;
      }
    }
  }
}

/**
 * Predictions with every occurrence of a surface string given its harmonised type: tags,
 * entities (with `retypedFrom`) and per-token probabilities (columns swapped, so the chosen tags
 * keep the model's confidence). Without `votes`, the votes are the predictions' own.
 */
export function harmonizeTypes(
  sentences: readonly (readonly string[])[],
  predictions: readonly SentencePrediction[],
  labels: readonly string[],
  votes: TypeVotes = new TypeVotes().addPredictions(sentences, predictions),
): SentencePrediction[] {
  const all = votes.retypes(sentences, predictions, labels);
  return predictions.map((p, i) => {
    const retypes = all[i]!;
    if (retypes.length === 0) return p;
    const flat = p.probs.flat();
    swapTypeColumns(flat, labels.length, 0, retypes, labels);
    const probs = p.probs.map((_, t) => flat.slice(t * labels.length, (t + 1) * labels.length));
    const tags = [...p.tags];
    for (const r of retypes) for (let t = r.start; t < r.end; t++) tags[t] = `${t === r.start ? 'B' : 'I'}-${r.to}`;
    const entities = p.entities.map((e) => {
      const r = retypes.find((x) => x.start === e.start && x.end === e.end);
      return r ? { ...e, label: r.to, retypedFrom: r.from } : e;
    });
    return { ...p, tags, probs, entities };
  });
}
