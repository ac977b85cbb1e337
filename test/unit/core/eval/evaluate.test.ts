import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src-main/core/eval/index.js';

describe('evaluate', () => {
  it("matches the example in seqeval's README", () => {
    const gold = [
      ['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O'],
      ['B-PER', 'I-PER', 'O'],
    ];
    const pred = [
      ['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'],
      ['B-PER', 'I-PER', 'O'],
    ];
    const r = evaluate(gold, pred);
    expect(r.f1).toBe(0.5);
    expect(r.precision).toBe(0.5);
    expect(r.recall).toBe(0.5);
    expect(r.perType).toEqual({
      MISC: { precision: 0, recall: 0, f1: 0, support: 1 },
      PER: { precision: 1, recall: 1, f1: 1, support: 1 },
    });
  });

  it("micro-averages over types with seqeval's arithmetic", () => {
    // Gold: PER(0..2), LOC(3), ORG(5). Predicted: PER(0..2) right, LOC(3) right, ORG(4) wrong, MISC(5) wrong.
    const gold = [['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'B-ORG']];
    const pred = [['B-PER', 'I-PER', 'O', 'B-LOC', 'B-ORG', 'B-MISC']];
    const r = evaluate(gold, pred);
    const p = 2 / 4;
    const rec = 2 / 3;
    expect(r.precision).toBe(p);
    expect(r.recall).toBe(rec);
    expect(r.f1).toBe((2 * p * rec) / (p + rec));
    expect(r.f1).toBeCloseTo(0.571428571, 8);
    expect(r.perType['ORG']).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.perType['MISC']).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(Object.keys(r.perType)).toEqual(['LOC', 'MISC', 'ORG', 'PER']);
  });

  it('scores each sentence on its own: entities never run across a boundary', () => {
    // Read as one sequence, these would be one PER entity; per sentence they are two.
    const gold = [
      ['O', 'B-PER'],
      ['I-PER', 'O'],
    ];
    const r = evaluate(gold, [
      ['O', 'B-PER'],
      ['B-PER', 'O'],
    ]);
    expect(r.perType['PER']).toEqual({ precision: 1, recall: 1, f1: 1, support: 2 });
    const merged = evaluate(gold, [
      ['O', 'B-PER'],
      ['O', 'O'],
    ]);
    expect(merged.recall).toBe(0.5);
    expect(merged.precision).toBe(1);
  });

  it('counts an I- start as an entity in gold and prediction alike', () => {
    const r = evaluate([['I-LOC', 'I-LOC', 'O']], [['B-LOC', 'I-LOC', 'O']]);
    expect(r.f1).toBe(1);
  });

  it('reads BIOES tags against IOB2 tags', () => {
    const r = evaluate([['B-PER', 'E-PER', 'S-LOC']], [['B-PER', 'I-PER', 'B-LOC']]);
    expect(r.f1).toBe(1);
  });

  it('gives 0, not NaN, when nothing is predicted or nothing is there', () => {
    const none = evaluate([['B-PER', 'O']], [['O', 'O']]);
    expect(none).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(none.perType['PER']?.support).toBe(1);
    const empty = evaluate([['O', 'O'], []], [['O', 'O'], []]);
    expect(empty).toMatchObject({ precision: 0, recall: 0, f1: 0, perType: {} });
    expect(evaluate([], []).f1).toBe(0);
  });

  it('scores spans apart from types: a name found with the wrong type is a span hit and a typed miss', () => {
    // Gold: PER(0..2), LOC(3), ORG(5). Predicted: PER(0..2) right, LOC(3) typed ORG, ORG(5..6) too long, MISC(7) extra.
    const gold = [['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'B-ORG', 'O', 'O']];
    const pred = [['B-PER', 'I-PER', 'O', 'B-ORG', 'O', 'B-ORG', 'I-ORG', 'B-MISC']];
    const r = evaluate(gold, pred);
    expect(r.precision).toBe(1 / 4);
    expect(r.recall).toBe(1 / 3);
    expect(r.spans.precision).toBe(2 / 4);
    expect(r.spans.recall).toBe(2 / 3);
    expect(r.spans.f1).toBeCloseTo((2 * (1 / 2) * (2 / 3)) / (1 / 2 + 2 / 3), 12);
  });

  it('reads untyped spans with the typed chunking: B-X I-Y is two spans, and spans count over every sentence', () => {
    const r = evaluate(
      [
        ['B-PER', 'I-PER'],
        ['B-LOC', 'O'],
      ],
      [
        ['B-PER', 'I-LOC'],
        ['B-PER', 'O'],
      ],
    );
    // Sentence 1: gold one span (0..2), predicted two (0..1, 1..2): no hit. Sentence 2: a hit with the wrong type.
    expect(r.spans).toEqual({ precision: 1 / 3, recall: 1 / 2, f1: (2 * (1 / 3) * (1 / 2)) / (1 / 3 + 1 / 2) });
    expect(r.f1).toBe(0);
    expect(evaluate([['O']], [['O']]).spans).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('builds a token-level confusion matrix, gold rows and predicted columns', () => {
    const r = evaluate([['B-PER', 'I-PER', 'O', 'B-LOC', 'O']], [['B-PER', 'O', 'B-ORG', 'I-LOC', 'O']]);
    expect(r.confusion.labels).toEqual(['LOC', 'ORG', 'PER', 'O']);
    expect(r.confusion.matrix).toEqual([
      [1, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 1, 1],
      [0, 1, 0, 1],
    ]);
  });

  it('fails clearly on mismatched lengths and bad tags', () => {
    expect(() => evaluate([['O']], [])).toThrow(/gold has 1 sentences but the prediction has 0/);
    expect(() => evaluate([['O'], ['O', 'B-PER']], [['O'], ['O']])).toThrow(/sentence 2: gold has 2 tags but the prediction has 1/);
    expect(() => evaluate([['O', 'B-PER']], [['O', 'B_PER']])).toThrow(/prediction sentence 1, token 2: "B_PER" is not a tag/);
  });
});
