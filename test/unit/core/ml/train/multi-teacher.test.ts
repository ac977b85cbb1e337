import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkTeachers,
  combinedTargets,
  distillStudent,
  getTf,
  initBackend,
  trainTeacher,
  type NerModel,
} from '../../../../../src-main/core/ml/index.js';
import { TINY, tinyCorpus } from '../../../../support/ml.js';
import { expectNoLeak } from '../../../../support/leaks.js';

let t1: NerModel;
let t2: NerModel;
let noLoc: NerModel;
const target = tinyCorpus(16, 1234).map((s) => ({ tokens: s.tokens }));

beforeAll(async () => {
  await initBackend();
  const common = { encoder: TINY, epochs: 2, evaluatorEpochs: 1, batchSize: 8 };
  t1 = await trainTeacher({ ...common, train: tinyCorpus(24, 3), seed: 3 });
  t2 = await trainTeacher({ ...common, train: tinyCorpus(24, 8), seed: 4 });
  noLoc = await trainTeacher({
    ...common,
    train: tinyCorpus(12, 3).map((s) => ({ tokens: s.tokens, tags: s.tags!.map((t) => (t.endsWith('LOC') ? 'O' : t)) })),
    seed: 3,
  });
});

afterAll(() => {
  for (const m of [t1, t2, noLoc]) m.dispose();
});

const bytes = (m: NerModel) =>
  [...m.recognizer.named()].map(([n, v]) => [n, Buffer.from(Float32Array.from(v.dataSync() as Float32Array).buffer)] as const);
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const cos = (u: number[], v: number[]) => {
  const dot = u.reduce((s, x, i) => s + x * v[i]!, 0);
  return dot / (Math.hypot(...u) * Math.hypot(...v));
};

describe('combinedTargets', () => {
  it("p_T is the mean of the teachers' probabilities and s_T the mean of their similarities", async () => {
    const tf = getTf();
    await expectNoLeak(async () => {
      const p = [
        [
          [0.7, 0.2, 0.1],
          [0.1, 0.8, 0.1],
          [0.3, 0.3, 0.4],
          [0.5, 0.25, 0.25],
        ],
        [
          [0.1, 0.1, 0.8],
          [0.6, 0.2, 0.2],
          [0.2, 0.7, 0.1],
          [0.3, 0.3, 0.4],
        ],
      ];
      const h = [
        [
          [1, 0],
          [0.6, 0.8],
          [0, 1],
          [-1, 2],
        ],
        [
          [2, 1],
          [-1, 0.5],
          [0.3, -0.4],
          [1, 1],
        ],
      ];
      const outputs = p.map((pk, k) => ({ p: tf.tensor2d(pk), h: tf.tensor2d(h[k]!) }));
      const rowsA = Int32Array.from([0, 1]);
      const rowsB = Int32Array.from([2, 3]);
      const got = combinedTargets(tf, outputs, rowsA, rowsB);
      const mean = (f: (k: number) => number) => (f(0) + f(1)) / 2;
      const expPA = [0, 1].map((r) => [0, 1, 2].map((c) => mean((k) => p[k]![rowsA[r]!]![c]!)));
      const expPB = [0, 1].map((r) => [0, 1, 2].map((c) => mean((k) => p[k]![rowsB[r]!]![c]!)));
      const expS = [0, 1].map((i) => [0, 1].map((j) => mean((k) => sig(cos(h[k]![rowsA[i]!]!, h[k]![rowsB[j]!]!)))));
      const close = (t: { arraySync(): unknown }, want: number[][]) =>
        (t.arraySync() as number[][]).forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo(want[i]![j]!, 5)));
      close(got.pTA, expPA);
      close(got.pTB, expPB);
      close(got.sT, expS);
      // One teacher gives its own values.
      const single = combinedTargets(tf, outputs.slice(0, 1), rowsA, rowsB);
      close(
        single.sT,
        [0, 1].map((i) => [0, 1].map((j) => sig(cos(h[0]![rowsA[i]!]!, h[0]![rowsB[j]!]!)))),
      );
      for (const t of [...Object.values(got), ...Object.values(single), ...outputs.flatMap((o) => [o.p, o.h])]) t.dispose();
    });
  });
});

describe('distillStudent from several teachers', () => {
  it('starts from the first teacher, averages the teachers, and a teacher twice equals it once', async () => {
    await expectNoLeak(async () => {
      const opts = { target, epochs: 1, batchSize: 8, seed: 2, extendVocab: false };
      const start = await distillStudent({ ...opts, epochs: 0, teacher: [t2, t1] });
      const once = await distillStudent({ ...opts, teacher: t1 });
      const twice = await distillStudent({ ...opts, teacher: [t1, t1] });
      const both = await distillStudent({ ...opts, teacher: [t1, t2] });
      try {
        expect(bytes(start)).toEqual(bytes(t2));
        expect(bytes(twice)).toEqual(bytes(once));
        expect(bytes(both)).not.toEqual(bytes(once));
        expect(both.summary?.options['teachers']).toBe(2);
        expect(once.summary?.options['teachers']).toBe(1);
      } finally {
        for (const m of [start, once, twice, both]) m.dispose();
      }
    });
  });

  it('refuses teachers with different label lists, and an empty list', async () => {
    await expectNoLeak(async () => {
      await expect(distillStudent({ target, teacher: [t1, noLoc], epochs: 0 })).rejects.toThrow(
        'teacher 2 has labels O B-PER I-PER but teacher 1 has O B-LOC I-LOC B-PER I-PER; teachers must share one label list',
      );
      expect(() => checkTeachers([])).toThrow(/at least one teacher/);
    });
  });
});
