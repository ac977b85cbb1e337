import { describe, expect, it } from 'vitest';
import { readCorpus } from '../../../../src-main/core/formats/index.js';
import { bytes, errorOf } from './helpers.js';

const hf = (lines: unknown[], labelNames?: string[]) =>
  readCorpus(bytes(lines.map((l) => JSON.stringify(l)).join('\n')), { file: 'd.jsonl', format: 'hf', labelNames });

describe('HF-style JSONL reader', () => {
  it('reads string tags', () => {
    const c = hf([{ id: '0', tokens: ['EU', 'rejects', 'German', 'call'], ner_tags: ['B-ORG', 'O', 'B-MISC', 'O'] }]);
    const s = c.documents[0]?.sentences[0];
    expect(s?.text).toBe('EU rejects German call');
    expect(s?.spans).toEqual([
      { start: 0, end: 1, label: 'ORG' },
      { start: 2, end: 3, label: 'MISC' },
    ]);
    expect(c.scheme).toBe('iob2');
    expect(c.tokenizer).toBe('hf');
  });

  it('maps integer tags through the CoNLL-2003 order, or the given names', () => {
    // 3 = B-ORG, 4 = I-ORG, 7 = B-MISC in the HF conll2003 dataset.
    const c = hf([{ tokens: ['European', 'Union', 'German'], ner_tags: [3, 4, 7] }]);
    expect(c.documents[0]?.sentences[0]?.spans).toEqual([
      { start: 0, end: 2, label: 'ORG' },
      { start: 2, end: 3, label: 'MISC' },
    ]);
    const named = hf([{ tokens: ['Ana', 'Lima'], ner_tags: [1, 2] }], ['O', 'B-PER', 'B-LOC']);
    expect(named.documents[0]?.sentences[0]?.spans).toEqual([
      { start: 0, end: 1, label: 'PER' },
      { start: 1, end: 2, label: 'LOC' },
    ]);
  });

  it('reads records without ner_tags as unlabelled', () => {
    const c = hf([{ tokens: ['just', 'words'] }]);
    expect(c.documents[0]?.sentences[0]?.spans).toBeNull();
    expect(c.scheme).toBeNull();
  });

  it('names the line and the reason for bad records', () => {
    const m = (lines: unknown[], names?: string[]) => errorOf(() => hf(lines, names)).message;
    expect(
      m([
        { tokens: ['a'], ner_tags: ['O'] },
        { tokens: ['a', 'b'], ner_tags: ['O'] },
      ]),
    ).toBe('d.jsonl:2: 2 tokens but 1 ner_tags');
    expect(m([{ tokens: ['a'], ner_tags: [9] }])).toBe('d.jsonl:1: ner_tags[0] = 9 is outside the label list (0..8)');
    expect(m([{ tokens: ['a'], ner_tags: ['PER'] }])).toMatch(/^d\.jsonl:1: ner_tags\[0\]: "PER" is not a tag/);
    expect(m([{ tokens: ['a', ''], ner_tags: ['O', 'O'] }])).toBe('d.jsonl:1: token 1 is empty or only whitespace');
    expect(m([{ tokens: 'a b' }])).toMatch(/^d\.jsonl:1: field tokens: /);
    expect(m([{ tokens: ['a'], ner_tags: [1] }], ['O', 'PER'])).toMatch(/^d\.jsonl:1: label list entry 1: "PER" is not a tag/);
  });
});

describe('plain text reader', () => {
  it('makes one unlabelled sentence per non-empty line', () => {
    const c = readCorpus(bytes('  Hello, world!\r\n\r\n北京很大。\n'), { file: 'p.txt', format: 'text' });
    const s = c.documents[0]?.sentences ?? [];
    expect(s.map((x) => x.text)).toEqual(['Hello, world!', '北京很大。']);
    expect(s.map((x) => x.tokens.length)).toEqual([4, 5]);
    expect(s.map((x) => x.line)).toEqual([1, 3]);
    expect(s.every((x) => x.spans === null)).toBe(true);
    expect(c.tokenizer).toBe('unicode-v1');
  });

  it('rejects an empty file', () => {
    expect(errorOf(() => readCorpus(bytes(' \n'), { file: 'p.txt', format: 'text' })).message).toBe('p.txt:1: file is empty');
  });
});
