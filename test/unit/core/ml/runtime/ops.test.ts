import { beforeAll, describe, expect, it } from 'vitest';
import { getTf, initBackend } from '../../../../../src-main/core/ml/index.js';
import { directionIndices, lstmSequence } from '../../../../../src-main/core/ml/encoders/small/lstm.js';
import { maxOverAxis1, mm } from '../../../../../src-main/core/ml/runtime/ops.js';
import type { Tensor, Tensor2D } from '../../../../../src-main/core/ml/runtime/tf-types.js';
import { expectNoLeak } from '../../../../support/leaks.js';

beforeAll(async () => {
  await initBackend();
});

function maxAbsDiff(a: Tensor, b: Tensor): number {
  const tf = getTf();
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('hand-written gradients match autograd of the plain formulation', () => {
  it('mm: the product and both input gradients', async () => {
    const tf = getTf();
    await expectNoLeak(async () => {
      tf.tidy(() => {
        const a = tf.randomNormal([5, 3], 0, 1, 'float32', 1) as Tensor2D;
        const b = tf.randomNormal([3, 4], 0, 1, 'float32', 2) as Tensor2D;
        const w = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
        expect(maxAbsDiff(mm(tf, a, b), tf.matMul(a, b))).toBeLessThan(1e-6);
        const mine = tf.grads((x: Tensor, y: Tensor) => tf.sum(tf.mul(mm(tf, x as Tensor2D, y as Tensor2D), w)))([a, b]);
        const ref = tf.grads((x: Tensor, y: Tensor) => tf.sum(tf.mul(tf.matMul(x as Tensor2D, y as Tensor2D), w)))([a, b]);
        expect(maxAbsDiff(mine[0]!, ref[0]!)).toBeLessThan(1e-5);
        expect(maxAbsDiff(mine[1]!, ref[1]!)).toBeLessThan(1e-5);
      });
    });
  });

  it('lstmSequence: outputs and gradients equal an unrolled LSTM under autograd', async () => {
    const tf = getTf();
    const T = 5;
    const B = 3;
    const H = 4;
    const naive = (z: Tensor, W: Tensor): Tensor => {
      const zs = tf.split(z, T, 0);
      let h: Tensor = tf.zeros([B, H]);
      let c: Tensor = tf.zeros([B, H]);
      const hs: Tensor[] = [];
      for (let t = 0; t < T; t++) {
        const [i, f, o, g] = tf.split(tf.add(zs[t]!, tf.matMul(h as Tensor2D, W as Tensor2D)), 4, 1);
        c = tf.add(tf.mul(tf.sigmoid(f!), c), tf.mul(tf.sigmoid(i!), tf.tanh(g!)));
        h = tf.mul(tf.sigmoid(o!), tf.tanh(c));
        hs.push(h);
      }
      return tf.concat(hs, 0);
    };
    await expectNoLeak(async () => {
      tf.tidy(() => {
        const zx = tf.randomNormal([T * B, 4 * H], 0, 1, 'float32', 4);
        const wh = tf.randomNormal([H, 4 * H], 0, 0.5, 'float32', 5);
        const w = tf.randomNormal([T * B, H], 0, 1, 'float32', 6);
        expect(maxAbsDiff(lstmSequence(tf, zx as Tensor2D, wh as Tensor2D, T, B), naive(zx, wh))).toBeLessThan(1e-6);
        const mine = tf.grads((z: Tensor, W: Tensor) => tf.sum(tf.mul(lstmSequence(tf, z as Tensor2D, W as Tensor2D, T, B), w)))([zx, wh]);
        const ref = tf.grads((z: Tensor, W: Tensor) => tf.sum(tf.mul(naive(z, W), w)))([zx, wh]);
        expect(maxAbsDiff(mine[0]!, ref[0]!)).toBeLessThan(1e-5);
        expect(maxAbsDiff(mine[1]!, ref[1]!)).toBeLessThan(1e-5);
        expect(tf.tidy(() => tf.max(tf.abs(ref[1]!)).dataSync()[0]!)).toBeGreaterThan(1e-3);
      });
    });
  });

  it('maxOverAxis1: value and gradient equal tf.max', async () => {
    const tf = getTf();
    await expectNoLeak(async () => {
      tf.tidy(() => {
        const x = tf.randomNormal([4, 6, 3], 0, 1, 'float32', 7);
        const w = tf.randomNormal([4, 3], 0, 1, 'float32', 8);
        expect(maxAbsDiff(maxOverAxis1(tf, x), tf.max(x, 1))).toBe(0);
        const mine = tf.grad((v: Tensor) => tf.sum(tf.mul(maxOverAxis1(tf, v), w)))(x);
        const ref = tf.grad((v: Tensor) => tf.sum(tf.mul(tf.max(v, 1), w)))(x);
        expect(maxAbsDiff(mine, ref)).toBeLessThan(1e-6);
      });
    });
  });
});

describe('directionIndices', () => {
  it('reverses each sentence within its own length and keeps padding last', () => {
    // Two sentences of lengths 3 and 1 padded to T = 3: batch-major rows 0..2 and 3..5.
    const idx = directionIndices([3, 1], 3);
    // Time-major row t*B + b reads batch-major row b*T + t (forward) ...
    expect([...idx.fwdIn]).toEqual([0, 3, 1, 4, 2, 5]);
    // ... and b*T + (len-1-t) for real tokens (backward); padding rows stay in place.
    expect([...idx.bwdIn]).toEqual([2, 3, 1, 4, 0, 5]);
    for (let r = 0; r < 6; r++) expect(idx.bwdIn[idx.bwdOut[r]!]).toBe(r);
    for (let r = 0; r < 6; r++) expect(idx.fwdIn[idx.fwdOut[r]!]).toBe(r);
  });
});
