import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../src-main/core/store/index.js';
import { openStore } from '../../../../src-main/core/store/index.js';
import { corpus, tempStore, type TempStore } from '../../../support/store.js';

let t: TempStore;
let file: string;
let store: Store;

beforeEach(() => {
  t = tempStore();
  ({ file, store } = t);
});
afterEach(() => {
  store.close();
  t.cleanup();
});

describe('runs and models', () => {
  it('records a run, its epochs (replacing a re-recorded epoch) and its models', () => {
    const run = store.runs.create('pipeline', { epochs: 2 });
    expect(run).toMatchObject({ kind: 'pipeline', status: 'queued', stage: null, config: { epochs: 2 }, metrics: [], modelIds: [] });
    store.runs.update(run.id, { status: 'running', stage: 'teacher-recognizer', backend: 'wasm', checkpointDir: '/ck' });
    const m = { stage: 'teacher-recognizer' as const, epoch: 1, loss: 0.9, devF1: 0.5, tokensPerSec: 3000, seconds: 10 };
    store.runs.addMetrics(run.id, m);
    store.runs.addMetrics(run.id, { ...m, loss: 0.8 });
    store.runs.addMetrics(run.id, { ...m, epoch: 2, loss: 0.5, devF1: null });
    const model = store.models.create({
      name: 'teacher',
      kind: 'teacher',
      encoder: 'small',
      dir: '/models/t',
      runId: run.id,
      metrics: { f1: 0.7 },
    });
    const got = store.runs.get(run.id);
    expect(got).toMatchObject({
      status: 'running',
      stage: 'teacher-recognizer',
      backend: 'wasm',
      checkpointDir: '/ck',
      modelIds: [model.id],
    });
    expect(got.metrics.map((x) => [x.epoch, x.loss, x.devF1])).toEqual([
      [1, 0.8, 0.5],
      [2, 0.5, null],
    ]);
    store.runs.update(run.id, { status: 'failed', error: 'out of memory' });
    expect(store.runs.list()[0]).toMatchObject({ status: 'failed', error: 'out of memory' });
    expect(() => store.runs.update(999, { status: 'failed' })).toThrow(/no run 999/);
  });

  it('renames, lists and deletes models; a deleted model leaves its predictions without a model id', () => {
    store.importCorpus(corpus(['uno dos']), { lang: 'es', split: 'unlabelled', file: 'es' });
    store.project.ensureLabels(['PER']);
    const a = store.models.create({ name: 'a', kind: 'teacher', encoder: 'small', dir: '/a' });
    const b = store.models.create({ name: 'b', kind: 'student', encoder: 'small', dir: '/b' });
    expect(store.models.list().map((m) => m.id)).toEqual([b.id, a.id]);
    expect(store.models.rename(a.id, 'renamed').name).toBe('renamed');
    expect(store.models.setMetrics(a.id, { f1: 0.5 }).metrics).toEqual({ f1: 0.5 });
    store.writePredictions(b.id, [{ sentenceId: 1, spans: [{ start: 0, end: 1, label: 'PER', confidence: 0.6 }], uncertainty: 0.4 }]);
    store.models.delete(b.id);
    expect(store.sentences.get(1).spans[0]).toMatchObject({ provenance: 'predicted', modelId: null, confidence: 0.6 });
    expect(() => store.models.get(b.id)).toThrow(/no model/);
  });

  it("never reuses a deleted model's id, so undo cannot credit its predicted spans to a new model", () => {
    store.importCorpus(corpus(['uno dos tres']), { lang: 'es', split: 'unlabelled', file: 'es' });
    store.project.ensureLabels(['PER', 'LOC']);
    const old = store.models.create({ name: 'old', kind: 'student', encoder: 'small', dir: '/old' });
    store.writePredictions(old.id, [{ sentenceId: 1, spans: [{ start: 0, end: 1, label: 'PER', confidence: 0.6 }], uncertainty: 0.4 }]);
    store.annotations.set(1, 2, 3, 'LOC');
    store.models.delete(old.id);
    const fresh = store.models.create({ name: 'fresh', kind: 'student', encoder: 'small', dir: '/fresh' });
    expect(fresh.id).toBeGreaterThan(old.id);
    store.edits.undo();
    expect(store.sentences.get(1).spans).toEqual([
      { start: 0, end: 1, label: 'PER', provenance: 'predicted', confidence: 0.6, modelId: null },
    ]);
  });

  it('a second connection (the training worker) sees and writes the same project', () => {
    const run = store.runs.create('teacher', {});
    const worker = openStore(file);
    worker.runs.update(run.id, { status: 'completed' });
    expect(store.runs.get(run.id).status).toBe('completed');
    worker.close();
  });
});
