import { describe, expect, it } from 'vitest';
import { readCorpus } from '../../../../src-main/core/formats/index.js';
import { tokenTexts } from '../../../../src-main/core/text/index.js';
import { bytes, errorOf } from './helpers.js';

const read = (lines: unknown[], unlabelled?: boolean) =>
  readCorpus(bytes(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')), { file: 'a.jsonl', unlabelled });
const sentence = (lines: unknown[]) => read(lines).documents[0]?.sentences[0];
const message = (lines: unknown[]) => errorOf(() => read(lines)).message;

describe('JSONL reader', () => {
  it('reads doccano "label" triples and tokenizes the text', () => {
    const s = sentence([
      {
        id: 1,
        text: 'Angela Merkel visited Paris.',
        label: [
          [0, 13, 'PER'],
          [22, 27, 'LOC'],
        ],
      },
    ]);
    expect(tokenTexts(s?.text ?? '', s?.tokens ?? [])).toEqual(['Angela', 'Merkel', 'visited', 'Paris', '.']);
    expect(s?.spans).toEqual([
      { start: 0, end: 2, label: 'PER' },
      { start: 3, end: 4, label: 'LOC' },
    ]);
  });

  it('reads older doccano "labels" and newer "entities"', () => {
    expect(sentence([{ text: 'Bob ran', labels: [[0, 3, 'PER']] }])?.spans).toEqual([{ start: 0, end: 1, label: 'PER' }]);
    const ent = sentence([{ text: 'Bob ran', entities: [{ id: 7, label: 'PER', start_offset: 0, end_offset: 3 }] }]);
    expect(ent?.spans).toEqual([{ start: 0, end: 1, label: 'PER' }]);
  });

  it('reads spaCy/Prodigy spans with given tokens, dropping whitespace tokens', () => {
    const s = sentence([
      {
        text: 'New York  is big',
        tokens: [
          { text: 'New', start: 0, end: 3, id: 0 },
          { text: 'York', start: 4, end: 8, id: 1 },
          { text: ' ', start: 9, end: 10, id: 2 },
          { text: 'is', start: 10, end: 12, id: 3 },
          { text: 'big', start: 13, end: 16, id: 4 },
        ],
        spans: [{ start: 0, end: 8, label: 'GPE', token_start: 0, token_end: 1 }],
        answer: 'accept',
      },
    ]);
    expect(s?.tokens).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 8 },
      { start: 10, end: 12 },
      { start: 13, end: 16 },
    ]);
    expect(s?.spans).toEqual([{ start: 0, end: 2, label: 'GPE' }]);
    expect(sentence([{ text: 'Bob ran', ents: [{ start: 0, end: 3, label: 'PER' }] }])?.spans).toEqual([
      { start: 0, end: 1, label: 'PER' },
    ]);
  });

  it('counts offsets in code points, as Python tools write them', () => {
    // In UTF-16 units "Ana" would start at 3; in code points (Python's len) it starts at 2.
    const s = sentence([{ text: '😀 Ana', label: [[2, 5, 'PER']] }]);
    expect(s?.spans).toEqual([{ start: 1, end: 2, label: 'PER' }]);
    expect(message([{ text: '😀 Ana', label: [[3, 6, 'PER']] }])).toMatch(
      /span 3\.\.6 "PER" is empty or outside the text \(5 characters\)/,
    );
  });

  it('tells unlabelled records from labelled ones without entities', () => {
    const c = read([{ text: 'no spans here' }, { text: 'none found', spans: [] }]);
    expect(c.documents[0]?.sentences.map((s) => s.spans)).toEqual([null, []]);
    expect(read([{ text: 'Bob', label: [[0, 3, 'PER']] }], true).documents[0]?.sentences[0]?.spans).toBeNull();
  });

  it('groups records into documents by meta.doc and skips rejected answers', () => {
    const c = read([
      { text: 'a', meta: { doc: 'one' } },
      { text: 'b', meta: { doc: 'one' } },
      { text: 'c', meta: { doc: 'two' } },
      { text: 'd', answer: 'reject' },
    ]);
    expect(c.documents.map((d) => [d.name, d.sentences.length])).toEqual([
      ['one', 2],
      ['two', 1],
    ]);
    expect(c.warnings).toEqual(['a.jsonl: skipped 1 record(s) whose answer is not "accept"']);
  });

  it('names the line and the reason for bad records', () => {
    expect(message(['{"text": "ok"}', '{"text": "broken"'])).toMatch(/^a\.jsonl:2: invalid JSON: /);
    expect(message([{ text: 42 }])).toMatch(/^a\.jsonl:1: field text: Invalid input: expected string/);
    expect(message([{ text: 'Angela Merkel', label: [[0, 4, 'PER']] }])).toBe(
      'a.jsonl:1: span 0..4 "PER" ("Ange") does not start and end on token boundaries',
    );
    expect(
      message([
        {
          text: 'Angela Merkel',
          label: [
            [0, 13, 'PER'],
            [7, 13, 'LOC'],
          ],
        },
      ]),
    ).toBe('a.jsonl:1: spans "PER" and "LOC" overlap (tokens 0..2 and 1..2)');
    expect(message([{ text: 'Bob', label: [[0, 3, 'PER']], spans: [] }])).toMatch(/has both "spans" and "label"/);
    expect(message([{ text: 'Bob', tokens: [{ text: 'Bo', start: 0, end: 3 }] }])).toMatch(
      /token 0 says "Bo" but the text at 0\.\.3 is "Bob"/,
    );
    expect(message([{ text: 'Bob', label: [[0, 3, 'A PERSON']] }])).toMatch(/a label may not contain spaces/);
    expect(message([{ text: 'Bob', label: [[-1, 3, 'PER']] }])).toMatch(/^a\.jsonl:1: field label\.0\.0: Too small/);
  });

  it('rejects an empty file and a 10 MB record', () => {
    expect(errorOf(() => readCorpus(bytes('\n\n'), { file: 'e.jsonl', format: 'jsonl' })).message).toBe('e.jsonl:1: file is empty');
    const huge = JSON.stringify({ text: 'x '.repeat(5 * 1024 * 1024) });
    expect(errorOf(() => readCorpus(bytes(huge), { file: 'h.jsonl' })).message).toMatch(
      /^h\.jsonl:1: line is 10,485,7\d\d characters long/,
    );
  });
});

describe('JSONL reader on a JSON array', () => {
  it('says the file is one array, not JSON Lines', () => {
    const arr = bytes('[\n  {"text": "Bob", "label": []}\n]\n');
    expect(errorOf(() => readCorpus(arr, { file: 'export.json' })).message).toBe(
      'export.json:1: this is one JSON array, not JSON Lines; write one record per line',
    );
  });
});
