import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  distillationLoss,
  distillationLossNames,
  distillStudent,
  initBackend,
  registerDistillationLoss,
  trainTeacher,
  type DistillationLoss,
  type NerModel,
} from '../../../../../src-main/core/ml/index.js';
import { expectNoLeak } from '../../../../support/leaks.js';
import { TINY, tinyCorpus } from '../../../../support/ml.js';

let teacher: NerModel;
const target = tinyCorpus(16, 99).map((s) => ({ tokens: s.tokens }));

beforeAll(async () => {
  await initBackend();
  teacher = await trainTeacher({ train: tinyCorpus(24), encoder: TINY, epochs: 2, evaluatorEpochs: 1, batchSize: 8, seed: 5 });
});

afterAll(() => teacher.dispose());

describe('distillation losses', () => {
  it('lists MTMT first and the two plain KD ablations', () => {
    expect(distillationLossNames().slice(0, 3)).toEqual(['mtmt', 'kd-mse', 'kd-kl']);
    expect(distillationLoss('kd-kl').description).toMatch(/KL/);
  });

  it('refuses an unknown name, naming the known ones, before any training', async () => {
    expect(() => distillationLoss('hinge')).toThrow(/unknown distillation loss "hinge"; choose one of mtmt, kd-mse, kd-kl/);
    await expectNoLeak(() => expect(distillStudent({ teacher, target, epochs: 1, loss: 'hinge' })).rejects.toThrow(/hinge/));
    expect(() => registerDistillationLoss({ ...distillationLoss('mtmt') })).toThrow(/already registered/);
  });

  it('trains the student with a registered strategy, recorded by name in its summary', async () => {
    // A strategy of its own, built on the plain KD one, sees every batch's inputs.
    const calls: number[] = [];
    const plain = distillationLoss('kd-mse');
    const counting: DistillationLoss = {
      name: 'counting-kd',
      description: 'plain KD that counts its batches',
      prepare: (x) => {
        calls.push(x.batch.size);
        expect(x.teacherProbs).toHaveLength(1);
        expect(x.teacherBatches[0]!.length).toBe(x.batch.length);
        return plain.prepare(x);
      },
    };
    registerDistillationLoss(counting);
    const losses: number[] = [];
    await expectNoLeak(async () => {
      const student = await distillStudent({
        teacher,
        target,
        epochs: 1,
        batchSize: 8,
        seed: 2,
        loss: 'counting-kd',
        onProgress: (p) => losses.push(p.loss),
      });
      try {
        expect(calls.reduce((a, b) => a + b, 0)).toBe(target.length);
        expect(losses.every(Number.isFinite)).toBe(true);
        expect(student.summary!.options['loss']).toBe('counting-kd');
      } finally {
        student.dispose();
      }
    });
  });
});
