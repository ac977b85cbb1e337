import { describe, expect, it } from 'vitest';
import { decodeSentence, iob2Transitions, viterbi } from '../../../../../src-main/core/ml/model/decode.js';
import { entitiesOf } from '../../../../../src-main/core/eval/index.js';

const LABELS = ['O', 'B-LOC', 'I-LOC', 'B-PER', 'I-PER'];

function rows(...r: number[][]): Float32Array {
  return Float32Array.from(r.flat());
}

describe('IOB2-constrained decoding', () => {
  it('never emits I-X at the start, after O or after another type (random probabilities)', () => {
    const allowed = iob2Transitions(LABELS);
    let s = 12345;
    const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
    let sawInside = 0;
    for (let trial = 0; trial < 300; trial++) {
      const T = 1 + (trial % 9);
      const probs = new Float32Array(T * LABELS.length);
      for (let t = 0; t < T; t++) {
        let sum = 0;
        for (let k = 0; k < LABELS.length; k++) sum += probs[t * LABELS.length + k] = rand() ** 3;
        for (let k = 0; k < LABELS.length; k++) probs[t * LABELS.length + k]! /= sum;
      }
      const tags = viterbi(probs, T, LABELS.length, allowed).map((k) => LABELS[k]!);
      tags.forEach((tag, t) => {
        if (!tag.startsWith('I-')) return;
        sawInside += 1;
        expect(t).toBeGreaterThan(0);
        expect(tags[t - 1]!.slice(2)).toBe(tag.slice(2));
        expect(tags[t - 1]).not.toBe('O');
      });
    }
    expect(sawInside).toBeGreaterThan(10);
  });

  it('repairs an argmax I-LOC after O into the best valid sequence', () => {
    const probs = rows([0.9, 0.05, 0.01, 0.02, 0.02], [0.3, 0.2, 0.45, 0.03, 0.02], [0.5, 0.1, 0.3, 0.05, 0.05]);
    const argmax = [0, 2, 0].map((k) => LABELS[k]);
    expect(argmax).toEqual(['O', 'I-LOC', 'O']);
    // Valid candidates: O O O (.9*.3*.5=.135), O B-LOC O (.9*.2*.5=.09), O B-LOC I-LOC (.9*.2*.3=.054).
    expect(viterbi(probs, 3, 5, iob2Transitions(LABELS)).map((k) => LABELS[k])).toEqual(['O', 'O', 'O']);
    expect(viterbi(probs, 3, 5, null).map((k) => LABELS[k])).toEqual(argmax);
  });

  it('returns entities with mean chosen-tag probability and a normalised entropy', () => {
    const probs = rows([0.1, 0.8, 0.05, 0.03, 0.02], [0.1, 0.1, 0.6, 0.1, 0.1], [0.7, 0.1, 0.1, 0.05, 0.05]);
    const out = decodeSentence(probs, 3, LABELS, iob2Transitions(LABELS));
    expect(out.tags).toEqual(['B-LOC', 'I-LOC', 'O']);
    expect(out.entities).toHaveLength(1);
    expect(out.entities[0]!.start).toBe(0);
    expect(out.entities[0]!.end).toBe(2);
    expect(out.entities[0]!.label).toBe('LOC');
    expect(out.entities[0]!.confidence).toBeCloseTo((0.8 + 0.6) / 2, 6);
    const h = (p: number[]) => -p.reduce((a, x) => a + x * Math.log(x), 0);
    const expected = (h([0.1, 0.8, 0.05, 0.03, 0.02]) + h([0.1, 0.1, 0.6, 0.1, 0.1]) + h([0.7, 0.1, 0.1, 0.05, 0.05])) / 3 / Math.log(5);
    expect(out.uncertainty).toBeCloseTo(expected, 5);
    expect(out.probs[1]![2]).toBeCloseTo(0.6, 6);
    expect(entitiesOf(out.tags)).toEqual([{ start: 0, end: 2, label: 'LOC' }]);
  });

  it('gives uncertainty 1 for uniform and near 0 for one-hot probabilities', () => {
    const uniform = new Float32Array(2 * 5).fill(0.2);
    expect(decodeSentence(uniform, 2, LABELS, null).uncertainty).toBeCloseTo(1, 5);
    const sure = rows([1, 0, 0, 0, 0], [0, 0, 0, 1, 0]);
    const out = decodeSentence(sure, 2, LABELS, iob2Transitions(LABELS));
    expect(out.uncertainty).toBe(0);
    expect(out.entities).toEqual([{ start: 1, end: 2, label: 'PER', confidence: 1 }]);
  });
});
