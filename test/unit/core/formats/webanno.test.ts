import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, readCorpus, writeCorpus, type Corpus } from '../../../../src-main/core/formats/index.js';
import { escapeText, escapeValue, parseCell, unescapeText } from '../../../../src-main/core/formats/webanno-cells.js';
import { tokenTexts } from '../../../../src-main/core/text/index.js';
import { bytes, errorOf } from './helpers.js';

const file = 'webanno-ner.tsv';
const fixture = readFileSync(new URL(`../../../fixtures/formats/${file}`, import.meta.url));

/** Each sentence as `word word [LABEL word word]` text. */
function bracketed(c: Corpus): string[] {
  return c.documents.flatMap((d) =>
    d.sentences.map((s) => {
      const words = tokenTexts(s.text, s.tokens);
      const out = [...words];
      for (const sp of [...(s.spans ?? [])].reverse())
        out.splice(sp.start, sp.end - sp.start, `[${sp.label} ${words.slice(sp.start, sp.end).join(' ')}]`);
      return s.spans === null ? `(unlabelled) ${out.join(' ')}` : out.join(' ');
    }),
  );
}

describe('WebAnno TSV 3 (INCEpTION)', () => {
  const corpus = readCorpus(fixture, { file });

  it('is detected by its format line, whatever the file is called', () => {
    expect(detectFormat(fixture, 'export.tsv')).toBe('webanno');
    expect(detectFormat(fixture, 'export.txt')).toBe('webanno');
    expect(corpus.format).toBe('webanno');
    expect(corpus.tokenizer).toBe('webanno');
  });

  it('reads the NamedEntity layer: multi-token, stacked, sub-token and escaped values, emoji and CJK', () => {
    expect(bracketed(corpus)).toEqual([
      '[PER Angela Merkel] visitó [LOC Nueva York] .',
      '[PER Ana] 😀 visitó [LOC 東京] .',
      'Vuelo [LOC Madrid-Lima] [TIME_EXPR hoy] .',
      'Fin del',
      'documento .',
    ]);
    // UTF-16 offsets in the file, code points in the corpus.
    const second = corpus.documents[0]!.sentences[1]!;
    expect(second.tokens).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 5 },
      { start: 6, end: 12 },
      { start: 13, end: 15 },
      { start: 16, end: 17 },
    ]);
  });

  it('says what a flat tag set loses', () => {
    expect(corpus.warnings).toEqual([
      `${file}: layers left out (a flat tag set keeps named entities only): POS, Dependency (relation)`,
      `${file}: stacked, nested or overlapping entities dropped (a flat tag set keeps the longest): 2`,
      `${file}: entities crossing a sentence boundary dropped: 1`,
      `${file}: entities without a value dropped: 1`,
      `${file}: entities on sub-tokens widened to whole tokens: 2`,
      `${file}: tokens whose entity identifiers (links) were left out: 2`,
    ]);
  });

  it('writes what INCEpTION writes, and reads it back the same', () => {
    const written = writeCorpus(corpus.documents, { format: 'webanno' });
    expect(written.split('\n').slice(0, 12)).toEqual([
      '#FORMAT=WebAnno TSV 3.3',
      '#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value',
      '',
      '',
      '#Text=Angela Merkel visitó Nueva York .',
      '1-1\t0-6\tAngela\t*[1]\tPER[1]\t',
      '1-2\t7-13\tMerkel\t*[1]\tPER[1]\t',
      '1-3\t14-20\tvisitó\t_\t_\t',
      '1-4\t21-26\tNueva\t*[2]\tLOC[2]\t',
      '1-5\t27-31\tYork\t*[2]\tLOC[2]\t',
      '1-6\t32-33\t.\t_\t_\t',
      '',
    ]);
    expect(written).toContain('2-2\t38-40\t😀\t_\t_\t\n');
    expect(written).toContain('3-3\t71-74\thoy\t*\tTIME\\_EXPR\t\n');
    const back = readCorpus(bytes(written), { file: 'back.tsv' });
    expect(back.warnings).toEqual([]);
    const plain = (c: Corpus) => c.documents.flatMap((d) => d.sentences.map(({ text, tokens, spans }) => ({ text, tokens, spans })));
    expect(plain(back)).toEqual(plain(corpus));
  });

  it('keeps multi-line sentence text and escaped characters', () => {
    const source = readCorpus(bytes('{"text": "Ana\\nvive\\ten C:\\\\Lima", "spans": [{"start": 0, "end": 3, "label": "PER"}]}\n'), {
      file: 'x.jsonl',
    });
    const written = writeCorpus(source.documents, { format: 'webanno' });
    expect(written).toContain('#Text=Ana\n#Text=vive\\ten C:\\\\Lima\n');
    const back = readCorpus(bytes(written), { file: 'x.tsv' });
    expect(back.documents[0]!.sentences[0]!.text).toBe('Ana\nvive\ten C:\\Lima');
    expect(back.documents[0]!.sentences[0]!.spans).toEqual([{ start: 0, end: 1, label: 'PER' }]);
  });

  it('a file without the NamedEntity layer, or written from unlabelled text, reads as unlabelled', () => {
    const text = '#FORMAT=WebAnno TSV 3.3\n\n\n#Text=Hola Quito\n1-1\t0-4\tHola\t\n1-2\t5-10\tQuito\t\n';
    const c = readCorpus(bytes(text), { file: 'plain.tsv' });
    expect(c.documents[0]!.sentences[0]!.spans).toBeNull();
    expect(c.warnings).toEqual(['plain.tsv: no NamedEntity layer with a value feature; the sentences were read without labels']);
    const unlabelled = readCorpus(bytes('Hola Quito\n'), { file: 'x.txt' });
    expect(writeCorpus(unlabelled.documents, { format: 'webanno' })).toBe(text);
  });
});

describe('WebAnno cells and escapes', () => {
  it('parses stacked values, disambiguation ids, placeholders and escapes', () => {
    expect(parseCell('_')).toEqual([]);
    expect(parseCell('PER[1]|PERpart[2]')).toEqual([
      { value: 'PER', id: 1 },
      { value: 'PERpart', id: 2 },
    ]);
    expect(parseCell('*[3]|LOC')).toEqual([
      { value: null, id: 3 },
      { value: 'LOC', id: null },
    ]);
    expect(parseCell('A\\|B\\[2\\]')).toEqual([{ value: 'A|B[2]', id: null }]);
    expect(parseCell('\\*')).toEqual([{ value: '*', id: null }]);
    expect(parseCell('a\\->b\\_c[4]')).toEqual([{ value: 'a->b_c', id: 4 }]);
  });

  it('escapes values and text as INCEpTION does, and unescapes them back', () => {
    const value = 'a|b[c]_d;e*f->g\\h\ti\nj';
    expect(escapeValue(value)).toBe('a\\|b\\[c\\]\\_d\\;e\\*f\\->g\\\\h\\ti\\nj');
    expect(parseCell(escapeValue(value))).toEqual([{ value, id: null }]);
    const text = 'tab\there\rcr\\back\u0001ctl';
    expect(escapeText(text)).toBe('tab\\there\\rcr\\\\back\\\u0001ctl');
    expect(unescapeText(escapeText(text))).toBe(text);
  });
});

describe('malformed WebAnno TSV gives errors that name the line', () => {
  const header = '#FORMAT=WebAnno TSV 3.3\n#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n\n\n';
  const read = (text: string) => errorOf(() => readCorpus(bytes(text), { file: 'bad.tsv', format: 'webanno' })).message;

  it('the wrong format version, an unknown header line', () => {
    expect(read('#FORMAT=WebAnno TSV 2\n')).toBe(
      'bad.tsv:1: WebAnno TSV 2 is not supported; export the document as WebAnno TSV 3 (INCEpTION: "WebAnno TSV v3.3")',
    );
    expect(read('1-1\t0-4\tHola\t\n')).toBe('bad.tsv:1: not WebAnno TSV: the first line must be "#FORMAT=WebAnno TSV 3.3"');
    expect(read('#FORMAT=WebAnno TSV 3.3\n#T_XX=foo\n')).toBe('bad.tsv:2: "#T_XX=foo" is not a layer line such as #T_SP=type|feature');
  });

  it('a missing column, a bad id, offsets that do not match the text, a token before its text', () => {
    expect(read(`${header}#Text=Hola\n1-1\t0-4\tHola\t*\t\n`)).toBe(
      'bad.tsv:6: expected 5 tab-separated fields (id, offsets, token, 2 annotation column(s)), found 4',
    );
    expect(read(`${header}#Text=Hola\nx\t0-4\tHola\t_\t_\t\n`)).toBe('bad.tsv:6: "x" is not a token id such as 1-3 or 1-3.1');
    expect(read(`${header}#Text=Hola Quito\n1-1\t0-4\tHola\t_\t_\t\n1-2\t5-9\tQuito\t_\t_\t\n`)).toBe(
      'bad.tsv:7: token "Quito" at 5-9 does not match the sentence text there ("Quit") (offsets are UTF-16 units)',
    );
    expect(read(`${header}1-1\t0-4\tHola\t_\t_\t\n`)).toBe("bad.tsv:5: token line before its sentence's #Text= line");
    expect(read(`${header}`)).toBe('bad.tsv:5: file has no sentences (no #Text= lines)');
  });
});
