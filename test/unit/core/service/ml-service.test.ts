import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport, ModelInfo, RunInfo } from '../../../../src-main/contract/entities.js';
import { CoreError } from '../../../../src-main/core/errors.js';
import { dispatch } from '../../../../src-main/core/service/index.js';
import { trainingConfig as config, mlHarness, statusOf, tinyProject, type MlHarness } from '../../../support/training.js';

let h: MlHarness;
let dbPath: string;
let run: RunInfo;

beforeAll(async () => {
  h = mlHarness();
  dbPath = await tinyProject(h.core, h.dir);
  const reply = await dispatch(h.core, 'training.start', config({ epochs: 3 }));
  if (!reply.ok) throw new Error(reply.error.message);
  const started = reply.value as RunInfo;
  run = await statusOf(h.core, started.id, ['completed', 'failed', 'cancelled']);
});
afterAll(async () => {
  await h?.cleanup();
});

async function rejects(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoreError);
  expect((err as CoreError).code).toBe(code);
  expect((err as CoreError).message).toMatch(message);
}

describe('a pipeline run through the core', () => {
  it('completes in a worker, streaming progress for every stage', () => {
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    expect(run.kind).toBe('pipeline');
    const stages = new Set(h.events['training.progress']!.filter((p) => p.runId === run.id).map((p) => p.stage));
    expect([...stages]).toEqual(['teacher-recognizer', 'teacher-evaluator', 'student', 'predict']);
    const progress = h.events['training.progress']![0]!;
    expect(progress.backend).toBe(run.backend);
    expect(progress.steps).toBeGreaterThan(0);
    const statuses = h.events['training.status']!.filter((r) => r.id === run.id).map((r) => r.status);
    expect(statuses[0]).toBe('running');
    expect(statuses.at(-1)).toBe('completed');
  });

  it('stores per-epoch metrics, the backend, the data it used and the checkpoints', () => {
    expect(run.backend).toMatch(/^(tfjs-node-gpu|tfjs-node|wasm|cpu)$/);
    expect(run.metrics.map((m) => `${m.stage}/${m.epoch}`)).toEqual([
      'teacher-recognizer/1',
      'teacher-recognizer/2',
      'teacher-recognizer/3',
      'teacher-evaluator/1',
      'student/1',
    ]);
    for (const m of run.metrics) {
      expect(Number.isFinite(m.loss)).toBe(true);
      expect(m.tokensPerSec).toBeGreaterThan(0);
    }
    expect(run.metrics[0]!.devF1).toBeGreaterThanOrEqual(0);
    expect(run.config['data']).toMatchObject({
      sourceSentences: 16,
      targetSentences: 10,
      devSentences: 4,
      devUsed: 'target-dev',
      devNote: null,
    });
    expect(run.checkpointDir).toBe(path.join(h.dir, 'p.sqlite.crosstag', 'runs', String(run.id), 'checkpoints'));
    // A stage saved more than once keeps the checkpoint it replaced as .prev (the recognizer ran 3 epochs, the others 1).
    expect(fs.readdirSync(run.checkpointDir!).sort()).toEqual([
      'student.ckpt',
      'teacher-evaluator.ckpt',
      'teacher-recognizer.ckpt',
      'teacher-recognizer.ckpt.prev',
    ]);
  });

  it('registers a teacher and a student with their folders and scores', async () => {
    const models = await h.core['models.list']({});
    expect(models.map((m) => m.kind).sort()).toEqual(['student', 'teacher']);
    expect(run.modelIds.sort()).toEqual(models.map((m) => m.id).sort());
    for (const m of models) {
      expect(m.runId).toBe(run.id);
      expect(path.isAbsolute(m.dir)).toBe(true);
      expect(fs.existsSync(path.join(m.dir, 'config.json'))).toBe(true);
      expect(m.metrics['trainSentences']).toBeGreaterThan(0);
      expect(m.metrics['devF1']).toBeGreaterThanOrEqual(0);
    }
    expect(models.find((m) => m.kind === 'teacher')!.metrics['pairAccuracy']).toBeGreaterThanOrEqual(0);
  });

  it('writes predictions back to unlabelled target sentences only, with confidence and uncertainty', async () => {
    const student = (await h.core['models.list']({})).find((m) => m.kind === 'student')!;
    const es = await h.core['sentences.list']({ filter: { lang: 'es', split: 'unlabelled' }, sort: 'document', offset: 0, limit: 100 });
    expect(es.rows.map((r) => r.status)).toEqual(new Array(10).fill('predicted'));
    for (const row of es.rows) expect(row.uncertainty).toBeGreaterThanOrEqual(0);
    const spans = (await Promise.all(es.rows.map((r) => h.core['sentences.get']({ id: r.id })))).flatMap((s) => s.spans);
    expect(spans.length).toBeGreaterThan(0);
    for (const sp of spans) {
      expect(sp.provenance).toBe('predicted');
      expect(sp.modelId).toBe(student.id);
      expect(sp.confidence).toBeGreaterThan(0);
      expect(sp.confidence).toBeLessThanOrEqual(1);
    }
    const gold = await h.core['sentences.list']({ filter: { lang: 'en' }, sort: 'document', offset: 0, limit: 100 });
    expect(new Set(gold.rows.map((r) => r.status))).toEqual(new Set(['gold']));
    const esDev = await h.core['sentences.list']({ filter: { lang: 'es', split: 'dev' }, sort: 'document', offset: 0, limit: 100 });
    expect(new Set(esDev.rows.map((r) => r.status))).toEqual(new Set(['gold']));
    expect(h.events['sentences.changed']).toContainEqual({ reason: 'predictions' });
  });

  it('lists and gets runs', async () => {
    expect((await h.core['training.list']({})).map((r) => r.id)).toContain(run.id);
    expect((await h.core['training.get']({ runId: run.id })).status).toBe('completed');
    await rejects(h.core['training.resume']({ runId: run.id }), 'CONFLICT', /has completed/);
    await rejects(h.core['training.cancel']({ runId: run.id }), 'CONFLICT', /only a running run/);
  });
});

describe('inference through the persistent worker', () => {
  it('evaluates a model on a labelled split and names the sentences with most errors', async () => {
    const teacher = (await h.core['models.list']({})).find((m) => m.kind === 'teacher')!;
    const reply = await dispatch(h.core, 'evaluate.run', { modelId: teacher.id, lang: 'es', split: 'dev' });
    if (!reply.ok) throw new Error(reply.error.message);
    const { modelId, report, worst } = reply.value as {
      modelId: number;
      report: EvalReport;
      worst: { sentenceId: number; errors: number; preview: string }[];
    };
    expect(modelId).toBe(teacher.id);
    for (const x of [report.precision, report.recall, report.f1]) expect(x).toBeGreaterThanOrEqual(0);
    expect(report.f1).toBeLessThanOrEqual(1);
    expect(report.perType['PER']!.support).toBeGreaterThan(0);
    const n = report.confusion.labels.length;
    expect(report.confusion.labels).toContain('O');
    expect(report.confusion.matrix).toHaveLength(n);
    for (const row of report.confusion.matrix) expect(row).toHaveLength(n);
    // Four dev sentences: 4+6+4+6 tokens, every one in the confusion matrix once.
    expect(report.confusion.matrix.flat().reduce((a, b) => a + b, 0)).toBe(20);
    const devIds = (
      await h.core['sentences.list']({ filter: { lang: 'es', split: 'dev' }, sort: 'document', offset: 0, limit: 10 })
    ).rows.map((r) => r.id);
    for (const w of worst) {
      expect(devIds).toContain(w.sentenceId);
      expect(w.errors).toBeGreaterThan(0);
      expect(w.preview.length).toBeGreaterThan(0);
    }
    expect(worst.map((w) => w.errors)).toEqual([...worst.map((w) => w.errors)].sort((a, b) => b - a));
    await rejects(
      h.core['evaluate.run']({ modelId: teacher.id, lang: 'es', split: 'test' }),
      'BAD_REQUEST',
      /no labelled .*es sentences in the test split/,
    );
  });

  it('gives the teacher similarity of every token pair of a pair', async () => {
    const en = (await h.core['sentences.list']({ filter: { lang: 'en', split: 'train' }, sort: 'document', offset: 0, limit: 1 })).rows[0]!;
    const es = (await h.core['sentences.list']({ filter: { lang: 'es', split: 'unlabelled' }, sort: 'document', offset: 0, limit: 1 }))
      .rows[0]!;
    const pair = await h.core['pairs.create']({ a: en.id, b: es.id });
    const result = await h.core['pairs.similarity']({ pairId: pair.id });
    const teacher = (await h.core['models.list']({})).find((m) => m.kind === 'teacher')!;
    expect(result!.modelId).toBe(teacher.id);
    expect(result!.s).toHaveLength(pair.a.tokens.length);
    for (const row of result!.s) {
      expect(row).toHaveLength(pair.b.tokens.length);
      for (const v of row) expect(v > 0 && v < 1).toBe(true);
    }
    const student = (await h.core['models.list']({})).find((m) => m.kind === 'student')!;
    await rejects(h.core['pairs.similarity']({ pairId: pair.id, modelId: student.id }), 'BAD_REQUEST', /needs a teacher/);
  });

  it('reports the backend and what to install for CUDA', async () => {
    const report = await h.core['backend.info']({});
    expect(report.chosen).toBe(run.backend);
    expect(report.tried.some((t) => t.ok && t.name === report.chosen)).toBe(true);
    expect(report.reason).toMatch(/npm install @tensorflow\/tfjs-node-gpu/);
    expect(h.ml.inference.pid).toBeGreaterThan(0);
  });

  it('hands the thread setting to the workers it starts next, and back to every core', async () => {
    const cores = (await h.core['backend.settings']({})).cores;
    expect(await h.core['backend.configure']({ threads: 1 })).toEqual({ threads: 1, cores });
    const one = await h.core['backend.info']({});
    expect(one.chosen).toBe('wasm');
    expect(one.threads).toBe(1);
    expect(one.reason).toMatch(/^wasm on 1 thread is the first working backend/);
    expect(await h.core['backend.configure']({ threads: null })).toEqual({ threads: null, cores });
    expect((await h.core['backend.info']({})).threads).toBe(cores);
    const bad = await dispatch(h.core, 'backend.configure', { threads: 0 });
    expect(bad.ok).toBe(false);
  });
});

describe('model files', () => {
  it('exports a folder that imports back as a new model, renames and deletes', async () => {
    const teacher = (await h.core['models.list']({})).find((m) => m.kind === 'teacher')!;
    const out = await h.core['models.export']({ id: teacher.id, path: 'exported/teacher' });
    expect(out.path).toBe(path.join(h.dir, 'exported', 'teacher'));
    expect(fs.readdirSync(out.path).sort()).toEqual(['config.json', 'vocab.json', 'weights.bin', 'weights.json']);
    await rejects(h.core['models.export']({ id: teacher.id, path: 'exported/teacher' }), 'CONFLICT', /already exists/);

    const imported: ModelInfo = await h.core['models.import']({ path: 'exported/teacher', name: 'Shared teacher' });
    expect(imported).toMatchObject({ name: 'Shared teacher', kind: 'teacher', encoder: 'small', runId: null });
    expect(imported.dir.startsWith(path.join(h.dir, 'p.sqlite.crosstag', 'models'))).toBe(true);
    expect(imported.metrics['devF1']).toBe(teacher.metrics['devF1']);
    expect(fs.readFileSync(path.join(imported.dir, 'weights.bin')).equals(fs.readFileSync(path.join(teacher.dir, 'weights.bin')))).toBe(
      true,
    );
    expect((await h.core['models.rename']({ id: imported.id, name: 'Renamed' })).name).toBe('Renamed');

    fs.writeFileSync(path.join(h.dir, 'exported', 'teacher', 'weights.bin'), Buffer.alloc(8));
    await rejects(h.core['models.import']({ path: 'exported/teacher' }), 'BAD_REQUEST', /weights\.bin: weight .* lies outside the file/);
    await rejects(h.core['models.import']({ path: 'nowhere' }), 'NOT_FOUND', /no such folder/);
    expect((await h.core['models.list']({})).length).toBe(3);

    await h.core['models.delete']({ id: imported.id });
    expect(fs.existsSync(imported.dir)).toBe(false);
    expect(fs.existsSync(path.join(h.dir, 'exported', 'teacher'))).toBe(true);
    expect((await h.core['models.list']({})).map((m) => m.id)).not.toContain(imported.id);
  });

  it('predicts a split with a chosen model as a predict run', async () => {
    const teacher = (await h.core['models.list']({})).find((m) => m.kind === 'teacher')!;
    const started = await h.core['predict.start']({ modelId: teacher.id, lang: 'es', splits: ['unlabelled'] });
    expect(started.kind).toBe('predict');
    const done = await statusOf(h.core, started.id, ['completed', 'failed', 'cancelled']);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    const es = await h.core['sentences.list']({ filter: { lang: 'es', split: 'unlabelled' }, sort: 'document', offset: 0, limit: 100 });
    const spans = (await Promise.all(es.rows.map((r) => h.core['sentences.get']({ id: r.id })))).flatMap((s) => s.spans);
    expect(spans.every((sp) => sp.modelId === teacher.id)).toBe(true);
    expect(fs.existsSync(dbPath)).toBe(true);
  });
});
