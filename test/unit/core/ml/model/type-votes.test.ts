// Corpus-level type harmonisation on hand-made predictions (no model needed).

import { describe, expect, it } from 'vitest';
import { decodeSentence, iob2Transitions } from '../../../../../src-main/core/ml/model/decode.js';
import { harmonizeTypes, swapTypeColumns, TypeVotes } from '../../../../../src-main/core/ml/index.js';

const LABELS = ['O', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-PER', 'I-PER'];
const K = LABELS.length;
const allowed = iob2Transitions(LABELS);

/** A prediction whose tokens carry the given tags with probability 0.7 (0.05 elsewhere). */
function predicted(tags: string[]) {
  const probs = tags.flatMap((tag) => LABELS.map((l) => (l === tag ? 0.7 : 0.05)));
  return decodeSentence(probs, tags.length, LABELS, allowed);
}

describe('TypeVotes and harmonizeTypes', () => {
  const sentences = [
    ['Telefónica', 'compró', 'Telesp'],
    ['la', 'Telefónica', 'de', 'Sao', 'Paulo'],
    ['Telefónica', 'y', 'Sao', 'Paulo'],
    ['Ana', 'vive', 'en', 'Sao', 'Paulo'],
  ];
  const preds = [
    predicted(['B-ORG', 'O', 'B-ORG']),
    predicted(['O', 'B-LOC', 'O', 'B-PER', 'I-PER']),
    predicted(['B-ORG', 'O', 'B-LOC', 'I-LOC']),
    predicted(['B-PER', 'O', 'O', 'B-PER', 'I-PER']),
  ];

  it('gives each name the type most of its occurrences have, swapping the type columns', () => {
    const out = harmonizeTypes(sentences, preds, LABELS);
    // Telefónica: ORG, ORG, LOC -> ORG everywhere. Sao Paulo: PER twice, LOC once -> PER.
    expect(out[1]!.tags).toEqual(['O', 'B-ORG', 'O', 'B-PER', 'I-PER']);
    expect(out[2]!.tags).toEqual(['B-ORG', 'O', 'B-PER', 'I-PER']);
    expect(out[1]!.entities[0]).toMatchObject({ start: 1, end: 2, label: 'ORG', retypedFrom: 'LOC' });
    expect(out[1]!.entities[1]!.retypedFrom).toBeUndefined();
    // The chosen tag keeps the model's confidence: B-LOC's 0.7 moved to B-ORG.
    expect(out[1]!.probs[1]![LABELS.indexOf('B-ORG')]).toBeCloseTo(0.7, 6);
    expect(out[1]!.probs[1]![LABELS.indexOf('B-LOC')]).toBeCloseTo(0.05, 6);
    expect(out[1]!.entities[0]!.confidence).toBeCloseTo(preds[1]!.entities[0]!.confidence, 6);
    expect(out[2]!.probs[3]![LABELS.indexOf('I-PER')]).toBeCloseTo(0.7, 6);
    // Sentences with nothing to change come back as they were.
    expect(out[0]).toBe(preds[0]);
    expect(out[3]).toBe(preds[3]);
    // The input is not modified.
    expect(preds[1]!.tags).toEqual(['O', 'B-LOC', 'O', 'B-PER', 'I-PER']);
  });

  it('lets a gazetteer outvote the predictions', () => {
    const votes = new TypeVotes({ gazetteerWeight: 3 }).addPredictions(sentences, preds).addGazetteer([
      { tokens: ['in', 'Sao', 'Paulo'], tags: ['O', 'B-LOC', 'I-LOC'] },
      { tokens: ['unlabelled'], tags: null },
    ]);
    expect(votes.typeOf(['Sao', 'Paulo'])).toBe('LOC'); // 3 + 1 LOC against 2 PER
    const out = harmonizeTypes(sentences, preds, LABELS, votes);
    expect(out[3]!.tags).toEqual(['B-PER', 'O', 'O', 'B-LOC', 'I-LOC']);
    expect(out[3]!.entities[1]).toMatchObject({ label: 'LOC', retypedFrom: 'PER' });
  });

  it('leaves names with too few or too split votes, and types the model cannot emit', () => {
    const votes = new TypeVotes().addPredictions(sentences, preds);
    expect(votes.typeOf(['Telesp'])).toBeNull(); // one vote, minVotes 2
    expect(votes.typeOf(['Ana'])).toBeNull();
    expect(new TypeVotes({ minShare: 0.7 }).addPredictions(sentences, preds).typeOf(['Telefónica'])).toBeNull(); // ORG has 2 of 3
    expect(new TypeVotes({ minShare: 0.6 }).addPredictions(sentences, preds).typeOf(['Telefónica'])).toBe('ORG');
    const foreign = new TypeVotes({ gazetteerWeight: 10 })
      .addPredictions(sentences, preds)
      .addGazetteer([{ tokens: ['Telefónica'], tags: ['B-COMPANY'] }]);
    expect(foreign.typeOf(['Telefónica'])).toBe('COMPANY');
    // COMPANY is not among the labels, so no Telefónica is retyped (Sao Paulo still is).
    expect(foreign.retypes(sentences, preds, LABELS)).toEqual([[], [], [{ start: 2, end: 4, from: 'LOC', to: 'PER' }], []]);
  });

  it('refuses nonsensical settings', () => {
    expect(() => new TypeVotes({ minVotes: 0 })).toThrow(/minVotes must be at least 1/);
    expect(() => new TypeVotes({ minShare: 1.5 })).toThrow(/minShare must be between 0 and 1/);
    expect(() => new TypeVotes({ gazetteerWeight: -1 })).toThrow(/gazetteerWeight must be 0 or more/);
  });

  it('swapTypeColumns swaps B- and I- columns only over the span, at the sentence offset', () => {
    const rows = 4;
    const probs = new Float32Array(rows * K).map((_, i) => i);
    swapTypeColumns(probs, K, 2, [{ start: 0, end: 1, from: 'LOC', to: 'PER' }], LABELS);
    const row = (r: number) => Array.from(probs.subarray(r * K, (r + 1) * K));
    expect(row(0)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(row(2)).toEqual([14, 19, 20, 17, 18, 15, 16]);
    expect(row(3)).toEqual([21, 22, 23, 24, 25, 26, 27]);
  });
});
