// Token pairs across two sentences: (i, j) means token i of sentence A and token j of sentence B,
// never "the same position in both".

import type { Rng } from '../runtime/rng.js';

/** The entity type of an IOB2 tag; O is a type of its own. */
export function typeOf(tag: string): string {
  return tag === 'O' ? 'O' : tag.slice(2);
}

export interface SampledPairs {
  i: number[];
  j: number[];
  /** 1 when the two tokens have the same entity type, else 0. */
  same: number[];
}

/**
 * Up to `cap` positive and as many negative token pairs of two tagged sentences, balanced: the
 * count of each is the smaller of the available positives and negatives (and cap).
 */
export function samplePairs(tagsA: readonly string[], tagsB: readonly string[], cap: number, rng: Rng): SampledPairs {
  const pos: [number, number][] = [];
  const neg: [number, number][] = [];
  for (let i = 0; i < tagsA.length; i++) {
    const ta = typeOf(tagsA[i]!);
    for (let j = 0; j < tagsB.length; j++) (typeOf(tagsB[j]!) === ta ? pos : neg).push([i, j]);
  }
  const n = Math.min(pos.length, neg.length, cap);
  const out: SampledPairs = { i: [], j: [], same: [] };
  for (const [list, label] of [
    [pos, 1],
    [neg, 0],
  ] as const) {
    const picked = pickDistinct(list.length, n, rng);
    for (const k of picked) {
      out.i.push(list[k]![0]);
      out.j.push(list[k]![1]);
      out.same.push(label);
    }
  }
  return out;
}

/** n distinct indices of [0, total), by a partial Fisher-Yates shuffle. */
function pickDistinct(total: number, n: number, rng: Rng): number[] {
  if (n <= 0) return [];
  const idx = Array.from({ length: total }, (_, k) => k);
  for (let k = 0; k < n; k++) {
    const r = k + rng.int(total - k);
    const tmp = idx[k]!;
    idx[k] = idx[r]!;
    idx[r] = tmp;
  }
  return idx.slice(0, n);
}

/**
 * Pairs sentences of a batch for the student: the first half with the second half (a batch is
 * length-bucketed, so partners have similar lengths); an odd last sentence pairs with the first.
 */
export function pairUp(count: number): [number, number][] {
  const half = Math.floor(count / 2);
  const out: [number, number][] = [];
  for (let k = 0; k < half; k++) out.push([k, half + k]);
  if (count % 2 === 1) out.push([count - 1, 0]);
  return out;
}
