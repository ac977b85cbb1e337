// A residual stack of width-k convolutions over each sentence, with dilations 1, 2, 4, ... so
// three layers see 15 words. Neighbours are fetched with a gather from the rows plus one zero
// row, which stands for every position outside the sentence.

import { dense, dropout, gatherRows } from '../../runtime/ops.js';
import type { Params } from '../../runtime/params.js';
import type { Rng } from '../../runtime/rng.js';
import type { Tensor2D, Tf } from '../../runtime/tf-types.js';

export interface CnnShape {
  layers: number;
  dim: number;
  width: number;
}

export function addCnnParams(params: Params, prefix: string, inDim: number, s: CnnShape, rng: Rng): void {
  params.add(`${prefix}/in/w`, [inDim, s.dim], 'glorot', rng);
  params.add(`${prefix}/in/b`, [s.dim], 'zeros', rng);
  for (let l = 0; l < s.layers; l++) {
    params.add(`${prefix}/l${l}/w`, [s.width * s.dim, s.dim], 'glorot', rng);
    params.add(`${prefix}/l${l}/b`, [s.dim], 'zeros', rng);
  }
}

function neighbourIndex(lengths: readonly number[], T: number, offset: number): Int32Array {
  const B = lengths.length;
  const out = new Int32Array(B * T).fill(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < lengths[b]!; t++) {
      const u = t + offset;
      if (u >= 0 && u < lengths[b]!) out[b * T + t] = b * T + u;
    }
  }
  return out;
}

export function cnn(
  tf: Tf,
  params: Params,
  prefix: string,
  s: CnnShape,
  x: Tensor2D,
  lengths: readonly number[],
  T: number,
  rate: number,
  rng: Rng | null,
): Tensor2D {
  const half = Math.floor(s.width / 2);
  let h = tf.relu(dense(tf, x, params.get(`${prefix}/in/w`) as Tensor2D, params.get(`${prefix}/in/b`)));
  for (let l = 0; l < s.layers; l++) {
    const dilation = 2 ** l;
    const padded = tf.concat([h, tf.zeros([1, s.dim]) as Tensor2D], 0);
    const parts: Tensor2D[] = [];
    for (let k = -half; k <= half; k++) {
      parts.push(k === 0 ? h : gatherRows(tf, padded, neighbourIndex(lengths, T, k * dilation)));
    }
    const y = tf.relu(dense(tf, tf.concat(parts, 1), params.get(`${prefix}/l${l}/w`) as Tensor2D, params.get(`${prefix}/l${l}/b`)));
    h = tf.add(h, dropout(tf, y, rate, rng));
  }
  return h;
}
