import { describe, expect, it } from 'vitest';
import type { TagScheme } from '../../../../src-main/contract/entities.js';
import { readCorpus, writeCorpus, type CorpusDocument } from '../../../../src-main/core/formats/index.js';
import { tokenize, tokensFromWords } from '../../../../src-main/core/text/index.js';
import { bytes } from './helpers.js';

type Spans = CorpusDocument['sentences'][number]['spans'];
const sentence = (words: string[], spans: Spans) => ({ ...tokensFromWords(words), spans });

// Adjacent same-type entities, single-token entities, a sentence-final entity, astral and
// right-to-left text, and an unlabelled sentence among labelled ones.
const docs: CorpusDocument[] = [
  {
    name: 'news-1',
    sentences: [
      sentence(
        ['Paris', 'Lyon', 'and', 'São', 'Paulo'],
        [
          { start: 0, end: 1, label: 'LOC' },
          { start: 1, end: 2, label: 'LOC' },
          { start: 3, end: 5, label: 'LOC' },
        ],
      ),
      sentence(
        ['😀', 'Angela', 'Merkel', 'of', 'the', 'CDU'],
        [
          { start: 1, end: 3, label: 'PER' },
          { start: 5, end: 6, label: 'ORG' },
        ],
      ),
    ],
  },
  {
    name: 'news-2',
    sentences: [
      sentence(
        ['محمد', 'في', 'القاهرة'],
        [
          { start: 0, end: 1, label: 'PER' },
          { start: 2, end: 3, label: 'LOC' },
        ],
      ),
      sentence(['nothing', 'here'], []),
      sentence(['not', 'annotated', 'yet'], null),
    ],
  },
];

const strip = (d: CorpusDocument[]) => d.map((doc) => doc.sentences.map(({ text, tokens, spans }) => ({ text, tokens, spans })));

describe('write then read gives the same data', () => {
  for (const scheme of ['iob1', 'iob2', 'bioes'] as TagScheme[]) {
    it(`CoNLL, ${scheme}`, () => {
      const written = writeCorpus(docs, { format: 'conll', scheme });
      const back = readCorpus(bytes(written), { file: 'out.conll' });
      expect(back.format).toBe('conll');
      expect(back.scheme).toBe(scheme);
      expect(strip(back.documents)).toEqual(strip(docs));
      expect(written.split('\n').filter((l) => l.startsWith('-DOCSTART-'))).toHaveLength(2);
    });

    it(`HF JSONL, ${scheme}`, () => {
      const back = readCorpus(bytes(writeCorpus(docs, { format: 'hf', scheme })), { file: 'out.jsonl' });
      expect(back.format).toBe('hf');
      expect(back.scheme).toBe(scheme);
      expect(strip(back.documents)).toEqual(strip(docs));
      expect(back.documents.map((d) => d.name)).toEqual(['news-1', 'news-2']);
    });
  }

  it('span JSONL, keeping odd spacing and document names', () => {
    const text = '  Ana   visited\tOslo 😀.';
    const odd: CorpusDocument[] = [
      {
        name: 'a',
        sentences: [
          {
            text,
            tokens: tokenize(text).tokens,
            spans: [
              { start: 0, end: 1, label: 'PER' },
              { start: 2, end: 3, label: 'LOC' },
            ],
          },
        ],
      },
      ...docs,
    ];
    const back = readCorpus(bytes(writeCorpus(odd, { format: 'jsonl' })), { file: 'out.jsonl' });
    expect(back.format).toBe('jsonl');
    expect(strip(back.documents)).toEqual(strip(odd));
    expect(back.documents.map((d) => d.name)).toEqual(['a', 'news-1', 'news-2']);
  });

  it('plain text, for text the tokenizer made', () => {
    const texts = ['Hello, world!', '北京很大。', 'שלום לכם'];
    const plain: CorpusDocument[] = [{ name: 'p', sentences: texts.map((t) => ({ text: t, tokens: tokenize(t).tokens, spans: null })) }];
    const back = readCorpus(bytes(writeCorpus(plain, { format: 'text' })), { file: 'out.txt', format: 'text' });
    expect(strip(back.documents)).toEqual(strip(plain));
  });

  it('CoNLL without labels and without document markers', () => {
    const unlabelled = docs.map((d) => ({ ...d, sentences: d.sentences.map((s) => ({ ...s, spans: null })) }));
    const written = writeCorpus(unlabelled, { format: 'conll', includeDocstart: false });
    expect(written.startsWith('Paris\nLyon\n')).toBe(true);
    const back = readCorpus(bytes(written), { file: 'w.conll' });
    expect(back.scheme).toBeNull();
    expect(strip(back.documents).flat()).toEqual(strip(unlabelled).flat());
  });

  it('refuses tokens CoNLL cannot hold', () => {
    const spaced: CorpusDocument[] = [{ name: 'x', sentences: [{ text: 'New York', tokens: [{ start: 0, end: 8 }], spans: [] }] }];
    expect(() => writeCorpus(spaced, { format: 'conll' })).toThrow(/token 1 "New York" is empty, has spaces/);
  });
});
