import { describe, expect, it } from 'vitest';
import { convertTags, detectScheme, spansToTags, tagsToSpans } from '../../../../src-main/core/formats/index.js';

const spans = [
  { start: 0, end: 2, label: 'PER' },
  { start: 2, end: 3, label: 'PER' },
  { start: 4, end: 5, label: 'LOC' },
  { start: 5, end: 8, label: 'ORG' },
];

describe('tag schemes', () => {
  it('writes each scheme as it is defined', () => {
    expect(spansToTags(spans, 9, 'iob2')).toEqual(['B-PER', 'I-PER', 'B-PER', 'O', 'B-LOC', 'B-ORG', 'I-ORG', 'I-ORG', 'O']);
    // IOB1 uses B- only where an entity follows one of the same type.
    expect(spansToTags(spans, 9, 'iob1')).toEqual(['I-PER', 'I-PER', 'B-PER', 'O', 'I-LOC', 'I-ORG', 'I-ORG', 'I-ORG', 'O']);
    expect(spansToTags(spans, 9, 'bioes')).toEqual(['B-PER', 'E-PER', 'S-PER', 'O', 'S-LOC', 'B-ORG', 'I-ORG', 'E-ORG', 'O']);
  });

  it('converts losslessly between every pair of schemes', () => {
    for (const scheme of ['iob1', 'iob2', 'bioes'] as const) {
      const tags = spansToTags(spans, 9, scheme);
      expect(tagsToSpans(tags, scheme)).toEqual(spans);
      for (const to of ['iob1', 'iob2', 'bioes'] as const) expect(convertTags(tags, to)).toEqual(spansToTags(spans, 9, to));
    }
  });

  it('detects the scheme of a file, tolerating a stray tag', () => {
    expect(detectScheme([['I-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC']])).toBe('iob1');
    expect(detectScheme([['B-PER', 'I-PER', 'O', 'B-LOC']])).toBe('iob2');
    expect(detectScheme([['S-PER', 'O']])).toBe('bioes');
    expect(detectScheme([['O', 'O'], []])).toBe('iob2');
    // CoNLL-2002 Spanish: IOB2 with one entity that starts with I-.
    expect(detectScheme([['B-LOC', 'O', 'B-PER', 'I-PER'], ['I-LOC', 'I-LOC'], ['B-ORG']])).toBe('iob2');
    // CoNLL-2003 English: IOB1 with a B- that follows no entity of its type.
    expect(detectScheme([['I-LOC', 'O', 'I-PER', 'I-PER'], ['B-MISC'], ['I-ORG', 'O', 'I-ORG']])).toBe('iob1');
  });

  it('refuses spans that cannot be written', () => {
    expect(() => spansToTags([{ start: 0, end: 3, label: 'PER' }], 2, 'iob2')).toThrow(/outside a sentence of 2 tokens/);
    expect(() =>
      spansToTags(
        [
          { start: 0, end: 2, label: 'PER' },
          { start: 1, end: 2, label: 'LOC' },
        ],
        3,
        'iob2',
      ),
    ).toThrow(/overlap/);
    expect(() => spansToTags([{ start: 0, end: 1, label: 'A B' }], 1, 'iob2')).toThrow(/empty or has spaces/);
  });
});
