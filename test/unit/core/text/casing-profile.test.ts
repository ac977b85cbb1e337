import { describe, expect, it } from 'vitest';
import { casingConventions } from '../../../../src-main/core/text/casing-conventions.js';
import {
  CasingProfile,
  caseShape,
  commonSourceWords,
  commonTranslations,
  withShape,
  wordPositions,
} from '../../../../src-main/core/text/casing-profile.js';
import { dictionary, sourceCorpus, targetText, type Convention } from '../../../support/casing.js';

const profileOf = (convention: Convention, count = 300) => CasingProfile.learn(targetText(convention, count).map((s) => s.tokens));

function conventionsOf(convention: Convention, count = 300) {
  const common = commonTranslations(dictionary(convention), commonSourceWords(sourceCorpus(200)));
  return casingConventions('xx', profileOf(convention, count), { dictionary: 'en-xx', sourceLang: 'en', translations: common });
}

describe('caseShape and withShape', () => {
  it('tell lower, capitalised, all-capital, mixed and caseless words apart, in any cased script', () => {
    expect(caseShape('straße')).toBe('lower');
    expect(caseShape('Straße')).toBe('capitalised');
    expect(caseShape('Ελλάδα')).toBe('capitalised');
    expect(caseShape('МОСКВА')).toBe('upper');
    expect(caseShape('A')).toBe('capitalised');
    expect(caseShape("d'Alembert")).toBe('mixed');
    expect(caseShape('iPhone')).toBe('mixed');
    expect(caseShape('東京')).toBe('caseless');
    expect(caseShape('القاهرة')).toBe('caseless');
    expect(caseShape('1996')).toBeNull();
    expect(caseShape('.')).toBeNull();
  });

  it('write a word in a shape, leaving mixed and caseless shapes and uncased heads alone', () => {
    expect(withShape('hus', 'capitalised')).toBe('Hus');
    expect(withShape('ÉCOLE', 'capitalised')).toBe('École');
    expect(withShape('Hus', 'lower')).toBe('hus');
    expect(withShape('onu', 'upper')).toBe('ONU');
    expect(withShape("'t", 'capitalised')).toBe("'T");
    expect(withShape('iPhone', 'mixed')).toBe('iPhone');
    expect(withShape('東京', 'capitalised')).toBe('東京');
  });
});

describe('wordPositions', () => {
  it('counts a word as mid-sentence only after a word, a number or a comma', () => {
    expect(wordPositions(['The', 'Haus', ',', 'das', '3', 'Kinder', ':', 'Wir', '"', 'Hallo', '.', 'Dann', 'x'])).toEqual([
      'start',
      'mid',
      null,
      'mid',
      null,
      'mid',
      null,
      'other',
      null,
      'other',
      null,
      'start',
      'mid',
    ]);
    expect(wordPositions(['-', '"', 'Wer', 'kommt', '?', 'Ich', '!'])).toEqual([null, null, 'start', 'mid', null, 'start', null]);
  });
});

describe('CasingProfile', () => {
  it('learns how an English-like text writes each word mid-sentence, and that it starts sentences with a capital', () => {
    const p = profileOf('names');
    expect(p.hasCase).toBe(true);
    expect(p.writesCapitals).toBe(true);
    expect(p.capitalisesSentenceStarts).toBe(true);
    expect(p.usualShape('hus')).toBe('lower');
    expect(p.usualShape('HUS')).toBe('lower');
    expect(p.usualShape('Paris')).toBe('capitalised');
    expect(p.usualShape('never-seen')).toBeNull();
    expect(p.looksCommon('hus')).toBe(true);
    expect(p.looksCommon('oslo')).toBe(false);
    // A word that only starts sentences gives no evidence of its own shape.
    const starts = CasingProfile.learn([
      ['Den', 'hus', '.'],
      ['Den', 'bil', '.'],
    ]);
    expect(starts.word('den')).toMatchObject({ count: 2, mid: 0 });
    expect(starts.usualShape('den')).toBeNull();
    expect(starts.looksCommon('den')).toBeNull();
  });

  it('learns that a German-like text capitalises its nouns but not its verbs', () => {
    const p = profileOf('nouns');
    expect(p.usualShape('hus')).toBe('capitalised');
    expect(p.usualShape('sag')).toBe('lower');
    expect(p.agreedShape(['hus', 'bil', 'never-seen'])).toBe('capitalised');
    expect(p.agreedShape(['hus', 'sag'])).toBeNull();
    expect(p.agreedShape([])).toBeNull();
  });

  it('needs two mid-sentence occurrences and a 60% majority before it trusts a shape', () => {
    const p = CasingProfile.learn([
      ['a', 'Bank'],
      ['a', 'bank'],
      ['a', 'Bank'],
      ['a', 'Rat'],
      ['a', 'Haus'],
      ['a', 'Haus'],
      ['a', 'Haus'],
      ['a', 'haus'],
      ['a', 'haus'],
      ['a', 'Tor'],
      ['a', 'tor'],
      ['Tor', '.'],
    ]);
    expect(p.usualShape('bank')).toBe('capitalised');
    expect(p.usualShape('haus')).toBe('capitalised');
    expect(p.usualShape('rat')).toBeNull();
    // Half and half in mid-sentence; the sentence-initial "Tor" is no evidence.
    expect(p.usualShape('tor')).toBeNull();
  });

  it('knows a caseless script and text written without capitals', () => {
    const caseless = profileOf('caseless');
    expect(caseless.hasCase).toBe(false);
    expect(caseless.writesCapitals).toBe(false);
    expect(caseless.usualShape('بيت')).toBeNull();
    expect(caseless.looksCommon('بيت')).toBe(true);
    const lower = profileOf('lowercase');
    expect(lower.hasCase).toBe(true);
    expect(lower.writesCapitals).toBe(false);
    expect(lower.capitalisesSentenceStarts).toBe(false);
    expect(lower.usualShape('paris')).toBe('lower');
  });

  it('gives the same digest for the same text and another for other text', () => {
    expect(profileOf('nouns').digest()).toBe(profileOf('nouns').digest());
    expect(profileOf('nouns').digest()).not.toBe(profileOf('names').digest());
  });
});

describe('commonSourceWords and commonTranslations', () => {
  it("take the source's words outside names from its tags, or from lower case when it has none", () => {
    const tagged = commonSourceWords(sourceCorpus(50));
    expect(tagged.has('house')).toBe(true);
    expect(tagged.has('monday')).toBe(true);
    expect(tagged.has('paris')).toBe(false);
    const untagged = commonSourceWords([{ tokens: ['Then', 'Alice', 'saw', 'the', 'house', '.'] }]);
    expect([...untagged].sort()).toEqual(['house', 'saw', 'the']);
    const translations = commonTranslations(
      new Map([
        ['house', ['hus', 'ein haus']],
        ['paris', ['paris']],
      ]),
      tagged,
    );
    expect([...translations]).toEqual(['hus']);
  });
});

describe('casingConventions', () => {
  it('tells each convention from its text and a dictionary', () => {
    const names = conventionsOf('names');
    expect(names.convention).toBe('capitalises-names');
    expect(names.commonWords).toMatchObject({ dictionary: 'en-xx', sourceLang: 'en', capitalised: 0 });
    // Nouns, verbs, "i" and "mandag".
    expect(names.commonWords!.words).toBeGreaterThanOrEqual(20);
    expect(names.sentenceStartsCapitalised).toBe(1);
    const nouns = conventionsOf('nouns');
    expect(nouns.convention).toBe('capitalises-common-words');
    expect(nouns.commonWords!.capitalised / nouns.commonWords!.words).toBeGreaterThan(0.6);
    expect(nouns.midSentenceCapitalised).toBeGreaterThan(names.midSentenceCapitalised!);
    expect(conventionsOf('caseless')).toMatchObject({ convention: 'caseless', casedShare: 0, midSentenceCapitalised: null });
    expect(conventionsOf('lowercase')).toMatchObject({
      convention: 'no-capitals',
      sentenceStartsCapitalised: 0,
      midSentenceCapitalised: 0,
    });
  });

  it('says unknown without a dictionary to tell common words from names, or with too little text', () => {
    expect(casingConventions('xx', profileOf('nouns')).convention).toBe('unknown');
    expect(conventionsOf('nouns', 10).convention).toBe('unknown');
    expect(casingConventions('xx', CasingProfile.learn([]))).toMatchObject({ words: 0, casedShare: 0, convention: 'unknown' });
  });
});
