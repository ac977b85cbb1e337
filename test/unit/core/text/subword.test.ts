import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src-main/core/errors.js';
import {
  basicTokenize,
  cleanText,
  isBertPunctuation,
  isCjkIdeograph,
  readVocabFile,
  WordPieceTokenizer,
} from '../../../../src-main/core/text/wordpiece.js';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/bert');

interface TokenizerCase {
  text: string;
  cased: string[];
  uncased: string[];
  uncased_keep_accents: string[];
  cased_strip_accents: string[];
  basic_cased: string[];
  basic_uncased: string[];
}

const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as { tokenizer: TokenizerCase[] };
const vocab = readVocabFile(path.join(FIXTURES, 'tiny', 'vocab.txt'));
const temp = mkdtempSync(path.join(tmpdir(), 'crosstag-wordpiece-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('WordPiece against the Python reference tokenizer', () => {
  const modes = {
    cased: { lowerCase: false, stripAccents: null },
    uncased: { lowerCase: true, stripAccents: null },
    uncased_keep_accents: { lowerCase: true, stripAccents: false },
    cased_strip_accents: { lowerCase: false, stripAccents: true },
  } as const;

  for (const [mode, opts] of Object.entries(modes)) {
    it(`matches every case, ${mode}`, () => {
      const tok = new WordPieceTokenizer(vocab, opts);
      for (const c of expected.tokenizer) {
        expect(tok.tokenize(c.text), JSON.stringify(c.text)).toEqual(c[mode as keyof typeof modes]);
      }
    });
  }

  it('matches the basic tokenizer, cased and uncased', () => {
    for (const c of expected.tokenizer) {
      expect(basicTokenize(c.text), JSON.stringify(c.text)).toEqual(c.basic_cased);
      expect(basicTokenize(c.text, { lowerCase: true, stripAccents: null, tokenizeChineseChars: true }), JSON.stringify(c.text)).toEqual(
        c.basic_uncased,
      );
    }
  });

  it('covers accents, CJK, kana, Arabic and control characters in the fixture', () => {
    const all = expected.tokenizer.map((c) => c.text).join(' ');
    expect(all).toMatch(/é/u);
    expect(all).toMatch(/\p{Script=Han}/u);
    expect(all).toMatch(/\p{Script=Hiragana}/u);
    expect(all).toMatch(/\p{Script=Arabic}/u);
    expect(all).toContain('\u200b');
  });
});

describe('basic tokenizer rules', () => {
  it('counts ASCII symbols as punctuation but not other symbols', () => {
    for (const ch of ['$', '+', '<', '^', '`', '|', '~', '!', '-', '¿', '،', '。']) expect(isBertPunctuation(ch), ch).toBe(true);
    for (const ch of ['€', '°', '©', 'a', '1', ' ']) expect(isBertPunctuation(ch), ch).toBe(false);
    expect(basicTokenize('a+b=c|d €5')).toEqual(['a', '+', 'b', '=', 'c', '|', 'd', '€5']);
  });

  it('splits CJK ideographs (including astral ones) but not kana or Hangul', () => {
    expect(isCjkIdeograph(0x4e2d)).toBe(true);
    expect(isCjkIdeograph(0x20000)).toBe(true);
    expect(isCjkIdeograph(0x3042)).toBe(false);
    expect(basicTokenize('中国人ひらがな한국어𠀀x')).toEqual(['中', '国', '人', 'ひらがな한국어', '𠀀', 'x']);
    expect(basicTokenize('中国', { lowerCase: false, stripAccents: null, tokenizeChineseChars: false })).toEqual(['中国']);
  });

  it('removes control characters and maps Unicode spaces to separators', () => {
    expect(cleanText('a\u0000b\ufffdc\u200bd\u00ade')).toBe('abcde');
    expect(cleanText('a\u00a0b\u3000c\td')).toBe('a b c d');
  });

  it('lower-cases and strips accents only when asked', () => {
    const upper = { lowerCase: true, stripAccents: null, tokenizeChineseChars: true };
    expect(basicTokenize('Ça Mañana')).toEqual(['Ça', 'Mañana']);
    expect(basicTokenize('Ça Mañana', upper)).toEqual(['ca', 'manana']);
    expect(basicTokenize('Ça Mañana', { ...upper, stripAccents: false })).toEqual(['ça', 'mañana']);
    expect(basicTokenize('Ça Mañana', { ...upper, lowerCase: false, stripAccents: true })).toEqual(['Ca', 'Manana']);
  });
});

describe('WordPiece', () => {
  const small = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'un', 'unaff', '##aff', '##able', '##a', '##ble', 'a', '##b', '中'];

  it('takes the longest matching piece first and marks continuations', () => {
    const tok = new WordPieceTokenizer(small);
    expect(tok.wordPiece('unaffable')).toEqual(['unaff', '##able']);
    expect(tok.wordPiece('unable')).toEqual(['un', '##able']);
    expect(tok.wordPiece('unab')).toEqual(['un', '##a', '##b']);
  });

  it('makes the whole word [UNK] when a remainder has no piece', () => {
    const tok = new WordPieceTokenizer(small);
    expect(tok.wordPiece('unaffx')).toEqual(['[UNK]']);
    expect(tok.tokenize('unaffx unable')).toEqual(['[UNK]', 'un', '##able']);
  });

  it('makes a word longer than 100 code points [UNK], and keeps one of exactly 100', () => {
    const tok = new WordPieceTokenizer(small);
    expect(tok.wordPiece('a'.repeat(101))).toEqual(['[UNK]']);
    expect(tok.wordPiece('a'.repeat(100))).toHaveLength(100);
    // Astral characters count once: 100 of them are still a word of 100 characters.
    const astral = new WordPieceTokenizer([...small, '𠀀', '##𠀀']);
    expect(astral.wordPiece('𠀀'.repeat(100))).toHaveLength(100);
    expect(new WordPieceTokenizer(small, { maxInputCharsPerWord: 3 }).wordPiece('aaaa')).toEqual(['[UNK]']);
  });

  it('adds [CLS] and [SEP] with their ids', () => {
    const tok = new WordPieceTokenizer(small);
    expect(tok.encode('un 中')).toEqual({ tokens: ['[CLS]', 'un', '中', '[SEP]'], ids: [2, 4, 12, 3] });
  });

  it('gives every pre-tokenised word its first piece, and [UNK] to a word cleaning empties', () => {
    const tok = new WordPieceTokenizer(small);
    const w = tok.words(['unable', '\u200b', 'a.', 'zz']);
    expect(w.pieces).toEqual(['un', '##able', '[UNK]', 'a', '[UNK]', '[UNK]']);
    expect(w.first).toEqual([0, 2, 3, 5]);
    expect(w.ids).toEqual(w.pieces.map((p) => tok.id(p)));
  });

  it('refuses a vocabulary without the special pieces', () => {
    expect(() => new WordPieceTokenizer(['a', '[UNK]', '[SEP]'], {}, 'x/vocab.txt')).toThrow(/x\/vocab\.txt has no \[CLS\] piece/);
  });
});

describe('readVocabFile', () => {
  it('reads ids by line, with CRLF line ends', () => {
    const file = path.join(temp, 'crlf.txt');
    writeFileSync(file, '[PAD]\r\n[UNK]\r\nhola\r\n');
    expect(readVocabFile(file)).toEqual(['[PAD]', '[UNK]', 'hola']);
  });

  it('names the line of invalid UTF-8', () => {
    const file = path.join(temp, 'bad.txt');
    writeFileSync(file, Buffer.concat([Buffer.from('[PAD]\n[UNK]\n'), Buffer.from([0x68, 0xff, 0x0a])]));
    expect(() => readVocabFile(file)).toThrow(`${file}:3: not valid UTF-8`);
  });

  it('names a missing file', () => {
    const file = path.join(temp, 'none.txt');
    expect(() => readVocabFile(file)).toThrow(CoreError);
    expect(() => readVocabFile(file)).toThrow(`${file}: cannot read the vocabulary (no such file)`);
  });
});
