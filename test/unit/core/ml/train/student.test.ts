import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  distillStudent,
  evaluateModel,
  initBackend,
  predict,
  trainTeacher,
  type NerModel,
  type Progress,
} from '../../../../../src-main/core/ml/index.js';
import { TINY_TEACHER, tinyCorpus } from '../../../../support/ml.js';
import { expectNoLeak } from '../../../../support/leaks.js';

let teacher: NerModel;
const target = tinyCorpus(32, 1234).map((s) => ({ tokens: s.tokens }));
const targetDev = tinyCorpus(9, 77);

beforeAll(async () => {
  await initBackend();
  teacher = await trainTeacher({ ...TINY_TEACHER, train: tinyCorpus(48) });
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
    await expectNoLeak(async () => {
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
    });
  });

  it('MTMT from scratch lowers its loss and learns the teacher tags on the target text, without leaking', async () => {
    await expectNoLeak(async () => {
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
    });
  });

  it('runs every ablation: weights off, plain KD with MSE and with KL', async () => {
    await expectNoLeak(async () => {
      const variants = [{ weights: { alpha: false, beta: false, gamma: false } }, { loss: 'kd-mse' }, { loss: 'kd-kl' }];
      const results: number[][] = [];
      for (const v of variants) {
        const seen: number[] = [];
        const student = await distillStudent({ teacher, target, epochs: 1, batchSize: 8, ...v, onProgress: (p) => seen.push(p.loss) });
        expect(seen.every(Number.isFinite)).toBe(true);
        expect(student.summary!.options['loss']).toBe(v.loss ?? 'mtmt');
        results.push(seen);
        student.dispose();
      }
      // Different objectives give different loss values on the same batches.
      expect(results[0]![0]).not.toBe(results[1]![0]);
      expect(results[1]![0]).not.toBe(results[2]![0]);
    });
  });

  it('rejects a student model as teacher and empty target text', async () => {
    const student = await distillStudent({ teacher, target, epochs: 0 });
    await expect(distillStudent({ teacher: student, target })).rejects.toThrow(/needs a teacher model with a similarity evaluator/);
    student.dispose();
    await expect(distillStudent({ teacher, target: [] })).rejects.toThrow(/target data: no sentences/);
  });
});
