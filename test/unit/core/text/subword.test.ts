import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src-main/core/errors.js';
import {
  openTokenizer,
  PrecompiledCharsMap,
  readVocabFile,
  SubwordTokenizer,
  wordPieceTokenizerJson,
  type TokenizerJson,
  type WordPieceSettings,
} from '../../../../src-main/core/text/subword/index.js';

const FIXTURES = path.resolve(__dirname, '../../../fixtures');

interface TokenizerCase {
  text: string;
  cased: string[];
  uncased: string[];
  uncased_keep_accents: string[];
  cased_strip_accents: string[];
}

const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'bert', 'expected.json'), 'utf8')) as { tokenizer: TokenizerCase[] };
const vocab = readVocabFile(path.join(FIXTURES, 'bert', 'tiny', 'vocab.txt'));
const temp = mkdtempSync(path.join(tmpdir(), 'crosstag-subword-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const BERT: WordPieceSettings = {
  lowerCase: false,
  stripAccents: null,
  tokenizeChineseChars: true,
  unkToken: '[UNK]',
  clsToken: '[CLS]',
  sepToken: '[SEP]',
  padToken: '[PAD]',
  maskToken: '[MASK]',
};

function wordPiece(pieces: readonly string[], settings: Partial<WordPieceSettings> = {}): SubwordTokenizer {
  return new SubwordTokenizer(wordPieceTokenizerJson(pieces, { ...BERT, ...settings }, 'vocab.txt'), 'vocab.txt');
}

/** The pieces of a text, special tokens left out. */
const pieces = (tok: SubwordTokenizer, text: string) => tok.encode(text).tokens.slice(tok.prefix.length, -tok.suffix.length || undefined);

describe('a vocab.txt tokenizer against the Python reference (BasicTokenizer + WordPiece)', () => {
  const modes = {
    cased: { lowerCase: false, stripAccents: null },
    uncased: { lowerCase: true, stripAccents: null },
    uncased_keep_accents: { lowerCase: true, stripAccents: false },
    cased_strip_accents: { lowerCase: false, stripAccents: true },
  } as const;

  for (const [mode, opts] of Object.entries(modes)) {
    it(`matches every case, ${mode}`, () => {
      const tok = wordPiece(vocab, opts);
      for (const c of expected.tokenizer) expect(pieces(tok, c.text), JSON.stringify(c.text)).toEqual(c[mode as keyof typeof modes]);
    });
  }

  it('covers accents, CJK, kana, Arabic, control characters and a special token in the text', () => {
    const all = expected.tokenizer.map((c) => c.text).join(' ');
    for (const pattern of [/é/u, /\p{Script=Han}/u, /\p{Script=Hiragana}/u, /\p{Script=Arabic}/u, /\u200b/u, /\[MASK\]/u])
      expect(all).toMatch(pattern);
  });
});

describe('WordPiece through @huggingface/tokenizers', () => {
  const small = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'un', 'unaff', '##aff', '##able', '##a', '##ble', 'a', '##b', '中', 'x', '𠀀', '##𠀀'];

  it('takes the longest matching piece first, marks continuations, and makes an unmatched word [UNK]', () => {
    const tok = wordPiece(small);
    expect(pieces(tok, 'unaffable unable unab')).toEqual(['unaff', '##able', 'un', '##able', 'un', '##a', '##b']);
    expect(pieces(tok, 'unaffx unable')).toEqual(['[UNK]', 'un', '##able']);
  });

  it('counts code points: a word of 101 is [UNK], 100 astral ideographs are still 100 characters', () => {
    const tok = wordPiece(small, { tokenizeChineseChars: false });
    expect(pieces(tok, 'a'.repeat(101))).toEqual(['[UNK]']);
    expect(pieces(tok, 'a'.repeat(100))).toHaveLength(100);
    expect(pieces(tok, '𠀀'.repeat(100))).toHaveLength(100);
  });

  it('spaces out CJK ideographs beyond the Basic Multilingual Plane, as the Rust library does', () => {
    expect(pieces(wordPiece(small), 'x𠀀x中x')).toEqual(['x', '𠀀', 'x', '中', 'x']);
  });

  it('adds [CLS] and [SEP] with their ids', () => {
    expect(wordPiece(small).encode('un 中')).toEqual({ tokens: ['[CLS]', 'un', '中', '[SEP]'], ids: [2, 4, 12, 3] });
  });

  it('gives every pre-tokenised word its first piece, and [UNK] to a word cleaning empties', () => {
    const tok = wordPiece(small);
    const w = tok.words(['unable', '\u200b', 'a.', 'zz']);
    expect(w.ids.map((id) => tok.token(id))).toEqual(['un', '##able', '[UNK]', 'a', '[UNK]', '[UNK]']);
    expect(w.first).toEqual([0, 2, 3, 5]);
  });

  it('refuses a vocabulary without the special pieces', () => {
    expect(() => wordPiece(['a', '[UNK]', '[SEP]'])).toThrow(/vocab\.txt has no \[CLS\] piece/);
  });
});

describe('SentencePiece normalisation maps (Precompiled)', () => {
  const json = JSON.parse(readFileSync(path.join(FIXTURES, 'pretrained', 'xlm-roberta', 'tokenizer.json'), 'utf8')) as {
    normalizer: { normalizers: { precompiled_charsmap: string }[] };
  };
  const map = PrecompiledCharsMap.fromBase64(json.normalizer.normalizers[0]!.precompiled_charsmap, 'tokenizer.json');

  it("applies the model's own rules, also those NFKC does not have, and composes decomposed accents", () => {
    expect(map.normalize('O\u2019Neil')).toBe("O'Neil");
    expect('O\u2019Neil'.normalize('NFKC')).toBe('O\u2019Neil');
    expect(map.normalize('ﬁne Ｆｕｌｌ ①')).toBe('fine Full 1');
    expect(map.normalize('cafe\u0301')).toBe('café');
    expect(map.normalize('zero\u200bwidth\u3000x')).toBe('zerowidth x');
    expect(map.normalize('محمد 北京')).toBe('محمد 北京');
  });

  it('leaves text alone with an empty map, and refuses a damaged one', () => {
    expect(PrecompiledCharsMap.fromBase64('', 'x').normalize('Ｆ')).toBe('Ｆ');
    expect(() => new PrecompiledCharsMap(new Uint8Array([255, 255, 0, 0, 1]), 'tok.json')).toThrow(
      /tok\.json: precompiled_charsmap has a trie of/,
    );
  });
});

describe('tokenizer.json', () => {
  /** A byte-level BPE (RoBERTa's kind) that knows "hello" only with its prefix space. */
  const bpe: TokenizerJson = {
    added_tokens: ['<s>', '<pad>', '</s>', '<unk>'].map((content, id) => ({ id, content, special: true, normalized: false })),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: false },
    decoder: { type: 'ByteLevel' },
    model: {
      type: 'BPE',
      vocab: { '<s>': 0, '<pad>': 1, '</s>': 2, '<unk>': 3, h: 4, e: 5, l: 6, o: 7, Ġ: 8, Ġh: 9, Ġhe: 10, ll: 11, Ġhell: 12, Ġhello: 13 },
      merges: ['Ġ h', 'Ġh e', 'l l', 'Ġhe ll', 'Ġhell o'],
      unk_token: '<unk>',
    } as TokenizerJson['model'],
  };

  it('runs byte-level BPE with its post-processor, and gives each pre-tokenised word its prefix space', () => {
    const tok = new SubwordTokenizer(bpe, 'tokenizer.json');
    expect(tok.model).toBe('BPE');
    expect(tok.encode('hello hello').tokens).toEqual(['<s>', 'h', 'e', 'll', 'o', 'Ġhello', '</s>']);
    const w = tok.words(['hello', 'hello']);
    expect(w.ids.map((id) => tok.token(id))).toEqual(['Ġhello', 'Ġhello']);
    expect(w.first).toEqual([0, 1]);
  });

  it('reads a Metaspace pre-tokenizer written before prepend_scheme existed', () => {
    const dir = path.join(temp, 'legacy-metaspace');
    mkdirSync(dir);
    const source = path.join(FIXTURES, 'pretrained', 'xlm-roberta');
    const json = JSON.parse(readFileSync(path.join(source, 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
    const legacy = { type: 'Metaspace', replacement: '▁', add_prefix_space: true };
    writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify({ ...json, pre_tokenizer: legacy, decoder: legacy }));
    const current = openTokenizer(source).tokenizer;
    const old = openTokenizer(dir).tokenizer;
    expect(old.encode('José visitó Málaga').ids).toEqual(current.encode('José visitó Málaga').ids);
    expect(old.encode('José').tokens[1]).toBe('▁Jo');
  });

  it("lets tokenizer_config.json's casing override a BertNormalizer, as transformers does", () => {
    const dir = path.join(temp, 'lowercased');
    mkdirSync(dir);
    copyFileSync(path.join(FIXTURES, 'pretrained', 'distilbert', 'tokenizer.json'), path.join(dir, 'tokenizer.json'));
    writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ do_lower_case: true }));
    const { tokenizer } = openTokenizer(dir);
    expect(tokenizer.lowerCase).toBe(true);
    expect(pieces(tokenizer, 'José Málaga')).toEqual(['jose', 'malaga']);
  });

  it('refuses a folder with a SentencePiece model but no tokenizer.json, saying where to get one', () => {
    const dir = path.join(temp, 'spm-only');
    mkdirSync(dir);
    copyFileSync(path.join(FIXTURES, 'pretrained', 'xlm-roberta', 'sentencepiece.bpe.model'), path.join(dir, 'sentencepiece.bpe.model'));
    expect(() => openTokenizer(dir)).toThrow(
      /has sentencepiece\.bpe\.model but no tokenizer\.json; .*crosstag download-encoder fetches it/,
    );
    expect(() => openTokenizer(temp)).toThrow(/no tokenizer\.json or vocab\.txt/);
  });

  it('refuses a tokenizer model it cannot run, naming the file', () => {
    const dir = path.join(temp, 'wordlevel');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify({ model: { type: 'WordLevel', vocab: {} } }));
    expect(() => openTokenizer(dir)).toThrow(/tokenizer\.json: model\.type: tokenizer model "WordLevel" is not supported/);
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
