// The worker's code paths run in this process: training data from a real project, prediction
// write-back, and the inference requests, with the tensor count unchanged afterwards.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCache, serveRequest, type EvaluateResult } from '../../../../src-main/core/jobs/worker/inference.js';
import { checkTrainingConfig, loadTrainingData, type ModelDescription } from '../../../../src-main/core/jobs/index.js';
import { predictInto, unreviewed } from '../../../../src-main/core/jobs/worker/predict-job.js';
import { ProgressRecorder } from '../../../../src-main/core/jobs/worker/progress.js';
import type { FromWorker } from '../../../../src-main/core/jobs/protocol.js';
import { encoderConfig, initBackend, saveModel, trainTeacher } from '../../../../src-main/core/ml/index.js';
import { createCore, type Core } from '../../../../src-main/core/service/index.js';
import type { Store } from '../../../../src-main/core/store/index.js';
import { trainingConfig as config, tinyProject } from '../../../support/training.js';
import { TINY_TUNING } from '../../../support/ml.js';
import { expectNoLeak } from '../../../support/leaks.js';

let dir: string;
let core: Core;
let store: Store;
let dbPath: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosstag-inproc-'));
  core = createCore({ shell: 'web', recentFile: path.join(dir, 'recent.json'), baseDir: dir });
  dbPath = await tinyProject(core, dir);
  store = core.currentStore()!;
});
afterAll(async () => {
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ids = async (filter: Parameters<Core['sentences.list']>[0]['filter']) =>
  (await core['sentences.list']({ filter, sort: 'document', offset: 0, limit: 100 })).rows.map((r) => r.id);

describe('training data from the project', () => {
  it('takes gold source sentences, unreviewed target ones and the dev set asked for', () => {
    const target = loadTrainingData(store, config());
    expect(target.summary).toEqual({
      sourceSentences: 16,
      targetGoldSentences: 0,
      targetSentences: 10,
      devSentences: 4,
      devUsed: 'target-dev',
      devNote: null,
      linkedPairs: 0,
      links: 0,
    });
    expect(target.train[0]!.tags!.length).toBe(target.train[0]!.tokens.length);
    expect(target.train.flatMap((s) => s.tags!)).toContain('B-PER');
    expect(target.dev.flatMap((s) => s.tokens)).toContain('fue');
    const source = loadTrainingData(store, config({ selectOn: 'source-dev' }));
    expect(source.summary.devUsed).toBe('source-dev');
    expect(source.dev.flatMap((s) => s.tokens)).toContain('went');
  });

  it('adds confirmed target sentences with useTargetGold, user links, and falls back when a dev set is empty', async () => {
    const [first] = await ids({ lang: 'es', split: 'unlabelled' });
    await core['annotations.set']({ sentenceId: first!, start: 0, end: 1, label: 'PER' });
    await core['annotations.confirm']({ sentenceId: first! });
    const withGold = loadTrainingData(store, config({ useTargetGold: true }));
    expect(withGold.summary.targetGoldSentences).toBe(1);
    expect(withGold.train).toHaveLength(17);
    expect(withGold.summary.targetSentences).toBe(9);
    expect(loadTrainingData(store, config()).train).toHaveLength(16);

    const [en] = await ids({ lang: 'en', split: 'train' });
    const pair = await core['pairs.create']({ a: en!, b: first! });
    await core['pairs.link']({ pairId: pair.id, i: 0, j: 0, value: 'same' });
    await core['pairs.link']({ pairId: pair.id, i: 1, j: 0, value: 'different' });
    const linked = loadTrainingData(store, config());
    expect(linked.links).toEqual([
      {
        a: pair.a.tokens.map((t) => Array.from(pair.a.text).slice(t.start, t.end).join('')),
        b: expect.any(Array),
        links: [
          { i: 0, j: 0, same: true },
          { i: 1, j: 0, same: false },
        ],
      },
    ]);

    await core['languages.upsert']({ code: 'fr', name: 'French', direction: 'ltr' });
    await core['imports.run']({
      source: { kind: 'bytes', name: 'fr.txt', base64: Buffer.from('Alice alla à Paris\n').toString('base64') },
      lang: 'fr',
      split: 'unlabelled',
      unlabelled: true,
      format: 'text',
    });
    const fr = loadTrainingData(store, config({ targetLang: 'fr' }));
    expect(fr.summary.devUsed).toBe('source-dev');
    expect(fr.summary.devNote).toBe('fr dev has no labelled sentences; selected on source-dev instead');
    expect(() => checkTrainingConfig(store, config({ sourceLangs: ['fr'], targetLang: 'es' }))).toThrow(
      /no labelled \(gold or corrected\) sentences in fr/,
    );
    expect(() => checkTrainingConfig(store, config({ targetLang: 'xx' }))).toThrow(/no language xx/);
  });
});

describe('worker code paths in process', () => {
  it('predicts into the store and serves evaluation, similarity and model checks without leaking tensors', async () => {
    await initBackend();
    await expectNoLeak(async () => {
      const data = loadTrainingData(store, config());
      const modelDir = path.join(dir, 'model');
      const teacher = await trainTeacher({
        train: data.train,
        dev: data.dev,
        encoder: encoderConfig('small', TINY_TUNING.encoderOverrides),
        epochs: 2,
        evaluatorEpochs: 1,
        batchSize: 4,
      });
      await saveModel(teacher, modelDir);
      const modelId = store.models.create({ name: 't', kind: 'teacher', encoder: 'small', dir: modelDir }).id;
      const runId = store.runs.create('predict', {}, 'running').id;
      const sent: FromWorker[] = [];
      const progress = new ProgressRecorder(store, runId, 'test', (m) => sent.push(m));
      const targets = unreviewed(store, 'es', ['unlabelled']);
      const result = await predictInto(store, teacher, modelId, targets, { batch: 4, signal: new AbortController().signal, progress });
      teacher.dispose();
      expect(result).toEqual({ written: 9, skipped: 0 });
      expect(store.runs.get(runId).stage).toBe('predict');
      const steps = sent.flatMap((m) => (m.type === 'progress' ? [m.progress.step] : []));
      expect(steps.at(-1)).toBe(3);
      expect(
        new Set(
          (await core['sentences.list']({ filter: { lang: 'es', split: 'unlabelled' }, sort: 'document', offset: 0, limit: 100 })).rows.map(
            (r) => r.status,
          ),
        ),
      ).toEqual(new Set(['predicted', 'gold']));

      const cache = new ModelCache(1);
      const evaluated = (await serveRequest(cache, { kind: 'evaluate', modelDir, dbPath, lang: 'es', split: 'dev' })) as EvaluateResult;
      expect(evaluated.report.confusion.matrix.flat().reduce((a, b) => a + b, 0)).toBe(20);
      const s = (await serveRequest(cache, { kind: 'similarity', modelDir, a: ['Alice', 'went'], b: ['Bruno', 'fue', 'a'] })) as number[][];
      expect(s.map((r) => r.length)).toEqual([3, 3]);
      const described = (await serveRequest(cache, { kind: 'describe', modelDir })) as ModelDescription;
      expect(described).toMatchObject({ kind: 'teacher', encoder: 'small', labels: ['O', 'B-LOC', 'I-LOC', 'B-PER', 'I-PER'] });
      expect(described.metrics['teacherEpochs']).toBe(2);
      expect(cache.get(modelDir)).toBe(cache.get(modelDir));
      cache.clear();
      await expect(serveRequest(cache, { kind: 'similarity', modelDir: path.join(dir, 'nowhere'), a: ['a'], b: ['b'] })).rejects.toThrow(
        /model folder is missing/,
      );
    });
  });
});
