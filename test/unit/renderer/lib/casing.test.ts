import { describe, expect, it } from 'vitest';
import type { CasingConventions } from '../../../../src-main/contract/entities.js';
import { casingLines } from '../../../../src-renderer/lib/casing.js';

const base: CasingConventions = {
  lang: 'de',
  words: 224311,
  casedShare: 1,
  sentenceStartsCapitalised: 0.99,
  midSentenceCapitalised: 0.33,
  commonWords: { dictionary: 'en-de', sourceLang: 'en', words: 4464, capitalised: 2385 },
  convention: 'capitalises-common-words',
};

describe('casingLines', () => {
  it('gives the verdict with its evidence, the figures, and what training does', () => {
    const lines = casingLines(base);
    expect(lines.verdict).toBe(
      'Capitalises common words: yes, 53% of 4,464 dictionary translations of common en words (“en-de”) appear capitalised mid-sentence',
    );
    expect(lines.figures).toEqual([
      '224,311 words, 100% in a script with letter case',
      '99% of sentences start with a capital',
      '33% of words in mid-sentence are capitalised',
    ]);
    expect(lines.training).toMatch(/^A capital does not mark a name here/);
    expect(lines.hard).toBe(true);
  });

  it('says an English-like language is not hard, and a caseless one is', () => {
    const names = casingLines({ ...base, convention: 'capitalises-names', commonWords: { ...base.commonWords!, capitalised: 131 } });
    expect(names.verdict).toMatch(/^Capitalises common words: no, 3% of 4,464/);
    expect(names.hard).toBe(false);
    const caseless = casingLines({
      ...base,
      casedShare: 0,
      sentenceStartsCapitalised: null,
      midSentenceCapitalised: null,
      commonWords: null,
      convention: 'caseless',
    });
    expect(caseless).toMatchObject({ verdict: 'No letter case: its script has no capitals', hard: true });
    expect(caseless.figures).toEqual(['224,311 words, 0% in a script with letter case']);
  });

  it('says what is missing when it cannot tell', () => {
    expect(casingLines({ ...base, commonWords: null, convention: 'unknown' }).verdict).toBe(
      'Capitalises common words: unknown; import a dictionary into de to tell',
    );
    expect(
      casingLines({ ...base, commonWords: { ...base.commonWords!, words: 5, capitalised: 3 }, convention: 'unknown' }).verdict,
    ).toMatch(/^Capitalises common words: unknown, too little text \(60% of 5/);
    expect(casingLines({ ...base, words: 0, convention: 'unknown' }).verdict).toBe('No sentences yet');
  });
});
