// Spans from tools that annotate characters or allow overlaps, made into what a flat tag set
// holds: whole tokens, at most one entity per token. Every change is counted for the warnings.

import type { TokenOffsets } from '../../contract/entities.js';
import type { TokenSpan } from './types.js';

/** A character span in code points, half-open, with whatever the caller carries along. */
export interface CharSpan<T> {
  start: number;
  end: number;
  data: T;
}

export interface SnapCounts {
  /** Spans whose ends fell inside a token and were widened to the whole token. */
  snapped: number;
  /** Spans over whitespace only, which cover no token and were left out. */
  empty: number;
}

/**
 * Token spans for character spans: each widened to the tokens it touches. `tokens` are sorted
 * and disjoint, as every reader makes them.
 */
export function snapToTokens<T>(
  spans: readonly CharSpan<T>[],
  tokens: readonly TokenOffsets[],
  counts: SnapCounts,
): { start: number; end: number; data: T }[] {
  const out: { start: number; end: number; data: T }[] = [];
  for (const s of spans) {
    const first = firstEndingAfter(tokens, s.start);
    let last = first - 1;
    while (last + 1 < tokens.length && (tokens[last + 1] as TokenOffsets).start < s.end) last++;
    if (last < first) {
      counts.empty++;
      continue;
    }
    const exact = (tokens[first] as TokenOffsets).start === s.start && (tokens[last] as TokenOffsets).end === s.end;
    if (!exact) counts.snapped++;
    out.push({ start: first, end: last + 1, data: s.data });
  }
  return out;
}

/** Index of the first token that ends after `at` (binary search). */
function firstEndingAfter(tokens: readonly TokenOffsets[], at: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as TokenOffsets).end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Overlapping, nested or stacked spans reduced to disjoint ones: the longest span wins, then the
 * earliest; the rest are counted in `dropped`. Returned in reading order.
 */
export function flatten<S extends TokenSpan>(spans: readonly S[], counts: { dropped: number }): S[] {
  const order = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken: S[] = [];
  for (const s of order) {
    if (taken.some((t) => s.start < t.end && t.start < s.end)) counts.dropped++;
    else taken.push(s);
  }
  return taken.sort((a, b) => a.start - b.start);
}
