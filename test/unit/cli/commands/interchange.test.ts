import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runIn } from '../helpers.js';

let dir = '';
const run = (...argv: string[]) => runIn(dir, ...argv);
const FIXTURES = new URL('../../../fixtures/formats/', import.meta.url);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crosstag-cli-interchange-'));
  writeFileSync(join(dir, 'gold.conll'), 'Ana B-PER\nvive O\nen O\nLima B-LOC\n\nEl O\nFMI B-ORG\n');
  for (const f of ['labelstudio-export.json', 'webanno-ner.tsv']) copyFileSync(new URL(f, FIXTURES), join(dir, f));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('crosstag convert with Label Studio and WebAnno TSV', () => {
  it('writes Label Studio JSON and its label config from a .json name, and reads it back', async () => {
    expect(await run('convert', 'gold.conll', 'tasks.json')).toEqual({
      code: 0,
      out: 'wrote 2 sentences in 1 documents to tasks.json (labelstudio) and its label config to tasks.label-config.xml\n',
      err: '',
    });
    expect(readFileSync(join(dir, 'tasks.label-config.xml'), 'utf8')).toContain('<Label value="LOC" background="#59a14f"/>');
    expect((await run('convert', 'tasks.json', 'back.conll')).code).toBe(0);
    expect(readFileSync(join(dir, 'back.conll'), 'utf8')).toBe(readFileSync(join(dir, 'gold.conll'), 'utf8') + '\n');
  });

  it('converts INCEpTION TSV to CoNLL, printing what a flat tag set loses', async () => {
    const r = await run('convert', 'webanno-ner.tsv', 'ner.conll');
    expect(r.code).toBe(0);
    expect(r.err).toContain('crosstag: warning: webanno-ner.tsv: entities crossing a sentence boundary dropped: 1\n');
    expect(readFileSync(join(dir, 'ner.conll'), 'utf8').split('\n').slice(0, 3)).toEqual(['Angela B-PER', 'Merkel I-PER', 'visitó O']);
    expect((await run('convert', 'ner.conll', 'again.tsv', '--to', 'webanno')).code).toBe(0);
    expect(readFileSync(join(dir, 'again.tsv'), 'utf8')).toMatch(/^#FORMAT=WebAnno TSV 3\.3\n/);
  });

  it('a malformed file exits 1 naming the task, and writes nothing', async () => {
    writeFileSync(
      join(dir, 'bad.json'),
      '[{"data": {"text": "Hola"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 0, "end": 40, "labels": ["X"]}}]}]}]',
    );
    expect(await run('convert', 'bad.json', 'out.conll')).toEqual({
      code: 1,
      out: '',
      err: 'crosstag: bad.json:1: task 1: span 0..40 "X" is empty or outside the text (4 characters)\n',
    });
    expect(existsSync(join(dir, 'out.conll'))).toBe(false);
  });
});

describe('crosstag project with Label Studio', () => {
  it("imports predictions and exports a chosen model's as pre-annotations, with the label config", async () => {
    await run('project', 'create', 'p.sqlite', '--name', 'LS', '--labels', 'PER,ORG,LOC');
    const imported = await run('project', 'import', 'p.sqlite', 'labelstudio-export.json', '--lang', 'es', '--split', 'unlabelled');
    expect(imported.code).toBe(0);
    expect(imported.out).toBe(
      'imported 8 sentences (46 tokens; Government_Body 1, LOC 4, ORG 1, PER 5, 1 with predictions) into es/unlabelled\n',
    );
    expect(imported.err).toContain('credited to the external model(s) "student-v2"');

    expect(
      (await run('project', 'export', 'p.sqlite', 'x.json', '--lang', 'es', '--format', 'labelstudio', '--predictions', 'nope')).err,
    ).toBe('crosstag: --predictions: no model "nope" in this project (models: 1 "student-v2")\n');
    expect((await run('project', 'export', 'p.sqlite', 'x.conll', '--lang', 'es', '--predictions', 'all')).err).toBe(
      'crosstag: --predictions needs --format labelstudio\n',
    );
    const out = await run(
      'project',
      'export',
      'p.sqlite',
      'review.json',
      '--lang',
      'es',
      '--format',
      'labelstudio',
      '--predictions',
      'student-v2',
    );
    expect(out).toEqual({
      code: 0,
      out: 'wrote 8 sentences (1 with predictions) to review.json and the label config to ' + join(dir, 'review.label-config.xml') + '\n',
      err: '',
    });
    const tasks = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8')) as { predictions?: { model_version: string }[] }[];
    expect(tasks.filter((t) => t.predictions !== undefined).map((t) => t.predictions![0]!.model_version)).toEqual(['student-v2']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
