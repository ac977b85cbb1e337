import { describe, expect, it } from 'vitest';
import { codeSwitchDigest, codeSwitchSentences, translationCounts, type TaggedSentence } from '../../../../../src-main/core/ml/index.js';
import { castTranslation, restyleSentences, targetCasing } from '../../../../../src-main/core/ml/data/target-casing.js';
import { targetConventions } from '../../../../../src-main/core/ml/data/target-conventions.js';
import { falseFriends } from '../../../../../src-main/core/ml/data/vocab.js';
import { Rng } from '../../../../../src-main/core/ml/runtime/rng.js';
import { CasingProfile } from '../../../../../src-main/core/text/casing-profile.js';
import { dictionary, sourceCorpus, targetText, type Convention } from '../../../../support/casing.js';

const casingOf = (convention: Convention) => targetCasing(CasingProfile.learn(targetText(convention, 300).map((s) => s.tokens)));
const SENTENCE: TaggedSentence = {
  tokens: ['Alice', 'saw', 'the', 'house', 'in', 'Paris', 'on', 'Monday', '.'],
  tags: ['B-PER', 'O', 'O', 'O', 'O', 'B-LOC', 'O', 'O', 'O'],
};
const translate = (convention: Convention) => {
  const d = dictionary(convention);
  return (token: string) => d.get(token) ?? d.get(token.toLowerCase()) ?? [];
};

describe('castTranslation', () => {
  it('writes a switched word as the target writes it: a noun capitalised in a German-like language, tag O', () => {
    const nouns = casingOf('nouns');
    expect(castTranslation(nouns, 'house', 'hus', 'mid', 'O')).toBe('Hus');
    expect(castTranslation(nouns, 'saw', 'sag', 'mid', 'O')).toBe('sag');
    expect(castTranslation(casingOf('names'), 'house', 'hus', 'mid', 'O')).toBe('hus');
    // English capitalises weekdays, the target does not.
    expect(castTranslation(casingOf('names'), 'Monday', 'mandag', 'mid', 'O')).toBe('mandag');
  });

  it('keeps names, headlines and sentence starts capitalised, and falls back to the source word where the target says nothing', () => {
    const nouns = casingOf('nouns');
    expect(castTranslation(nouns, 'Paris', 'paris', 'mid', 'B-LOC')).toBe('Paris');
    expect(castTranslation(nouns, 'HOUSE', 'hus', 'mid', 'O')).toBe('HUS');
    expect(castTranslation(nouns, 'The', 'den', 'start', 'O')).toBe('Den');
    expect(castTranslation(nouns, 'unknown', 'ukjent', 'mid', 'O')).toBe('ukjent');
    expect(castTranslation(nouns, 'Unknown', 'ukjent', 'mid', 'O')).toBe('Ukjent');
    expect(castTranslation(undefined, 'house', 'hus', 'mid', 'O')).toBe('hus');
    expect(castTranslation(undefined, 'The', 'den', 'start', 'O')).toBe('Den');
  });

  it('writes every switched word in lower case for a target without capitals', () => {
    for (const convention of ['lowercase', 'caseless'] as const) {
      const casing = casingOf(convention);
      expect(castTranslation(casing, 'The', 'Den', 'start', 'O')).toBe('den');
      expect(castTranslation(casing, 'Paris', 'Paris', 'mid', 'B-LOC')).toBe('paris');
    }
    expect(castTranslation(casingOf('caseless'), 'house', 'بيت', 'mid', 'O')).toBe('بيت');
  });
});

describe('code-switching with the target casing', () => {
  const train = sourceCorpus(200);
  const cs = { dictionary: dictionary('nouns'), p: 1, casing: casingOf('nouns') };

  it('inserts the nouns capitalised and tagged O, and counts the vocabulary words as inserted', () => {
    const [out] = codeSwitchSentences([SENTENCE], cs, new Rng(1));
    expect(out!.tokens).toEqual(['Alice', 'sag', 'den', 'Hus', 'i', 'Paris', 'on', 'mandag', '.']);
    expect(out!.tags).toEqual(SENTENCE.tags);
    const counts = translationCounts(train, cs);
    expect(counts.get('Hus')! + (counts.get('Bil') ?? 0)).toBeGreaterThan(0);
    expect(counts.has('hus')).toBe(false);
    expect(counts.get('mandag')).toBe(200);
  });

  it('changes the checkpoint digest: the same dictionary cased otherwise gives other sentences', () => {
    const plain = { dictionary: cs.dictionary, p: 1 };
    expect(codeSwitchDigest(cs)).not.toBe(codeSwitchDigest(plain));
    expect(codeSwitchDigest(cs)).toBe(codeSwitchDigest({ ...plain, casing: casingOf('nouns') }));
  });
});

describe('restyleSentences', () => {
  it("capitalises the source's nouns outside names for a German-like target, and leaves verbs and names", () => {
    const { sentences, changed } = restyleSentences([SENTENCE], casingOf('nouns'), translate('nouns'));
    expect(sentences[0]!.tokens).toEqual(['Alice', 'saw', 'the', 'House', 'in', 'Paris', 'on', 'monday', '.']);
    expect(sentences[0]!.tags).toEqual(SENTENCE.tags);
    expect(changed).toBe(2);
  });

  it('changes only what an English-like target writes otherwise (its weekdays), and nothing without a dictionary', () => {
    const r = restyleSentences([SENTENCE], casingOf('names'), translate('names'));
    expect(r.sentences[0]!.tokens[7]).toBe('monday');
    expect(r.changed).toBe(1);
    const none = restyleSentences([SENTENCE], casingOf('nouns'), () => []);
    expect(none).toEqual({ sentences: [SENTENCE], changed: 0 });
  });

  it('lowercases whole sentences, names included, for a caseless or lower-case target', () => {
    for (const convention of ['caseless', 'lowercase'] as const) {
      const r = restyleSentences([SENTENCE], casingOf(convention), () => []);
      expect(r.sentences[0]!.tokens).toEqual(SENTENCE.tokens.map((t) => t.toLowerCase()));
      expect(r.changed).toBe(3);
    }
  });
});

describe('falseFriends with a casing profile', () => {
  // The source has "Bank" and "Rat" only inside names; the target uses them as everyday nouns.
  const source: string[][] = [];
  for (let k = 0; k < 20; k++) source.push(['Deutsche', 'Bank', 'and', 'the', 'Rat', 'Pack', 'met', 'the', 'council', '.']);
  for (let k = 0; k < 400; k++) source.push(['the', 'talks', 'went', 'on', '.']);
  const target: string[][] = [];
  for (let k = 0; k < 100; k++) target.push(['Die', 'Bank', 'und', 'der', 'Rat', 'tagten', 'in', 'Bonn', '.']);
  const profile = CasingProfile.learn(target);

  it('finds capitalised everyday words when a dictionary says they translate common source words', () => {
    expect(falseFriends(source, profile).size).toBe(0);
    const found = falseFriends(source, profile, { common: new Set(['bank', 'rat']) });
    expect([...found].sort()).toEqual(['bank', 'rat']);
  });

  it('treats words of a caseless script as everyday words: only frequency decides', () => {
    const src = [...source, ['قال', 'the', 'talks']];
    const tgt = CasingProfile.learn(Array.from({ length: 50 }, () => ['قال', 'الرئيس', '.']));
    expect([...falseFriends(src, tgt)]).toEqual(['قال']);
  });
});

describe('targetConventions', () => {
  const train = sourceCorpus(100);

  it('recases the training sentences and their switching for a German-like target, and records why', () => {
    const c = targetConventions({ train, targetText: targetText('nouns', 300), codeSwitch: { dictionary: dictionary('nouns'), p: 0.6 } });
    expect(c.summary).toMatchObject({ convention: 'capitalises-common-words', casing: 'target' });
    // Every "Monday", and the nouns.
    expect(c.summary!.recasedWords).toBeGreaterThan(100);
    expect(c.train[0]!.tokens[2]).toMatch(/^\p{Lu}/u);
    expect(c.train[0]!.tokens[2]!.toLowerCase()).toBe(train[0]!.tokens[2]);
    expect(c.codeSwitch?.casing?.profile.usualShape('hus')).toBe('capitalised');
    expect(c.digest).toMatch(/^casing=/);
  });

  it('leaves the sentences alone when switched off, and has nothing to say without target text', () => {
    const off = targetConventions({ train, targetText: targetText('nouns', 300), targetCasing: false, vocabFilter: false });
    expect(off).toMatchObject({ train, digest: undefined, summary: { casing: 'source', recasedWords: 0 } });
    expect(off.exclude.size).toBe(0);
    expect(targetConventions({ train })).toMatchObject({ train, exclude: new Set(), digest: undefined, summary: undefined });
  });

  it('gives each source group its own dictionary for recasing', () => {
    const c = targetConventions({
      train,
      targetText: targetText('nouns', 300),
      sources: [
        { start: 0, end: 50, codeSwitch: { dictionary: dictionary('nouns'), p: 0.6 } },
        { start: 50, end: 100 },
      ],
    });
    expect(c.train).toHaveLength(100);
    expect(
      c.train.slice(0, 50).every((s, i) => s !== train[i] && s.tokens.join(' ').toLowerCase() === train[i]!.tokens.join(' ').toLowerCase()),
    ).toBe(true);
    expect(c.train.slice(50)).toEqual(train.slice(50));
    expect(c.sources![0]!.codeSwitch!.casing).toBeDefined();
    expect(c.sources![1]!.codeSwitch).toBeUndefined();
  });
});
