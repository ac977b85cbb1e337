// The encoder's hand-written gradients (lean-ops.ts) and its chunked attention against TensorFlow.js's
// own gradients of a straightforward BERT written with stock ops (batched per-window attention).

import { beforeAll, describe, expect, it } from 'vitest';
import { linear, matmul } from '../../../../../../src-main/core/ml/encoders/pretrained/lean-ops.js';
import { getTf, initBackend } from '../../../../../../src-main/core/ml/index.js';
import type { Tensor, Tensor2D, Variable } from '../../../../../../src-main/core/ml/runtime/tf-types.js';
import { bertEncoder, expected, fixtureDir } from './fixture.js';
import { expectNoLeak } from '../../../../../support/leaks.js';

beforeAll(async () => {
  await initBackend();
});

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let scale = 1e-6;
  for (const x of b) scale = Math.max(scale, Math.abs(x));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst / scale;
}

describe('linear and matmul', () => {
  it('give the same values and gradients as tf.matMul', async () => {
    const tf = getTf();
    await expectNoLeak(async () => {
      const random = (shape: number[], seed: number) =>
        tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, 1, 'float32', seed))) as Variable;
      const x = random([5, 4], 1);
      const w = random([4, 3], 2);
      const y = random([3, 6], 3);
      const b = random([3], 4);
      const weights = tf.randomNormal([5, 6], 0, 1, 'float32', 5);
      const run = (lean: boolean) =>
        tf.variableGrads(() => {
          const h = lean ? linear(tf, x as Tensor2D, w, b) : tf.add(tf.matMul(x, w), b);
          const z = lean ? matmul(tf, tf.tanh(h) as Tensor2D, y as Tensor2D) : tf.matMul(tf.tanh(h), y);
          return tf.sum(tf.mul(z, weights)) as ReturnType<typeof tf.scalar>;
        }, [x, w, y, b]);
      const lean = run(true);
      const plain = run(false);
      expect(lean.value.dataSync()[0]).toBeCloseTo(plain.value.dataSync()[0]!, 4);
      for (const v of [x, w, y, b])
        expect(
          maxRelDiff(lean.grads[v.name]!.dataSync() as Float32Array, plain.grads[v.name]!.dataSync() as Float32Array),
          v.name,
        ).toBeLessThan(1e-5);
      tf.dispose([lean.value, plain.value, ...Object.values(lean.grads), ...Object.values(plain.grads), x, w, y, b, weights] as Tensor[]);
    });
  });
});

describe('BERT forward pass gradients', () => {
  it('match a plain implementation with batched attention, over a padded batch', async () => {
    const tf = getTf();
    await expectNoLeak(async () => {
      const enc = bertEncoder({ dir: fixtureDir('tiny'), dropout: 0 });
      try {
        const c = enc.shape;
        const sents = expected.models.tiny.sentences.slice(0, 3);
        const L = Math.max(...sents.map((s) => s.ids.length));
        const ids = new Int32Array(sents.length * L).fill(enc.padId);
        sents.forEach((s, i) => ids.set(s.ids, i * L));
        const windows = { count: sents.length, length: L, lengths: sents.map((s) => s.ids.length), ids };
        const p = (n: string) => enc.params.get(n);
        const names = enc.params.names();
        const vars = names.map(p);
        const target = tf.randomNormal([sents.length * L, c.hiddenSize], 0, 1, 'float32', 9);
        const mask = tf.tensor2d(
          Float32Array.from({ length: sents.length * L }, (_, r) => (r % L < sents[Math.floor(r / L)]!.ids.length ? 1 : 0)),
          [sents.length * L, 1],
        );
        const loss = (h: Tensor) => tf.sum(tf.mul(tf.mul(h, target), mask)) as ReturnType<typeof tf.scalar>;

        const plainForward = (): Tensor => {
          const H = c.hiddenSize;
          const heads = c.numHeads;
          const dh = H / heads;
          const norm = (x: Tensor, g: string, b: string) => {
            const { mean, variance } = tf.moments(x, -1, true);
            return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, c.layerNormEps))), p(g)), p(b));
          };
          const positions = tf.tensor1d(
            Int32Array.from({ length: sents.length * L }, (_, r) => r % L),
            'int32',
          );
          let x = tf.add(
            tf.add(tf.gather(p('emb/word'), tf.tensor1d(ids, 'int32')), tf.gather(p('emb/pos'), positions)),
            tf.gather(p('emb/type'), tf.zeros([sents.length * L], 'int32')),
          );
          x = norm(x, 'emb/ln/g', 'emb/ln/b');
          const keyBias = tf.reshape(tf.mul(tf.sub(1, tf.reshape(mask, [sents.length, 1, 1, L])), -1e9), [sents.length, 1, 1, L]);
          for (let l = 0; l < c.numLayers; l++) {
            const qkv = tf.add(tf.matMul(x, p(`l${l}/qkv/w`)), p(`l${l}/qkv/b`));
            const [q, k, v] = tf.split(qkv, 3, 1).map((t) => tf.transpose(tf.reshape(t, [sents.length, L, heads, dh]), [0, 2, 1, 3]));
            const scores = tf.add(tf.div(tf.matMul(q!, k!, false, true), Math.sqrt(dh)), keyBias);
            const ctx = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), v!), [0, 2, 1, 3]), [sents.length * L, H]);
            x = norm(tf.add(tf.add(tf.matMul(ctx, p(`l${l}/attn/w`)), p(`l${l}/attn/b`)), x), `l${l}/ln1/g`, `l${l}/ln1/b`);
            const inner = tf.add(tf.matMul(x, p(`l${l}/ff1/w`)), p(`l${l}/ff1/b`));
            const gelu = tf.mul(tf.mul(inner, 0.5), tf.add(1, tf.erf(tf.div(inner, Math.SQRT2))));
            x = norm(tf.add(tf.add(tf.matMul(gelu, p(`l${l}/ff2/w`)), p(`l${l}/ff2/b`)), x), `l${l}/ln2/g`, `l${l}/ln2/b`);
          }
          return x;
        };

        const ours = tf.variableGrads(() => loss(enc.hidden(windows, null)), vars);
        const plain = tf.variableGrads(() => loss(plainForward()), vars);
        expect(ours.value.dataSync()[0]).toBeCloseTo(plain.value.dataSync()[0]!, 2);
        for (const [i, name] of names.entries()) {
          const v = vars[i]!;
          const diff = maxRelDiff(ours.grads[v.name]!.dataSync() as Float32Array, plain.grads[v.name]!.dataSync() as Float32Array);
          expect(diff, name).toBeLessThan(1e-3);
        }
        tf.dispose([ours.value, plain.value, ...Object.values(ours.grads), ...Object.values(plain.grads), target, mask] as Tensor[]);
      } finally {
        enc.params.dispose();
      }
    });
  });
});
