import { beforeAll, describe, expect, it } from 'vitest';
import {
  codeSwitchRng,
  codeSwitchSentences,
  initBackend,
  matchCase,
  trainTeacher,
  type CodeSwitchOptions,
  type TaggedSentence,
} from '../../../../../src-main/core/ml/index.js';
import { Rng } from '../../../../../src-main/core/ml/runtime/rng.js';
import { TINY, tinyCorpus } from '../../../../support/ml.js';
import { expectNoLeak } from '../../../../support/leaks.js';

beforeAll(async () => {
  await initBackend();
});

const DICT = new Map<string, string[]>([
  ['went', ['fue']],
  ['to', ['a']],
  ['met', ['conoció']],
  ['in', ['en']],
  ['today', ['el día de hoy', 'hoy']],
  ['the', ['el', 'la']],
  ['with', ['con']],
  ['new', ['nueva']],
  ['Paris', ['París']],
  ['ice', ['hielo helado']],
]);

const cs = (over: Partial<CodeSwitchOptions> = {}): CodeSwitchOptions => ({ dictionary: DICT, p: 0.6, ...over });

describe('codeSwitchSentences', () => {
  const train = tinyCorpus(600);
  const eligible = (keepNames: boolean) =>
    train.reduce(
      (n, s) =>
        n +
        s.tokens.filter((t, k) => (DICT.has(t) || DICT.has(t.toLowerCase())) && t !== 'ice' && !(keepNames && s.tags![k] !== 'O')).length,
      0,
    );
  const changed = (a: readonly TaggedSentence[]) =>
    a.reduce((n, s, i) => n + s.tokens.filter((t, k) => t !== train[i]!.tokens[k]).length, 0);

  it('replaces words with a translation at rate p, keeps tags and token counts, and never touches other words', () => {
    const out = codeSwitchSentences(train, cs({ p: 0.6 }), new Rng(3));
    const total = eligible(false);
    expect(total).toBeGreaterThan(1500);
    // 1500+ Bernoulli(0.6) draws: the standard deviation of the rate is about 0.013.
    expect(changed(out) / total).toBeGreaterThan(0.55);
    expect(changed(out) / total).toBeLessThan(0.65);
    const seen = new Set<string>();
    out.forEach((s, i) => {
      expect(s.tags).toEqual(train[i]!.tags);
      expect(s.tokens.length).toBe(train[i]!.tokens.length);
      s.tokens.forEach((t, k) => {
        const src = train[i]!.tokens[k]!;
        if (t === src) return;
        seen.add(t);
        const options = DICT.get(src) ?? DICT.get(src.toLowerCase())!;
        expect(options.map((o) => matchCase(src, o))).toContain(t);
      });
    });
    // Both translations of "the" are drawn; "New" is found lowercased and capitalised back;
    // the multi-word translation of "today" never appears.
    expect([...seen].sort()).toEqual(['Nueva', 'París', 'a', 'con', 'conoció', 'el', 'en', 'fue', 'hoy', 'la'].sort());
    expect(changed(codeSwitchSentences(train, cs({ p: 0 }), new Rng(3)))).toBe(0);
    expect(changed(codeSwitchSentences(train, cs({ p: 1 }), new Rng(3)))).toBe(total);
  });

  it('with keepNames, leaves every entity token as it is', () => {
    const out = codeSwitchSentences(train, cs({ p: 1, keepNames: true }), new Rng(5));
    expect(changed(out)).toBe(eligible(true));
    expect(eligible(true)).toBeLessThan(eligible(false));
    out.forEach((s, i) => s.tokens.forEach((t, k) => train[i]!.tags![k] !== 'O' && expect(t).toBe(train[i]!.tokens[k])));
    expect(out.some((s) => s.tokens.includes('París') || s.tokens.includes('Nueva'))).toBe(false);
  });

  it('draws from the epoch generator: the same epoch repeats, another epoch differs', () => {
    const a = codeSwitchSentences(train, cs(), codeSwitchRng(11, 'teacher-recognizer', 2));
    const b = codeSwitchSentences(train, cs(), codeSwitchRng(11, 'teacher-recognizer', 2));
    const c = codeSwitchSentences(train, cs(), codeSwitchRng(11, 'teacher-recognizer', 3));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('translate mode uses the first single-word translation of every word, without a generator', () => {
    const out = codeSwitchSentences(
      [{ tokens: ['The', 'ice', 'went', 'to', 'Paris', 'today'], tags: ['O', 'O', 'O', 'O', 'B-LOC', 'O'] }],
      cs({ mode: 'translate', p: 0 }),
      null,
    );
    expect(out[0]!.tokens).toEqual(['El', 'ice', 'fue', 'a', 'París', 'hoy']);
    expect(out[0]!.tags).toEqual(['O', 'O', 'O', 'O', 'B-LOC', 'O']);
  });

  it('cases a translation like its source', () => {
    expect(matchCase('The', 'el')).toBe('El');
    expect(matchCase('THE', 'el')).toBe('EL');
    expect(matchCase('the', 'el')).toBe('el');
    expect(matchCase('I', 'yo')).toBe('Yo');
    expect(matchCase('NEW', 'nueva')).toBe('NUEVA');
    expect(matchCase('3D', 'tres')).toBe('tres');
  });
});

describe('trainTeacher with code-switching', () => {
  const base = { train: tinyCorpus(30), encoder: { ...TINY, wordMinCount: 2 }, epochs: 1, evaluatorEpochs: 1, batchSize: 8, seed: 3 };

  it('puts the translations training will see into the vocabulary, by their expected counts, and records the settings', async () => {
    await expectNoLeak(async () => {
      const dict = new Map<string, string[]>([...DICT, ['saw', ['vio']], ['Oslo', ['Oslo_es']]]);
      const model = await trainTeacher({
        ...base,
        train: [...base.train, { tokens: ['Bruno', 'saw', 'Oslo'], tags: ['B-PER', 'O', 'B-LOC'] }],
        codeSwitch: { dictionary: dict, p: 0.6, keepNames: true },
      });
      const words = new Set(model.spec.vocab.words);
      for (const w of ['fue', 'a', 'en', 'hoy', 'el', 'la', 'con']) expect(words, w).toContain(w);
      // "saw" occurs once in this corpus, so "vio" is expected 0.6 times, under the minimum of 2;
      // entity tokens are kept, so the translation of a name never appears.
      expect(words).not.toContain('vio');
      expect(words).not.toContain('parís');
      expect(words).toContain('went');
      expect(model.summary?.options.codeSwitch).toEqual({ dictionaryWords: dict.size, p: 0.6, mode: 'dynamic', keepNames: true });
      expect(JSON.stringify(model.summary?.options)).not.toContain('conoció');
      model.dispose();
    });
  });

  it('translate-train trains on the translated sentences: source words that were always translated are gone', async () => {
    await expectNoLeak(async () => {
      const model = await trainTeacher({ ...base, codeSwitch: { dictionary: DICT, p: 0.6, mode: 'translate' } });
      const words = new Set(model.spec.vocab.words);
      for (const w of ['fue', 'a', 'en', 'el', 'hoy', 'nueva']) expect(words, w).toContain(w);
      for (const w of ['went', 'to', 'in', 'the', 'la']) expect(words, w).not.toContain(w);
      expect(model.summary?.options.codeSwitch).toMatchObject({ mode: 'translate' });
      model.dispose();
    });
  });

  it('refuses a probability outside [0, 1]', async () => {
    await expect(trainTeacher({ ...base, codeSwitch: { dictionary: DICT, p: 1.5 } })).rejects.toThrow(/between 0 and 1/);
  });
});
