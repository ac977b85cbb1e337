import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../../src-main/core/ml/runtime/rng.js';
import {
  buildVocab,
  casingOf,
  CASINGS,
  extendVocab,
  falseFriends,
  foldChar,
  makeWordBatch,
  normalizeWord,
  UNK,
  VocabIndex,
} from '../../../../../src-main/core/ml/data/vocab.js';
import { CasingProfile } from '../../../../../src-main/core/text/casing-profile.js';

describe('vocabulary', () => {
  it('normalises words to lowercase with digits as 0 and folds accents of characters', () => {
    expect(normalizeWord('Madrid-2024')).toBe('madrid-0000');
    expect(normalizeWord('١٢')).toBe('00');
    expect(foldChar('é', true)).toBe('e');
    expect(foldChar('é', false)).toBe('é');
    expect(foldChar('ß', true)).toBe('ß');
  });

  it('classifies casing', () => {
    const name = (w: string) => CASINGS[casingOf(w)];
    expect(['the', 'EU', 'Paris', 'A', 'G8', '(', 'iPhone', 'Jean-Luc', '北京'].map(name)).toEqual([
      'lower',
      'upper',
      'title',
      'title',
      'digit',
      'punct',
      'other',
      'other',
      'lower',
    ]);
  });

  it('keeps words seen minCount times, most frequent first, after padding and unknown', () => {
    const v = buildVocab(
      [
        ['a', 'b', 'a'],
        ['c', 'A'],
      ],
      { minCount: 2, foldChars: true },
    );
    expect(v.words).toEqual(['<pad>', '<unk>', 'a']);
    expect(v.chars).toEqual(['<pad>', '<unk>', 'A', 'a', 'b', 'c']);
    expect(buildVocab([['a', 'a', 'b', 'b']], { minCount: 1, foldChars: true, exclude: new Set(['a']) }).words).toEqual([
      '<pad>',
      '<unk>',
      'b',
    ]);
  });

  it('extends a vocabulary with the new words and characters of other text only', () => {
    const base = buildVocab([['the', 'the', 'Paris']], { minCount: 1, foldChars: true });
    const ext = extendVocab(base, [['el', 'el', 'Paris', 'ñu']], { minCount: 2, foldChars: false });
    expect(ext.words.slice(0, base.words.length)).toEqual(base.words);
    expect(ext.words.slice(base.words.length)).toEqual(['el']);
    expect(ext.chars.slice(base.chars.length)).toEqual(['l', 'u', 'ñ']);
  });

  it('finds false friends: source words the target writes as frequent lowercase words mid-sentence', () => {
    const source: string[][] = [];
    for (let k = 0; k < 40; k++) source.push(['The', 'president', 'of', 'El', 'Salvador', 'met', 'de', 'Klerk', 'in', 'Barcelona', '.']);
    for (let k = 0; k < 400; k++) source.push(['the', 'talks', 'went', 'on', '.']);
    const target: string[][] = [];
    for (let k = 0; k < 100; k++)
      target.push(['El', 'presidente', 'de', 'el', 'Barcelona', 'llegó', 'a', 'la', 'ciudad', 'de', 'Barcelona', '.']);
    const found = falseFriends(source, CasingProfile.learn(target));
    expect([...found].sort()).toEqual(['de', 'el']);
    // Barcelona is far more frequent in the target too, but written as a name there.
    expect(found.has('barcelona')).toBe(false);
    // "." is as common in both and has no letters.
    expect(found.has('.')).toBe(false);
  });

  it('drops the most frequent words to UNK at their own rate, and only while training', () => {
    const vocab = buildVocab([['the', 'the', 'the', 'cat', 'cat', 'sat']], { minCount: 1, foldChars: true });
    expect(vocab.words.slice(2)).toEqual(['the', 'cat', 'sat']);
    const index = new VocabIndex(vocab, true);
    const sentence = [['The', 'cat', 'sat', 'on']];
    const opts = { maxWordChars: 20, charWidth: 3, wordDropout: 0, frequentWords: 1, frequentWordDropout: 1 };
    const train = makeWordBatch(index, sentence, { ...opts, rng: new Rng(1) });
    expect([...train.wordIds]).toEqual([UNK, 3, 4, UNK]);
    const infer = makeWordBatch(index, sentence, { ...opts, rng: null });
    expect([...infer.wordIds]).toEqual([2, 3, 4, UNK]);
    expect([...infer.mask]).toEqual([1, 1, 1, 1]);
  });
});
