import { describe, expect, it } from 'vitest';
import type { Span } from '../../../../src-main/contract/entities.js';
import {
  labelTarget,
  logicalStep,
  overlayPending,
  segments,
  selectionRange,
  tokenGaps,
  tokenTexts,
} from '../../../../src-renderer/lib/tokens.js';

const span = (start: number, end: number, label = 'PER'): Span => ({
  start,
  end,
  label,
  provenance: 'gold',
  confidence: null,
  modelId: null,
});

describe('logicalStep', () => {
  it('follows the reading direction', () => {
    expect(logicalStep('right', 'ltr')).toBe(1);
    expect(logicalStep('left', 'ltr')).toBe(-1);
    expect(logicalStep('right', 'rtl')).toBe(-1);
    expect(logicalStep('left', 'rtl')).toBe(1);
  });
});

describe('selection and label targets', () => {
  it('selects from anchor to focus in either order', () => {
    expect(selectionRange(2, null)).toEqual({ start: 2, end: 3 });
    expect(selectionRange(2, 5)).toEqual({ start: 2, end: 6 });
    expect(selectionRange(5, 2)).toEqual({ start: 2, end: 6 });
  });

  it('labels the selection first, then the entity under focus, then the token', () => {
    const spans = [span(1, 3)];
    expect(labelTarget(spans, 4, 6)).toEqual({ start: 4, end: 7 });
    expect(labelTarget(spans, 2, null)).toEqual({ start: 1, end: 3 });
    expect(labelTarget(spans, 2, 2)).toEqual({ start: 1, end: 3 });
    expect(labelTarget(spans, 0, null)).toEqual({ start: 0, end: 1 });
  });
});

describe('segments', () => {
  it('groups entity tokens and keeps every token exactly once, in order', () => {
    const segs = segments(6, [span(4, 6, 'LOC'), span(1, 3)]);
    expect(segs.map((s) => (s.kind === 'token' ? s.index : s.indices))).toEqual([0, [1, 2], 3, [4, 5]]);
  });

  it('drops spans past the end or overlapping an earlier one instead of repeating tokens', () => {
    const segs = segments(3, [span(0, 2), span(1, 3), span(5, 7)]);
    const flat = segs.flatMap((s) => (s.kind === 'token' ? [s.index] : s.indices));
    expect(flat).toEqual([0, 1, 2]);
  });
});

describe('tokenTexts', () => {
  it('slices by code point, so astral characters keep their offsets', () => {
    const text = '𝒜b 東京 ok';
    expect(
      tokenTexts(text, [
        { start: 0, end: 2 },
        { start: 3, end: 4 },
        { start: 4, end: 5 },
        { start: 6, end: 8 },
      ]),
    ).toEqual(['𝒜b', '東', '京', 'ok']);
  });
});

describe('tokenGaps', () => {
  it('marks tokens that follow whitespace, not ones glued to the previous token', () => {
    expect(
      tokenGaps('Hi, you 北京', [
        { start: 0, end: 2 },
        { start: 2, end: 3 },
        { start: 4, end: 7 },
        { start: 8, end: 9 },
        { start: 9, end: 10 },
      ]),
    ).toEqual([false, false, true, true, false]);
  });
});

describe('overlayPending', () => {
  it('draws unsaved labels over the spans they will replace, and hides spans being removed', () => {
    const saved = [span(0, 2, 'PER'), span(4, 5, 'LOC')];
    const shown = overlayPending(saved, [
      { seq: 1, start: 1, end: 3, label: 'ORG' },
      { seq: 2, start: 4, end: 5, label: null },
    ]);
    expect(shown.map((s) => [s.start, s.end, s.label, s.pending ?? false])).toEqual([[1, 3, 'ORG', true]]);
    expect(overlayPending(saved, [])).toEqual(saved);
  });
});
