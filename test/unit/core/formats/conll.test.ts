import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { corpusStats, readCorpus } from '../../../../src-main/core/formats/index.js';
import { tokenTexts } from '../../../../src-main/core/text/index.js';
import { bytes, errorOf } from './helpers.js';

const fixture = (name: string): Uint8Array => readFileSync(fileURLToPath(new URL(`../../../fixtures/formats/${name}`, import.meta.url)));

describe('CoNLL reader', () => {
  it('reads an IOB1 file with documents and multi-column lines', () => {
    const c = readCorpus(fixture('iob1.conll'), { file: 'iob1.conll' });
    expect(c.format).toBe('conll');
    expect(c.scheme).toBe('iob1');
    expect(c.encoding).toBe('utf-8');
    expect(c.documents.map((d) => d.sentences.length)).toEqual([2, 1]);
    const [first, second] = c.documents[0]?.sentences ?? [];
    expect(first?.text).toBe('EU rejects German call .');
    expect(first?.line).toBe(3);
    expect(first?.spans).toEqual([
      { start: 0, end: 1, label: 'ORG' },
      { start: 2, end: 3, label: 'MISC' },
    ]);
    expect(second?.spans).toEqual([{ start: 0, end: 2, label: 'PER' }]);
    // "Paris I-LOC, Lyon B-LOC": two adjacent LOC entities.
    expect(c.documents[1]?.sentences[0]?.spans).toEqual([
      { start: 2, end: 3, label: 'LOC' },
      { start: 3, end: 4, label: 'LOC' },
    ]);
    expect(corpusStats(c)).toEqual({
      documents: 2,
      sentences: 3,
      tokens: 14,
      labelled: 3,
      entities: { LOC: 2, MISC: 1, ORG: 1, PER: 1 },
      scheme: 'iob1',
    });
  });

  it('drops -DOCSTART- lines that have no blank line after them (CoNLL-2002 Dutch)', () => {
    const c = readCorpus(fixture('docstart-no-blank.conll'), { file: 'nl.conll' });
    expect(c.scheme).toBe('iob2');
    expect(c.documents).toHaveLength(2);
    const sentences = c.documents.flatMap((d) => d.sentences);
    expect(sentences.map((s) => s.text)).toEqual(['De Rijn stroomt .', 'Jan Smit zegt', 'Brussel .']);
    expect(sentences.map((s) => s.line)).toEqual([2, 7, 12]);
    expect(corpusStats(c).entities).toEqual({ LOC: 2, PER: 1 });
  });

  it('accepts tabs, CRLF, a BOM and a missing final newline', () => {
    const c = readCorpus(bytes('\uFEFFNew\tB-LOC\r\nYork\tI-LOC\r\n\r\nhi\tO'), { file: 't.tsv' });
    const s = c.documents.flatMap((d) => d.sentences);
    expect(s.map((x) => x.text)).toEqual(['New York', 'hi']);
    expect(s[0]?.spans).toEqual([{ start: 0, end: 2, label: 'LOC' }]);
  });

  it('reads lone-CR (classic Mac) line ends as line ends, counting lines as an editor does', () => {
    const c = readCorpus(bytes('EU B-ORG\rrejects O\rGerman B-MISC\r\rPeter B-PER\r'), { file: 'mac.conll' });
    const s = c.documents.flatMap((d) => d.sentences);
    expect(s.map((x) => [x.text, x.line])).toEqual([
      ['EU rejects German', 1],
      ['Peter', 5],
    ]);
    expect(readCorpus(bytes('EU B-ORG\rrejects O'), { file: 'no-ext' }).format).toBe('conll');
    const bad = (() => {
      try {
        readCorpus(bytes('EU B-ORG\r\nrejects O\rGerman X-MISC\r'), { file: 'mixed.conll' });
      } catch (err) {
        return err as Error;
      }
      return null;
    })();
    expect(bad?.message).toMatch(/^mixed\.conll:3: /);
  });

  it('detects BIOES and decodes it', () => {
    const c = readCorpus(bytes('Ann S-PER\nvon B-LOC\nder I-LOC\nAu E-LOC\n'), { file: 'b.conll' });
    expect(c.scheme).toBe('bioes');
    expect(c.documents[0]?.sentences[0]?.spans).toEqual([
      { start: 0, end: 1, label: 'PER' },
      { start: 1, end: 4, label: 'LOC' },
    ]);
  });

  it('reads a one-column file as unlabelled, and honours unlabelled: true', () => {
    const words = readCorpus(bytes('Hello\nthere\n\nBob\n'), { file: 'w.conll' });
    expect(words.scheme).toBeNull();
    expect(words.documents[0]?.sentences.map((s) => s.spans)).toEqual([null, null]);
    const forced = readCorpus(bytes('Bob B-PER\n'), { file: 'f.conll', unlabelled: true });
    expect(forced.documents[0]?.sentences[0]?.spans).toBeNull();
    expect(forced.scheme).toBeNull();
  });

  it('keeps sentences tagged "_" unlabelled next to labelled ones', () => {
    const c = readCorpus(bytes('Bob B-PER\n\nAnna _\nruns _\n'), { file: 'm.conll' });
    expect(c.documents[0]?.sentences.map((s) => s.spans)).toEqual([[{ start: 0, end: 1, label: 'PER' }], null]);
  });

  it('keeps non-ASCII words with code-point offsets', () => {
    const c = readCorpus(bytes('São B-LOC\nPaulo I-LOC\n😀 O\nfoi O\n'), { file: 'u.conll' });
    const s = c.documents[0]?.sentences[0];
    expect(s?.tokens).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 9 },
      { start: 10, end: 11 },
      { start: 12, end: 15 },
    ]);
    expect(tokenTexts(s?.text ?? '', s?.tokens ?? [])).toEqual(['São', 'Paulo', '😀', 'foi']);
  });

  it('warns about an IOB2 entity that starts with I-, and counts it as seqeval does', () => {
    const c = readCorpus(bytes('a O\nb B-LOC\n\nSan I-LOC\nSebastián I-LOC\n'), { file: 'es.conll' });
    expect(c.scheme).toBe('iob2');
    expect(corpusStats(c).entities).toEqual({ LOC: 2 });
    expect(c.warnings).toEqual([expect.stringMatching(/es\.conll: 1 entity starts with I- in an IOB2 file \(first on line 4\)/)]);
  });
});

describe('CoNLL reader on bad input', () => {
  it('names a truncated line', () => {
    const err = errorOf(() => readCorpus(bytes('EU NNP I-NP I-ORG\nrejects VBZ I-VP\n'), { file: 'bad.conll', format: 'conll' }));
    expect(err.message).toBe('bad.conll:2: expected 4 columns as on line 1, found 3');
    expect(err.line).toBe(2);
    expect(err.file).toBe('bad.conll');
    expect(err.code).toBe('IMPORT_ERROR');
  });

  it('names a bad tag and a tag without a type', () => {
    expect(errorOf(() => readCorpus(bytes('a O\nb X-PER\n'), { file: 'x.conll', format: 'conll' })).message).toBe(
      'x.conll:2: "X-PER" is not a tag (expected O, or B-, I-, E- or S- followed by a type)',
    );
    expect(errorOf(() => readCorpus(bytes('a O\n\nb B-\n'), { file: 'x.conll', format: 'conll' })).message).toBe(
      'x.conll:3: tag "B-" has no entity type',
    );
  });

  it('rejects "_" mixed with tags in one sentence', () => {
    expect(errorOf(() => readCorpus(bytes('a _\nb O\n'), { file: 'x.conll' })).message).toMatch(
      /x\.conll:2: sentence from line 1 mixes "_"/,
    );
  });

  it('rejects an empty file and a file of markers only', () => {
    expect(errorOf(() => readCorpus(bytes(''), { file: 'e.conll', format: 'conll' })).message).toBe('e.conll:1: file is empty');
    expect(errorOf(() => readCorpus(bytes('\n \n\n'), { file: 'e.conll', format: 'conll' })).message).toBe('e.conll:1: file is empty');
    expect(errorOf(() => readCorpus(bytes('-DOCSTART- O\n\n'), { file: 'd.conll' })).message).toMatch(/d\.conll:1: file has no sentences/);
  });

  it('rejects a single 10 MB line at once', () => {
    const line = 'a '.repeat(5 * 1024 * 1024);
    const err = errorOf(() => readCorpus(bytes(`x O\n${line}\n`), { file: 'big.conll' }));
    expect(err.message).toMatch(/^big\.conll:2: line is 10,485,760 characters long, over the limit of 1,000,000/);
    const noBreaks = errorOf(() => readCorpus(bytes('b'.repeat(10 * 1024 * 1024)), { file: 'big.txt' }));
    expect(noBreaks.line).toBe(1);
  });
});
