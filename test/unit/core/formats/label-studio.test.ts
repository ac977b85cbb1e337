import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, labelStudioConfig, readCorpus, writeCorpus, type Corpus } from '../../../../src-main/core/formats/index.js';
import { tokenTexts } from '../../../../src-main/core/text/index.js';
import { bytes, errorOf } from './helpers.js';

const FIXTURES = new URL('../../../fixtures/formats/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));

/** Each sentence as its words, with `[label words]` entity runs, its gold and its prediction. */
function view(c: Corpus) {
  return c.documents.flatMap((d) =>
    d.sentences.map((s) => {
      const words = tokenTexts(s.text, s.tokens);
      const show = (spans: readonly { start: number; end: number; label: string; score?: number | null }[]) =>
        spans.map((sp) => `${sp.label}:${words.slice(sp.start, sp.end).join(' ')}${sp.score == null ? '' : `@${sp.score}`}`);
      return {
        where: s.where,
        gold: s.spans === null ? null : show(s.spans),
        prediction:
          s.prediction === undefined ? null : { model: s.prediction.model, score: s.prediction.score, spans: show(s.prediction.spans) },
      };
    }),
  );
}

describe('Label Studio JSON, the full export', () => {
  const corpus = readCorpus(fixture('labelstudio-export.json'), { file: 'labelstudio-export.json' });

  it('is detected from its tasks, and tokenized by the Unicode tokenizer when it carries no tokens', () => {
    expect(detectFormat(fixture('labelstudio-export.json'), 'project-7.json')).toBe('labelstudio');
    expect(corpus.format).toBe('labelstudio');
    expect(corpus.tokenizer).toBe('unicode-v1');
  });

  it('takes the latest live annotation as gold and the best-scored prediction as the prediction', () => {
    expect(view(corpus)).toEqual([
      {
        where: 'task 1 (id 101)',
        gold: ['PER:Angela Merkel', 'LOC:Madrid'],
        prediction: { model: 'student-v2', score: 0.91, spans: ['PER:Angela Merkel@0.97', 'LOC:Madrid@0.85'] },
      },
      // Predictions only: unlabelled, with the predictions kept as predictions.
      {
        where: 'task 2 (id 102)',
        gold: null,
        prediction: { model: 'student-v2', score: 0.72, spans: ['ORG:Telefónica@0.88', 'LOC:Lima@0.93'] },
      },
      // The relation and the choice are skipped; the nested "Pérez" gives way to "Juan Pérez".
      { where: 'task 3 (id 103)', gold: ['PER:Juan Pérez', 'ORG:Google'], prediction: null },
      // Code-point offsets past an emoji, and one token per Han character.
      { where: 'task 4 (id 104)', gold: ['PER:Ana', 'LOC:東 京', 'PER:María'], prediction: null },
      // UTF-16 offsets from an old Label Studio, told apart by the quoted text.
      { where: 'task 5 (id 105)', gold: ['PER:Carlos'], prediction: null },
      // Only a cancelled annotation: unlabelled.
      { where: 'task 6 (id 106)', gold: null, prediction: null },
      // "spaña" snapped to the whole token.
      { where: 'task 7 (id 107)', gold: ['LOC:Barcelona', 'LOC:España'], prediction: null },
      // A label with a space renamed; the first of two labels kept.
      { where: 'task 8 (id 108)', gold: ['Government_Body:Casa Blanca'], prediction: null },
    ]);
  });

  it('counts everything it skipped or changed in the warnings', () => {
    const f = 'labelstudio-export.json';
    expect(corpus.warnings).toEqual([
      `${f}: relation results skipped (a flat tag set keeps entities only): 1`,
      `${f}: "choices" results skipped (only "labels" spans are read): 1`,
      `${f}: cancelled (skipped) annotations left out: 2`,
      `${f}: tasks with several annotations, of which the latest was kept: 1`,
      `${f}: predictions left out beside the best-scored one of their task: 1`,
      `${f}: spans with several labels, of which the first was kept: 1`,
      `${f}: spans with UTF-16 offsets (Label Studio before 2022) read as characters: 1`,
      `${f}: spans snapped to whole tokens (their ends fell inside a token): 1`,
      `${f}: overlapping or nested spans dropped (a flat tag set keeps the longest): 1`,
      `${f}: fields not read: source`,
      `${f}: label names a project cannot hold were renamed (1-32 ASCII letters, digits, '_', '.' or '-'): "Government Body" → Government_Body`,
    ]);
  });

  it('written by Crosstag and read back gives the same tasks, tokens, annotations and predictions', () => {
    const written = writeCorpus(corpus.documents, { format: 'labelstudio' });
    const back = readCorpus(bytes(written), { file: 'back.json' });
    expect(back.format).toBe('labelstudio');
    expect(back.warnings).toEqual([]);
    const plain = (c: Corpus) =>
      c.documents.flatMap((d) => d.sentences.map(({ text, tokens, spans, prediction }) => ({ text, tokens, spans, prediction })));
    expect(plain(back)).toEqual(plain(corpus));
    expect(view(back).map((v) => v.where)).toEqual(corpus.documents[0]!.sentences.map((_, k) => `task ${k + 1} (id ${k + 1})`));
    // Label Studio reads the pre-annotations: type labels, code-point offsets, the span text, a score.
    const task = (JSON.parse(written) as { predictions?: { model_version: string; score: number; result: unknown[] }[] }[])[1]!;
    expect(task.predictions).toEqual([
      {
        model_version: 'student-v2',
        score: 0.72,
        result: [
          {
            id: '2-p0',
            from_name: 'label',
            to_name: 'text',
            type: 'labels',
            value: { start: 0, end: 10, text: 'Telefónica', labels: ['ORG'] },
            score: 0.88,
          },
          {
            id: '2-p1',
            from_name: 'label',
            to_name: 'text',
            type: 'labels',
            value: { start: 32, end: 36, text: 'Lima', labels: ['LOC'] },
            score: 0.93,
          },
        ],
      },
    ]);
  });

  it('writes code-point offsets past emoji and keeps tokens the tokenizer would split differently', () => {
    const conll = readCorpus(bytes('U.S. B-LOC\nvisit O\n😀 O\nMaría B-PER\n'), { file: 'x.conll' });
    const written = writeCorpus(conll.documents, { format: 'labelstudio' });
    const result = (JSON.parse(written) as { annotations: { result: { value: unknown }[] }[] }[])[0]!.annotations[0]!.result;
    expect(result.map((r) => r.value)).toEqual([
      { start: 0, end: 4, text: 'U.S.', labels: ['LOC'] },
      { start: 13, end: 18, text: 'María', labels: ['PER'] },
    ]);
    const back = readCorpus(bytes(written), { file: 'x.json' });
    expect(back.tokenizer).toBe('labelstudio');
    expect(back.documents[0]!.sentences[0]!.tokens).toEqual(conll.documents[0]!.sentences[0]!.tokens);
  });

  it('reads a single task, legacy completions and the text field its spans point into', () => {
    const task = {
      data: { title: 'Nota', body: 'Vive en Quito.' },
      completions: [{ result: [{ type: 'labels', to_name: 'body', value: { start: 8, end: 13, text: 'Quito', labels: ['LOC'] } }] }],
    };
    const c = readCorpus(bytes(JSON.stringify(task, null, 2)), { file: 'one.json' });
    expect(c.format).toBe('labelstudio');
    expect(view(c)).toEqual([{ where: 'task 1', gold: ['LOC:Quito'], prediction: null }]);
    expect(c.warnings).toEqual(['one.json: fields not read: title']);
  });

  it('imports as unlabelled on request, keeping neither gold nor predictions', () => {
    const c = readCorpus(fixture('labelstudio-export.json'), { file: 'x.json', unlabelled: true });
    expect(view(c).every((v) => v.gold === null && v.prediction === null)).toBe(true);
  });
});

describe('Label Studio JSON-MIN', () => {
  it('is detected, keeps the latest record of a task, and reads an annotated task without spans as labelled', () => {
    const c = readCorpus(fixture('labelstudio-min.json'), { file: 'min.json' });
    expect(c.format).toBe('labelstudio-min');
    expect(view(c)).toEqual([
      { where: 'record 1 (id 101)', gold: ['PER:Angela Merkel', 'LOC:Madrid'], prediction: null },
      { where: 'record 3 (id 104)', gold: ['PER:Ana', 'LOC:東 京', 'PER:María'], prediction: null },
      { where: 'record 4 (id 109)', gold: [], prediction: null },
    ]);
    expect(c.warnings).toEqual([
      'min.json: older records of an annotated task left out (the latest was kept): 1',
      'min.json: fields not read: sentiment',
    ]);
  });

  it('written and read back gives the same sentences; unlabelled ones stay unlabelled', () => {
    const source = readCorpus(bytes('Ana B-PER\nvive O\n\nNadie _\naquí _\n'), { file: 'x.conll' });
    const written = writeCorpus(source.documents, { format: 'labelstudio-min' });
    expect(JSON.parse(written)).toEqual([
      {
        id: 1,
        text: 'Ana vive',
        tokens: [
          [0, 3],
          [4, 8],
        ],
        document: 'x.conll',
        label: [{ start: 0, end: 3, text: 'Ana', labels: ['PER'] }],
        annotation_id: 1,
      },
      {
        id: 2,
        text: 'Nadie aquí',
        tokens: [
          [0, 5],
          [6, 10],
        ],
        document: 'x.conll',
      },
    ]);
    const back = readCorpus(bytes(written), { file: 'x.json' });
    expect(back.format).toBe('labelstudio-min');
    expect(back.documents[0]!.sentences.map((s) => s.spans)).toEqual([[{ start: 0, end: 1, label: 'PER' }], null]);
  });
});

describe('Label Studio label config', () => {
  it('lists every label with its colour on a Text tag fed by $text', () => {
    expect(
      labelStudioConfig([
        { name: 'PER', color: '#e15759' },
        { name: 'R&D', color: '#4e79a7' },
      ]),
    ).toBe(
      [
        '<View>',
        '  <Labels name="label" toName="text">',
        '    <Label value="PER" background="#e15759"/>',
        '    <Label value="R&amp;D" background="#4e79a7"/>',
        '  </Labels>',
        '  <Text name="text" value="$text"/>',
        '</View>',
        '',
      ].join('\n'),
    );
  });
});

describe('malformed Label Studio files give errors that name the task or line', () => {
  const read = (text: string, format?: 'labelstudio' | 'labelstudio-min') =>
    errorOf(() => readCorpus(bytes(text), { file: 'bad.json', format })).message;

  it('broken JSON names the line', () => {
    expect(read('[\n{"data": {"text": "a"}},\n{"data": }\n]')).toBe("bad.json:3: invalid JSON: Unexpected token '}'");
  });

  it('names the line each task starts on, in a pretty-printed export as in a one-line one', () => {
    const tasks = [
      { data: { text: 'Hola' } },
      { data: { text: 'Adiós "[x]"' }, annotations: [{ result: [{ type: 'labels', value: { start: 0, end: 99, labels: ['X'] } }] }] },
    ];
    expect(read(JSON.stringify(tasks, null, 2))).toBe('bad.json:7: task 2: span 0..99 "X" is empty or outside the text (11 characters)');
    expect(read(JSON.stringify(tasks))).toBe('bad.json:1: task 2: span 0..99 "X" is empty or outside the text (11 characters)');
  });

  it('a task without data, offsets outside the text, a labels result without offsets', () => {
    expect(read('[{"data": {"text": "Hola"}}, {"id": 9, "annotations": []}]')).toBe(
      'bad.json:1: task 2 (id 9): field data: Invalid input: expected record, received undefined',
    );
    const outside = [
      { id: 4, data: { text: 'Hola' }, annotations: [{ result: [{ type: 'labels', value: { start: 2, end: 9, labels: ['PER'] } }] }] },
    ];
    expect(read(JSON.stringify(outside))).toBe('bad.json:1: task 1 (id 4): span 2..9 "PER" is empty or outside the text (4 characters)');
    const noOffsets = [{ data: { text: 'Hola' }, annotations: [{ result: [{ type: 'labels', value: { labels: ['PER'] } }] }] }];
    expect(read(JSON.stringify(noOffsets))).toBe(
      'bad.json:1: task 1, latest annotation: result 1: field value.start: Invalid input: expected number, received undefined',
    );
  });

  it('a text field that cannot be told, tokens that do not fit, an empty list', () => {
    expect(read('[{"data": {"a": "x", "b": "y"}}]')).toBe(
      'bad.json:1: task 1: cannot tell which data field holds the text (a, b); name it "text"',
    );
    expect(read('[{"data": {"text": "Hola", "tokens": [[0, 9]]}}]')).toBe(
      'bad.json:1: task 1: data.tokens: token 0 (0..9) is empty, outside the text (4 characters) or overlaps the one before',
    );
    expect(read('[]')).toBe('bad.json:1: file has no tasks');
    expect(read('{"text": "x"}', 'labelstudio-min')).toBe('bad.json:1: a JSON-MIN export is a list of records');
  });
});
