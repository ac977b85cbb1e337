// Every encoder on webgpu against the cpu backend in the same process: forward values, gradients
// of every weight, and the weights after a training step of teacher and student, within 1e-3
// relative, with no tensors left behind. Runs on any WebGPU adapter (CI: Mesa's llvmpipe), so the
// shapes are tiny; skipped loudly where there is none (test/support/webgpu.ts).

import { beforeAll, describe, expect, it } from 'vitest';
import {
  createEncoder,
  distillStudent,
  encoderConfig,
  getTf,
  initBackend,
  trainTeacher,
  type Encoder,
  type NerModel,
} from '../../../../../src-main/core/ml/index.js';
import { buildVocab } from '../../../../../src-main/core/ml/data/vocab.js';
import { Rng } from '../../../../../src-main/core/ml/runtime/rng.js';
import type { Tensor, Variable } from '../../../../../src-main/core/ml/runtime/tf-types.js';
import { expectNoLeak } from '../../../../support/leaks.js';
import { TINY, tinyCorpus } from '../../../../support/ml.js';
import { webgpuAvailability } from '../../../../support/webgpu.js';
import { fixtureDir, pretrainedDir, pretrainedEncoder } from '../encoders/pretrained/fixture.js';

const TOLERANCE = 1e-3;
const gpu = await webgpuAvailability();
const suite = gpu.ok ? describe : describe.skip;

/** max |a − b| over max |b|: the error relative to the reference's scale. */
function relativeDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let scale = 1e-6;
  for (const x of b) scale = Math.max(scale, Math.abs(x));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst / scale;
}

/** Runs `work` with `name` as TensorFlow.js's active backend, then returns to webgpu. */
async function on<T>(name: 'cpu' | 'webgpu', work: () => Promise<T>): Promise<T> {
  const tf = getTf();
  await tf.setBackend(name);
  expect(tf.getBackend()).toBe(name);
  try {
    return await work();
  } finally {
    await tf.setBackend('webgpu');
  }
}

const sentences = tinyCorpus(5, 3).map((s) => s.tokens);

interface Outputs {
  hidden: Float32Array;
  grads: Map<string, Float32Array>;
}

/** The encoder's vectors, and the gradient of a fixed weighted sum of them (padding masked) for every weight. */
async function forwardAndGradients(enc: Encoder): Promise<Outputs> {
  const tf = getTf();
  const batch = enc.batch(sentences, null);
  const rows = batch.size * batch.length;
  const rng = new Rng(11);
  const weights = tf.tensor2d(
    Float32Array.from({ length: rows * enc.dim }, () => rng.normal()),
    [rows, enc.dim],
  );
  const mask = tf.tensor2d(batch.mask, [rows, 1]);
  const names = enc.params.names();
  const vars = names.map((n) => enc.params.get(n));
  const hidden = tf.tidy(() => tf.mul(enc.encode(batch, null), mask));
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.mul(enc.encode(batch, null), weights), mask)) as never, vars);
  const out: Outputs = { hidden: (await hidden.data()) as Float32Array, grads: new Map() };
  for (const [i, n] of names.entries()) out.grads.set(n, (await grads[vars[i]!.name]!.data()) as Float32Array);
  tf.dispose([hidden, value, weights, mask, ...Object.values(grads)] as Tensor[]);
  return out;
}

const SMALL = {
  'small-bilstm': TINY,
  'small-transformer': { ...TINY, sequence: { type: 'transformer', layers: 2, dim: 8, heads: 2, ff: 16, dropout: 0.1 } },
  'small-cnn': { ...TINY, sequence: { type: 'cnn', layers: 2, dim: 8, width: 3, dropout: 0.1 } },
} as const;

function buildEncoder(name: string): Encoder {
  if (name === 'bert') return pretrainedEncoder('bert', { dir: fixtureDir('tiny'), dropout: 0 });
  if (name === 'xlm-roberta' || name === 'distilbert') return pretrainedEncoder(name, { dir: pretrainedDir(name), dropout: 0 });
  const tf = getTf();
  const vocab = buildVocab(sentences, { minCount: 1, foldChars: true });
  return createEncoder(tf, encoderConfig('small', SMALL[name as keyof typeof SMALL]), vocab, new Rng(1));
}

async function weightsOf(model: NerModel): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [n, v] of model.named()) out.set(n, Float32Array.from((await (v as Variable).data()) as Float32Array));
  return out;
}

function expectSameWeights(got: Map<string, Float32Array>, want: Map<string, Float32Array>): void {
  expect([...got.keys()]).toEqual([...want.keys()]);
  for (const [n, w] of want) expect(relativeDiff(got.get(n)!, w), n).toBeLessThan(TOLERANCE);
}

suite(gpu.ok ? `webgpu against cpu on ${gpu.adapter}` : `webgpu against cpu: SKIPPED, ${gpu.reason}`, () => {
  beforeAll(async () => {
    const report = await initBackend({ force: 'webgpu' });
    expect(report.chosen).toBe('webgpu');
    expect(report.adapter?.description).toBe(gpu.ok ? gpu.adapter : '');
  });

  it.each(['small-bilstm', 'small-transformer', 'small-cnn', 'bert', 'xlm-roberta', 'distilbert'])(
    '%s: forward values and every gradient',
    async (name) => {
      await expectNoLeak(async () => {
        // The weights are made on cpu (webgpu cannot hand data back synchronously) and move to the GPU on first use.
        const enc = await on('cpu', async () => buildEncoder(name));
        try {
          const want = await on('cpu', () => forwardAndGradients(enc));
          const got = await forwardAndGradients(enc);
          expect(relativeDiff(got.hidden, want.hidden), 'forward').toBeLessThan(TOLERANCE);
          expect([...got.grads.keys()]).toEqual([...want.grads.keys()]);
          for (const [n, g] of want.grads) expect(relativeDiff(got.grads.get(n)!, g), `gradient of ${n}`).toBeLessThan(TOLERANCE);
        } finally {
          enc.params.dispose();
        }
      });
    },
  );

  it('AddN sums more inputs than one shader may bind', async () => {
    const tf = getTf();
    await expectNoLeak(async () => {
      const parts = Array.from({ length: 37 }, (_, k) => tf.fill([3, 5], k + 1));
      const sum = tf.addN(parts);
      expect(Array.from((await sum.data()) as Float32Array)).toEqual(new Array(15).fill((37 * 38) / 2));
      tf.dispose([...parts, sum]);
    });
  });

  it('the first training steps of teacher and student give the same weights', async () => {
    const train = tinyCorpus(8, 5);
    const target = tinyCorpus(8, 9).map((s) => ({ tokens: s.tokens }));
    const teacherOpts = { train, encoder: TINY, epochs: 1, evaluatorEpochs: 1, batchSize: 8, seed: 4 };
    const run = async (): Promise<{ teacher: Map<string, Float32Array>; student: Map<string, Float32Array> }> => {
      const teacher = await trainTeacher(teacherOpts);
      try {
        const stages = teacher.summary!.stages.map((s) => s.history.length);
        expect(stages).toEqual([1, 1]);
        const student = await distillStudent({ teacher, target, epochs: 1, batchSize: 8, seed: 4 });
        try {
          return { teacher: await weightsOf(teacher), student: await weightsOf(student) };
        } finally {
          student.dispose();
        }
      } finally {
        teacher.dispose();
      }
    };
    await expectNoLeak(async () => {
      const want = await on('cpu', run);
      const got = await run();
      expectSameWeights(got.teacher, want.teacher);
      expectSameWeights(got.student, want.student);
    });
  });
});
