// Pure helpers for the token view: reading-direction steps, selections and entity segments.

import type { Span } from '../../src-main/contract/entities.js';

/** One logical step for a visual arrow: in right-to-left text the right arrow goes backwards. */
export function logicalStep(visual: 'left' | 'right', direction: 'ltr' | 'rtl'): -1 | 1 {
  const forward = visual === 'right';
  return forward === (direction === 'ltr') ? 1 : -1;
}

export function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** Half-open token range covered by the anchor..focus selection (a single token without anchor). */
export function selectionRange(focus: number, anchor: number | null): { start: number; end: number } {
  if (anchor === null) return { start: focus, end: focus + 1 };
  return { start: Math.min(anchor, focus), end: Math.max(anchor, focus) + 1 };
}

export function spanAt(spans: readonly Span[], token: number): Span | undefined {
  return spans.find((s) => s.start <= token && token < s.end);
}

/**
 * The range a label key applies to: an explicit selection wins; otherwise the whole entity under
 * focus (so relabelling a wrong type, the most common correction, is one key); otherwise the token.
 */
export function labelTarget(spans: readonly Span[], focus: number, anchor: number | null): { start: number; end: number } {
  if (anchor !== null && anchor !== focus) return selectionRange(focus, anchor);
  const span = spanAt(spans, focus);
  return span ? { start: span.start, end: span.end } : { start: focus, end: focus + 1 };
}

/** A span as shown: `pending` while the core has not yet saved the edit that made it. */
export type ShownSpan = Span & { pending?: boolean };

/** An edit on its way to the core: a label over tokens, or (label null) a removal. */
export interface PendingEdit {
  seq: number;
  start: number;
  end: number;
  label: string | null;
}

/**
 * The spans to draw while edits are in flight. A pending label replaces the spans it overlaps,
 * token for token as the core will; a pending removal hides its span. Pending spans are marked,
 * so the view can show them as "saving" rather than as done.
 */
export function overlayPending(spans: readonly Span[], pending: readonly PendingEdit[]): ShownSpan[] {
  let out: ShownSpan[] = [...spans];
  for (const p of pending) {
    out = out.filter((s) => s.end <= p.start || s.start >= p.end);
    if (p.label !== null) {
      out.push({ start: p.start, end: p.end, label: p.label, provenance: 'gold', confidence: null, modelId: null, pending: true });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export type Segment = { kind: 'token'; index: number } | { kind: 'entity'; span: ShownSpan; indices: number[] };

/** Splits a sentence's tokens into runs: single tokens outside entities, grouped tokens inside. */
export function segments(tokenCount: number, spans: readonly ShownSpan[]): Segment[] {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let next = 0;
  for (const span of sorted) {
    const start = Math.max(span.start, next);
    const end = Math.min(span.end, tokenCount);
    if (start >= end) continue;
    for (; next < start; next++) out.push({ kind: 'token', index: next });
    const indices: number[] = [];
    for (let i = start; i < end; i++) indices.push(i);
    out.push({ kind: 'entity', span, indices });
    next = end;
  }
  for (; next < tokenCount; next++) out.push({ kind: 'token', index: next });
  return out;
}

/** The token strings of a sentence, sliced by code point as every offset in the contract is. */
export function tokenTexts(text: string, tokens: readonly { start: number; end: number }[]): string[] {
  const points = Array.from(text);
  return tokens.map((t) => points.slice(t.start, t.end).join(''));
}

/** For each token, whether whitespace separates it from the token before it in the text. */
export function tokenGaps(text: string, tokens: readonly { start: number; end: number }[]): boolean[] {
  const points = Array.from(text);
  return tokens.map((t, i) => {
    if (i === 0) return false;
    const gap = points.slice(tokens[i - 1]!.end, t.start).join('');
    return /\s/u.test(gap);
  });
}
