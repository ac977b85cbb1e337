// Building blocks that stay on the wasm backend's fast path. Measured here: a plain 2-D matMul
// runs at about 16 GFLOP/s, while the transposed and batched forms used by the built-in matMul
// gradient are an order of magnitude slower. So every product in a hot path is a 2-D matMul
// without transpose flags, and its gradient transposes explicitly first.

import type { GradSaveFunc } from '@tensorflow/tfjs';
import type { Rng } from './rng.js';
import type { Tensor, Tensor1D, Tensor2D, Tf } from './tf-types.js';

export interface CustomOp {
  value: Tensor;
  gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor[];
}

/** tf.customGrad with its inputs as an array, hiding the variadic signature's casts. */
export function customOp(tf: Tf, f: (inputs: Tensor[], save: GradSaveFunc) => CustomOp): (...inputs: Tensor[]) => Tensor {
  return tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const save = args[args.length - 1] as GradSaveFunc;
    return f(args.slice(0, -1) as Tensor[], save);
  });
}

const cache = new WeakMap<Tf, (...inputs: Tensor[]) => Tensor>();

/** 2-D product a·b whose gradient uses explicit transposes and plain products. */
export function mm(tf: Tf, a: Tensor2D, b: Tensor2D): Tensor2D {
  let f = cache.get(tf);
  if (!f) {
    f = customOp(tf, ([x, y], save) => {
      save([x!, y!]);
      return {
        value: tf.matMul(x as Tensor2D, y as Tensor2D),
        gradFunc: (dy, saved) => {
          const [sx, sy] = saved as [Tensor2D, Tensor2D];
          return [tf.matMul(dy as Tensor2D, tf.transpose(sy)), tf.matMul(tf.transpose(sx), dy as Tensor2D)];
        },
      };
    });
    cache.set(tf, f);
  }
  return f(a, b) as Tensor2D;
}

/** x·W + b over rows. */
export function dense(tf: Tf, x: Tensor2D, w: Tensor2D, b: Tensor | null): Tensor2D {
  const y = mm(tf, x, w);
  return b ? tf.add(y, b) : y;
}

/**
 * Inverted dropout with a mask drawn from our own generator, so a run is reproducible and a
 * resumed run draws the same masks. Identity when rate is 0 or rng is null (inference).
 */
export function dropout<T extends Tensor>(tf: Tf, x: T, rate: number, rng: Rng | null): T {
  if (!rng || rate <= 0) return x;
  const size = x.size;
  const keep = 1 - rate;
  const scale = 1 / keep;
  const mask = new Float32Array(size);
  for (let i = 0; i < size; i++) mask[i] = rng.next() < keep ? scale : 0;
  return tf.mul(x, tf.tensor(mask, x.shape)) as T;
}

/** Layer normalisation over the last axis of a 2-D tensor. */
export function layerNorm(tf: Tf, x: Tensor2D, gamma: Tensor, beta: Tensor): Tensor2D {
  const mean = tf.mean(x, 1, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), 1, true);
  return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, 1e-5))), gamma), beta);
}

/** Rows scaled to unit length; eps keeps all-zero (padding) rows finite. */
export function normalizeRows(tf: Tf, x: Tensor2D): Tensor2D {
  return tf.mul(x, tf.rsqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12)));
}

/** Rows of x picked by host-side indices. */
export function gatherRows(tf: Tf, x: Tensor2D, indices: Int32Array): Tensor2D {
  return tf.gather(x, tf.tensor1d(indices, 'int32')) as Tensor2D;
}

/**
 * Max over axis 1 of [N, L, F]. The built-in gradient compares x with the broadcast maximum,
 * a broadcasting Equal that wasm runs at about 100 ns per element; this one scatters dy to the
 * argmax positions instead.
 */
export function maxOverAxis1(tf: Tf, x: Tensor): Tensor2D {
  const op = customOp(tf, ([input], save) => {
    save([input!]);
    return {
      value: tf.max(input!, 1),
      gradFunc: (dy, saved) => {
        const sx = saved[0]!;
        const [N, L, F] = sx.shape as [number, number, number];
        const base = new Int32Array(N * F);
        for (let n = 0; n < N; n++) for (let f = 0; f < F; f++) base[n * F + f] = n * L * F + f;
        const idx = tf.add(tf.mul(tf.argMax(sx, 1), tf.scalar(F, 'int32')), tf.tensor2d(base, [N, F], 'int32'));
        return [tf.reshape(tf.unsortedSegmentSum(tf.reshape(dy, [N * F]), tf.reshape(idx, [N * F]) as Tensor1D, N * L * F), [N, L, F])];
      },
    };
  });
  return op(x) as Tensor2D;
}
