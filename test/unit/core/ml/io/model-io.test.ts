import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  initBackend,
  loadModel,
  predict,
  saveModel,
  similarity,
  trainTeacher,
  type NerModel,
} from '../../../../../src-main/core/ml/index.js';
import { TINY, tempDir, tinyCorpus } from '../../../../support/ml.js';
import { expectNoLeak } from '../../../../support/leaks.js';

const tmp = tempDir();
let teacher: NerModel;
const dir = path.join(tmp.dir, 'teacher');
const sentences = [
  ['Chen', 'went', 'to', 'Quito'],
  ['an', 'unseen', 'Word', 'Zzyzx', 'today'],
  ['New', 'Rome'],
];

beforeAll(async () => {
  await initBackend();
  teacher = await trainTeacher({
    train: tinyCorpus(24),
    dev: tinyCorpus(6, 5),
    selectOn: 'source-dev',
    encoder: TINY,
    epochs: 2,
    evaluatorEpochs: 1,
    batchSize: 8,
  });
  await saveModel(teacher, dir);
});

afterAll(() => {
  teacher.dispose();
  tmp.cleanup();
});

describe('model folder', () => {
  it('reloads with bit-identical probabilities and similarities', async () => {
    await expectNoLeak(async () => {
      const loaded = loadModel(dir);
      try {
        const a = await predict(teacher, sentences);
        const b = await predict(loaded, sentences);
        expect(b.map((p) => p.tags)).toEqual(a.map((p) => p.tags));
        for (let s = 0; s < sentences.length; s++) {
          const pa = Float32Array.from(a[s]!.probs.flat());
          const pb = Float32Array.from(b[s]!.probs.flat());
          expect(Buffer.from(pb.buffer).equals(Buffer.from(pa.buffer))).toBe(true);
        }
        expect(await similarity(loaded, sentences[0]!, sentences[1]!)).toEqual(await similarity(teacher, sentences[0]!, sentences[1]!));
        expect(loaded.kind).toBe('teacher');
        expect(loaded.labels).toEqual(teacher.labels);
      } finally {
        loaded.dispose();
      }
    });
  });

  it('writes a readable config with the encoder, labels and which dev set selected the epoch', () => {
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(config.format).toBe('crosstag-model');
    expect(config.kind).toBe('teacher');
    expect(config.encoder.kind).toBe('small');
    expect(config.encoder.sequence.type).toBe('bilstm');
    expect(config.labels).toEqual(['O', 'B-LOC', 'I-LOC', 'B-PER', 'I-PER']);
    expect(config.summary.stages[0].selectedOn).toBe('source-dev');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'weights.json'), 'utf8'));
    const total = manifest.weights.reduce((n: number, w: { length: number }) => n + w.length, 0);
    expect(readFileSync(path.join(dir, 'weights.bin')).length).toBe(total);
    expect(manifest.weights.map((w: { name: string }) => w.name)).toContain('evaluator/encoder/lstm0/whf');
  });

  it('names the file and the reason when a folder is damaged', async () => {
    const bad = path.join(tmp.dir, 'bad');
    await saveModel(teacher, bad);
    const manifestFile = path.join(bad, 'weights.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.weights[0].shape = [1, 2, 3];
    writeFileSync(manifestFile, JSON.stringify(manifest));
    expect(() => loadModel(bad)).toThrow(/weights\.json: weight .* has shape 1x2x3/);
    await saveModel(teacher, bad);
    writeFileSync(path.join(bad, 'weights.bin'), readFileSync(path.join(bad, 'weights.bin')).subarray(0, 100));
    expect(() => loadModel(bad)).toThrow(/weights\.bin: weight .* lies outside the file/);
    writeFileSync(path.join(bad, 'config.json'), '{"format": "other"}');
    expect(() => loadModel(bad)).toThrow(/config\.json: format/);
    expect(() => loadModel(path.join(tmp.dir, 'missing'))).toThrow(/config\.json: not found/);
  });
});
