// Label Studio and WebAnno TSV through the core: import into a project (predictions included),
// export back out with a model's predictions and the label config, and refuse bad files whole.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src-main/core/errors.js';
import { readCorpus, writeCorpus } from '../../../../src-main/core/formats/index.js';
import type { Harness } from './fixtures.js';
import { harness } from './fixtures.js';

const FIXTURES = new URL('../../../fixtures/formats/', import.meta.url);
const fixturePath = (name: string) => new URL(name, FIXTURES).pathname;

let h: Harness;
beforeEach(async () => {
  h = harness();
  await h.core['projects.create']({ path: 'p.sqlite', name: 'Interchange', labels: ['PER', 'ORG', 'LOC'] });
});
afterEach(async () => {
  await h.cleanup();
});

interface Task {
  id: number;
  data: { text: string };
  annotations?: { result: { value: unknown }[] }[];
  predictions?: { model_version: string; score?: number; result: { value: unknown; score?: number }[] }[];
}

const importFixture = (name: string, split: 'train' | 'unlabelled' = 'train') =>
  h.core['imports.run']({ source: { kind: 'path', path: fixturePath(name) }, lang: 'es', split });

describe('Label Studio through a project', () => {
  it('imports gold as gold and prediction-only tasks as predicted, credited to an external model', async () => {
    const summary = await importFixture('labelstudio-export.json');
    expect(summary).toMatchObject({
      format: 'labelstudio',
      sentences: 8,
      predicted: 1,
      entities: { PER: 5, LOC: 4, ORG: 1, Government_Body: 1 },
    });
    expect(summary.warnings.slice(-4)).toEqual([
      'added language es to the project',
      'added label Government_Body to the label set',
      '1 sentence(s) imported as predicted, credited to the external model(s) "student-v2" (listed under Models)',
      'labelstudio-export.json: predictions on 1 annotated sentence(s) left out: a sentence holds gold or predictions, not both',
    ]);
    expect(await h.core['stats.splits']({})).toEqual([
      { lang: 'es', split: 'train', total: 8, unlabelled: 1, predicted: 1, gold: 6, corrected: 0 },
    ]);
    const store = h.core.currentStore()!;
    const [external] = store.models.list();
    expect(external).toMatchObject({ name: 'student-v2', kind: 'external', dir: '', runId: null });
    expect(() => store.models.runnable(external!.id)).toThrow(/only holds predictions imported from another tool; it cannot tag text/);
    const predicted = store.sentences.records({ statuses: ['predicted'] })[0]!;
    expect(predicted.text).toBe('Telefónica abrió una oficina en Lima.');
    expect(predicted.uncertainty).toBeCloseTo(0.28, 10);
    expect(
      predicted.spans.map(({ start, end, label, provenance, modelId, confidence }) => ({
        start,
        end,
        label,
        provenance,
        modelId,
        confidence,
      })),
    ).toEqual([
      { start: 0, end: 1, label: 'ORG', provenance: 'predicted', modelId: external!.id, confidence: 0.88 },
      { start: 5, end: 6, label: 'LOC', provenance: 'predicted', modelId: external!.id, confidence: 0.93 },
    ]);
    // Importing another file with the same model version credits the same model.
    await importFixture('labelstudio-export.json');
    expect(store.models.list()).toHaveLength(1);
  });

  it("exports a chosen model's predictions as pre-annotations, with the label config beside the file", async () => {
    await importFixture('labelstudio-export.json');
    const model = h.core.currentStore()!.models.list()[0]!.id;
    fs.mkdirSync(path.join(h.dir, 'out'));
    const out = await h.core['exports.run']({ lang: 'es', format: 'labelstudio', predictions: model, path: 'out/tasks.json' });
    expect(out).toMatchObject({ sentences: 8, predicted: 1, path: path.join(h.dir, 'out', 'tasks.json'), content: null, notes: [] });
    expect(out.labelConfig).toEqual({ path: path.join(h.dir, 'out', 'tasks.label-config.xml'), content: null });
    const config = fs.readFileSync(path.join(h.dir, 'out', 'tasks.label-config.xml'), 'utf8');
    expect(config).toContain('<Label value="PER" background="#e15759"/>');
    expect(config).toContain('<Label value="Government_Body" background=');
    const tasks = JSON.parse(fs.readFileSync(path.join(h.dir, 'out', 'tasks.json'), 'utf8')) as Task[];
    expect(tasks).toHaveLength(8);
    expect(tasks[0]!.annotations![0]!.result.map((r) => r.value)).toEqual([
      { start: 0, end: 13, text: 'Angela Merkel', labels: ['PER'] },
      { start: 21, end: 27, text: 'Madrid', labels: ['LOC'] },
    ]);
    expect(tasks[0]!.predictions).toBeUndefined();
    const p = tasks[1]!.predictions![0]!;
    expect(p.model_version).toBe('student-v2');
    expect(p.score).toBeCloseTo(0.72, 10);
    expect(p.result.map((r) => [r.value, r.score])).toEqual([
      [{ start: 0, end: 10, text: 'Telefónica', labels: ['ORG'] }, 0.88],
      [{ start: 32, end: 36, text: 'Lima', labels: ['LOC'] }, 0.93],
    ]);
    // Without a model choice, a predicted sentence goes out as a plain task.
    const none = await h.core['exports.run']({ lang: 'es', format: 'labelstudio' });
    const plain = JSON.parse(none.content!) as Task[];
    expect(plain[1]).toEqual({ id: 2, data: expect.objectContaining({ text: 'Telefónica abrió una oficina en Lima.' }) as unknown });
    expect(none.labelConfig?.content).toContain('<Text name="text" value="$text"/>');
  });

  it('written by Crosstag and read into another project gives the same tasks, annotations and predictions', async () => {
    await importFixture('labelstudio-export.json');
    const first = await h.core['exports.run']({ lang: 'es', format: 'labelstudio', predictions: 'all', path: 'a.json' });
    expect(first.predicted).toBe(1);
    await h.core['projects.create']({ path: 'q.sqlite', name: 'Second', labels: ['PER', 'ORG', 'LOC'] });
    await h.core['imports.run']({ source: { kind: 'path', path: 'a.json' }, lang: 'es', split: 'train' });
    await h.core['exports.run']({ lang: 'es', format: 'labelstudio', predictions: 'all', path: 'b.json' });
    const tasks = (file: string) =>
      (JSON.parse(fs.readFileSync(path.join(h.dir, file), 'utf8')) as (Task & { data: { document: string } })[]).map((t) => ({
        ...t,
        data: { ...t.data, document: '' },
      }));
    expect(tasks('b.json')).toEqual(tasks('a.json'));
  });

  it('a malformed file names its task or line and changes nothing, on disk or in the project', async () => {
    await importFixture('labelstudio-min.json');
    const file = path.join(h.dir, 'p.sqlite');
    const store = h.core.currentStore()!;
    const hash = (): string => {
      store.db.pragma('wal_checkpoint(TRUNCATE)');
      return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    };
    const before = { stats: await h.core['stats.splits']({}), hash: hash(), models: store.models.list() };
    const tasks = JSON.parse(fs.readFileSync(fixturePath('labelstudio-export.json'), 'utf8')) as Task[];
    (tasks[6]!.annotations![0]!.result[1]!.value as { end: number }).end = 99;
    fs.writeFileSync(path.join(h.dir, 'bad.json'), JSON.stringify(tasks, null, 2));
    const err = await h.core['imports.run']({ source: { kind: 'path', path: 'bad.json' }, lang: 'es', split: 'train' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CoreError);
    const { message, line } = err as CoreError;
    expect(message).toBe(
      `${path.join(h.dir, 'bad.json')}:${line}: task 7 (id 107): span 22..99 "LOC" is empty or outside the text (28 characters)`,
    );
    // The line the task starts on: the seventh object of the pretty-printed list.
    const lines = fs.readFileSync(path.join(h.dir, 'bad.json'), 'utf8').split('\n');
    expect(lines[line! - 1]).toBe('  {');
    expect(lines.slice(0, line! - 1).filter((l) => l === '  {')).toHaveLength(6);
    expect(await h.core['stats.splits']({})).toEqual(before.stats);
    expect(store.models.list()).toEqual(before.models);
    expect(hash()).toBe(before.hash);

    // A WebAnno TSV whose last token does not match its sentence text: refused at that line.
    const tsv = fs.readFileSync(fixturePath('webanno-ner.tsv'), 'utf8').replace('5-2\t95-96\t.', '5-2\t95-96\t!');
    fs.writeFileSync(path.join(h.dir, 'bad.tsv'), tsv);
    const tsvErr = (await h.core['imports.run']({ source: { kind: 'path', path: 'bad.tsv' }, lang: 'es', split: 'train' }).catch(
      (e: unknown) => e,
    )) as CoreError;
    expect(tsvErr.line).toBe(tsv.split('\n').findIndex((l) => l.startsWith('5-2\t')) + 1);
    expect(tsvErr.message).toMatch(/bad\.tsv:\d+: token "!" at 95-96 does not match the sentence text there \("\."\)/);
    expect(await h.core['stats.splits']({})).toEqual(before.stats);
    expect(hash()).toBe(before.hash);
  });
});

describe('WebAnno TSV through a project', () => {
  it('imports the NamedEntity layer and exports it back as INCEpTION reads it', async () => {
    const summary = await importFixture('webanno-ner.tsv');
    expect(summary).toMatchObject({ format: 'webanno', sentences: 5, predicted: 0, entities: { PER: 2, LOC: 3, TIME_EXPR: 1 } });
    const out = await h.core['exports.run']({ lang: 'es', format: 'webanno' });
    expect(out.labelConfig).toBeNull();
    // What the project gives back is what the file said, as the TSV writer spells it.
    const read = readCorpus(fs.readFileSync(fixturePath('webanno-ner.tsv')), { file: 'webanno-ner.tsv' });
    expect(out.content).toBe(writeCorpus(read.documents, { format: 'webanno' }));
  });
});
