import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  distillStudent,
  evaluateModel,
  getTf,
  initBackend,
  predict,
  trainTeacher,
  type NerModel,
  type Progress,
} from '../../../../../src-main/core/ml/index.js';
import { TINY, tinyCorpus } from '../../../../support/ml.js';

let teacher: NerModel;
const target = tinyCorpus(32, 1234).map((s) => ({ tokens: s.tokens }));
const targetDev = tinyCorpus(9, 77);

beforeAll(async () => {
  await initBackend();
  teacher = await trainTeacher({
    train: tinyCorpus(48),
    encoder: TINY,
    epochs: 20,
    evaluatorEpochs: 3,
    batchSize: 8,
    lr: 0.03,
    warmupSteps: 5,
    seed: 3,
  });
});

afterAll(() => teacher.dispose());

function sameWeights(a: NerModel, b: NerModel): boolean {
  const wb = b.recognizer.named();
  return [...a.recognizer.named()].every(([n, v]) =>
    Buffer.from((v.dataSync() as Float32Array).buffer).equals(Buffer.from((wb.get(n)!.dataSync() as Float32Array).buffer)),
  );
}

describe('distillStudent', () => {
  it('starts from the teacher recognizer by default, and from fresh weights on request', async () => {
    const tf = getTf();
    const before = tf.memory().numTensors;
    const copy = await distillStudent({ teacher, target, epochs: 0, extendVocab: false });
    const fresh = await distillStudent({ teacher, target, epochs: 0, extendVocab: false, fromScratch: true });
    const extended = await distillStudent({
      teacher,
      target: [...target, { tokens: ['Zorba', 'went', 'to', 'Zorba'] }, { tokens: ['Zorba'] }],
      epochs: 0,
    });
    try {
      expect(copy.kind).toBe('student');
      expect(copy.evaluator).toBeNull();
      expect(sameWeights(copy, teacher)).toBe(true);
      expect(sameWeights(fresh, teacher)).toBe(false);
      // The extended vocabulary gains the target word seen twice, and its new row starts as the
      // unknown-word row: the student computes exactly what the teacher computes.
      expect(extended.spec.vocab.words.length).toBe(teacher.spec.vocab.words.length + 1);
      expect(extended.spec.vocab.words.at(-1)).toBe('zorba');
      const sentences = [
        ['Emil', 'went', 'to', 'Rome'],
        ['Zorba', 'met', 'Alice'],
      ];
      const ref = (await predict(teacher, sentences)).map((p) => Float32Array.from(p.probs.flat()));
      for (const m of [copy, extended]) {
        (await predict(m, sentences)).forEach((p, k) =>
          expect(Buffer.from(Float32Array.from(p.probs.flat()).buffer).equals(Buffer.from(ref[k]!.buffer))).toBe(true),
        );
      }
    } finally {
      copy.dispose();
      fresh.dispose();
      extended.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('MTMT from scratch lowers its loss and learns the teacher tags on the target text, without leaking', async () => {
    const tf = getTf();
    const before = tf.memory().numTensors;
    const losses: Progress[] = [];
    const student = await distillStudent({
      teacher,
      target,
      dev: targetDev,
      selectOn: 'target-dev',
      epochs: 20,
      batchSize: 8,
      lr: 0.05,
      warmupSteps: 2,
      fromScratch: true,
      onProgress: (p) => losses.push(p),
    });
    try {
      expect(losses.every((p) => p.stage === 'student' && Number.isFinite(p.loss))).toBe(true);
      expect(losses.at(-1)!.loss).toBeLessThan(losses[0]!.loss * 0.7);
      const teacherF1 = (await evaluateModel(teacher, targetDev)).f1;
      expect(teacherF1).toBeGreaterThan(0.9);
      expect((await evaluateModel(student, targetDev)).f1).toBeGreaterThan(0.8);
      const stage = student.summary!.stages.find((s) => s.stage === 'student')!;
      expect(stage.selectedOn).toBe('target-dev');
      expect(stage.history).toHaveLength(20);
    } finally {
      student.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs every ablation: weights off, plain KD with MSE and with KL', async () => {
    const tf = getTf();
    const before = tf.memory().numTensors;
    const variants = [{ weights: { alpha: false, beta: false, gamma: false } }, { kd: 'mse' as const }, { kd: 'kl' as const }];
    const results: number[][] = [];
    for (const v of variants) {
      const seen: number[] = [];
      const student = await distillStudent({ teacher, target, epochs: 1, batchSize: 8, ...v, onProgress: (p) => seen.push(p.loss) });
      expect(seen.every(Number.isFinite)).toBe(true);
      expect(student.summary!.options['kd']).toBe(v.kd ?? false);
      results.push(seen);
      student.dispose();
    }
    // Different objectives give different loss values on the same batches.
    expect(results[0]![0]).not.toBe(results[1]![0]);
    expect(results[1]![0]).not.toBe(results[2]![0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a student model as teacher and empty target text', async () => {
    const student = await distillStudent({ teacher, target, epochs: 0 });
    await expect(distillStudent({ teacher: student, target })).rejects.toThrow(/needs a teacher model with a similarity evaluator/);
    student.dispose();
    await expect(distillStudent({ teacher, target: [] })).rejects.toThrow(/target data: no sentences/);
  });
});
