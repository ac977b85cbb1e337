// A pre-norm transformer over batch-major rows. Attention is computed with plain 2-D products
// over chunks of whole sentences (a block-diagonal mask keeps each sentence to itself): batched
// rank-3 products are off the wasm backend's fast path (16 products of 128x32x128 took 7x longer
// batched than one by one). Chunks of 128-256 rows measured fastest: about 25% less CPU per
// training step than 512 rows (more masked-out work) or 64 (more kernel calls).

import { dense, dropout, layerNorm, mm } from '../../runtime/ops.js';
import type { Params } from '../../runtime/params.js';
import type { Rng } from '../../runtime/rng.js';
import type { Tensor2D, Tf } from '../../runtime/tf-types.js';

const CHUNK_ROWS = 256;

export interface TransformerShape {
  layers: number;
  dim: number;
  heads: number;
  ff: number;
}

export function addTransformerParams(params: Params, prefix: string, inDim: number, s: TransformerShape, rng: Rng): void {
  if (s.dim % s.heads !== 0) throw new Error(`transformer dim ${s.dim} is not divisible by ${s.heads} heads`);
  params.add(`${prefix}/in/w`, [inDim, s.dim], 'glorot', rng);
  params.add(`${prefix}/in/b`, [s.dim], 'zeros', rng);
  for (let l = 0; l < s.layers; l++) {
    const p = `${prefix}/l${l}`;
    params.add(`${p}/ln1/g`, [s.dim], 'ones', rng);
    params.add(`${p}/ln1/b`, [s.dim], 'zeros', rng);
    params.add(`${p}/qkv/w`, [s.dim, 3 * s.dim], 'glorot', rng);
    params.add(`${p}/qkv/b`, [3 * s.dim], 'zeros', rng);
    params.add(`${p}/o/w`, [s.dim, s.dim], 'glorot', rng);
    params.add(`${p}/o/b`, [s.dim], 'zeros', rng);
    params.add(`${p}/ln2/g`, [s.dim], 'ones', rng);
    params.add(`${p}/ln2/b`, [s.dim], 'zeros', rng);
    params.add(`${p}/ff1/w`, [s.dim, s.ff], 'glorot', rng);
    params.add(`${p}/ff1/b`, [s.ff], 'zeros', rng);
    params.add(`${p}/ff2/w`, [s.ff, s.dim], 'glorot', rng);
    params.add(`${p}/ff2/b`, [s.dim], 'zeros', rng);
  }
  params.add(`${prefix}/lnf/g`, [s.dim], 'ones', rng);
  params.add(`${prefix}/lnf/b`, [s.dim], 'zeros', rng);
}

function positions(B: number, T: number, d: number): Float32Array {
  const out = new Float32Array(B * T * d);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < d; k += 2) {
      const angle = t / Math.pow(10000, k / d);
      for (let b = 0; b < B; b++) {
        const row = (b * T + t) * d;
        out[row + k] = Math.sin(angle);
        if (k + 1 < d) out[row + k + 1] = Math.cos(angle);
      }
    }
  }
  return out;
}

/** Additive mask for a chunk of `count` sentences starting at sentence `first`. */
function chunkMask(lengths: readonly number[], T: number, first: number, count: number): Float32Array {
  const n = count * T;
  const out = new Float32Array(n * n).fill(-1e9);
  for (let s = 0; s < count; s++) {
    const len = lengths[first + s]!;
    for (let q = 0; q < T; q++) {
      const row = (s * T + q) * n + s * T;
      for (let k = 0; k < len; k++) out[row + k] = 0;
    }
  }
  return out;
}

function attention(tf: Tf, qkv: Tensor2D, lengths: readonly number[], T: number, dim: number, heads: number): Tensor2D {
  const B = lengths.length;
  const dh = dim / heads;
  const perChunk = Math.max(1, Math.floor(CHUNK_ROWS / T));
  const scale = 1 / Math.sqrt(dh);
  const chunks: Tensor2D[] = [];
  for (let first = 0; first < B; first += perChunk) {
    const count = Math.min(perChunk, B - first);
    const rows = count * T;
    const part = B === count ? qkv : tf.slice(qkv, [first * T, 0], [rows, 3 * dim]);
    const bias = tf.tensor2d(chunkMask(lengths, T, first, count), [rows, rows]);
    const outs: Tensor2D[] = [];
    for (let h = 0; h < heads; h++) {
      const q = tf.slice(part, [0, h * dh], [rows, dh]);
      const k = tf.slice(part, [0, dim + h * dh], [rows, dh]);
      const v = tf.slice(part, [0, 2 * dim + h * dh], [rows, dh]);
      const scores = tf.add(tf.mul(mm(tf, q, tf.transpose(k)), scale), bias) as Tensor2D;
      outs.push(mm(tf, tf.softmax(scores), v));
    }
    chunks.push(heads === 1 ? outs[0]! : tf.concat(outs, 1));
  }
  return chunks.length === 1 ? chunks[0]! : tf.concat(chunks, 0);
}

export function transformer(
  tf: Tf,
  params: Params,
  prefix: string,
  s: TransformerShape,
  x: Tensor2D,
  lengths: readonly number[],
  T: number,
  rate: number,
  rng: Rng | null,
): Tensor2D {
  const B = lengths.length;
  let h = dense(tf, x, params.get(`${prefix}/in/w`) as Tensor2D, params.get(`${prefix}/in/b`));
  h = tf.add(h, tf.tensor2d(positions(B, T, s.dim), [B * T, s.dim]));
  for (let l = 0; l < s.layers; l++) {
    const p = (name: string) => params.get(`${prefix}/l${l}/${name}`);
    const a = layerNorm(tf, h, p('ln1/g'), p('ln1/b'));
    const qkv = dense(tf, a, p('qkv/w') as Tensor2D, p('qkv/b'));
    const ctx = attention(tf, qkv, lengths, T, s.dim, s.heads);
    h = tf.add(h, dropout(tf, dense(tf, ctx, p('o/w') as Tensor2D, p('o/b')), rate, rng));
    const f = tf.relu(dense(tf, layerNorm(tf, h, p('ln2/g'), p('ln2/b')), p('ff1/w') as Tensor2D, p('ff1/b')));
    h = tf.add(h, dropout(tf, dense(tf, f, p('ff2/w') as Tensor2D, p('ff2/b')), rate, rng));
  }
  return layerNorm(tf, h, params.get(`${prefix}/lnf/g`), params.get(`${prefix}/lnf/b`));
}
