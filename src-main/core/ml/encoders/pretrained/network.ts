// The forward pass of every pretrained architecture (post-norm transformer, as in the BERT paper and
// Hugging Face's BertModel, RobertaModel and DistilBertModel) over a batch of windows: rows are
// window-major (w*L + position), every window starts with its special prefix ([CLS], <s>).
//
//   x = LayerNorm(word[id] + position[offset + p] + type[0])   (no type term where there are none;
//                                                                offset is pad + 1 for RoBERTa)
//   per layer: x = LayerNorm(x + Dense(Attention(x)));  x = LayerNorm(x + Dense(GELU(Dense(x))))
//
// Attention runs as plain 2-D products (lean-ops.ts) over chunks of whole windows with a block-diagonal
// additive mask (ops.ts explains why batched products are avoided on wasm). Chunks of at most CHUNK_ROWS
// rows bound the wasted cross-window work: for a 768-wide model at 512 rows it is about a tenth
// of a layer's dense products.

import { dropout } from '../../runtime/ops.js';
import type { Params } from '../../runtime/params.js';
import type { Rng } from '../../runtime/rng.js';
import type { Tensor, Tensor2D, Tf } from '../../runtime/tf-types.js';
import type { TransformerShape } from './architecture.js';
import { embeddingRows, linear, matmul } from './lean-ops.js';

const CHUNK_ROWS = 512;
/** Additive mask of keys outside a window: exp(-1e9) is exactly 0 in float32, as with HF's float-min mask. */
const MASKED = -1e9;

/** Host-side input of a forward pass: `count` windows padded to `length` pieces. */
export interface WindowBatch {
  count: number;
  length: number;
  /** Real pieces in each window ([CLS] and [SEP] included). */
  lengths: number[];
  /** Piece ids, [count * length], padding filled with the [PAD] id. */
  ids: Int32Array;
}

export interface DropoutRates {
  hidden: number;
  attention: number;
}

export function layerNormEps(tf: Tf, x: Tensor2D, gamma: Tensor, beta: Tensor, eps: number): Tensor2D {
  const mean = tf.mean(x, 1, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), 1, true);
  return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, eps))), gamma), beta);
}

/** GELU in its exact erf form, 0.5·x·(1 + erf(x/√2)) (Hugging Face's "gelu"). */
export function gelu(tf: Tf, x: Tensor2D): Tensor2D {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/** Position ids of every slot; padding slots share the real ones' (their rows are masked out). */
function positionIds(batch: WindowBatch, offset: number): Int32Array {
  const out = new Int32Array(batch.count * batch.length);
  for (let w = 0; w < batch.count; w++) for (let p = 0; p < batch.length; p++) out[w * batch.length + p] = offset + p;
  return out;
}

function chunkMask(lengths: readonly number[], L: number, first: number, count: number): Float32Array {
  const n = count * L;
  const out = new Float32Array(n * n).fill(MASKED);
  for (let s = 0; s < count; s++) {
    const len = lengths[first + s]!;
    for (let q = 0; q < L; q++) out.fill(0, (s * L + q) * n + s * L, (s * L + q) * n + s * L + len);
  }
  return out;
}

function attention(tf: Tf, qkv: Tensor2D, batch: WindowBatch, c: TransformerShape, rate: number, rng: Rng | null): Tensor2D {
  const H = c.hiddenSize;
  const heads = c.numHeads;
  const dh = H / heads;
  const L = batch.length;
  const perChunk = Math.max(1, Math.floor(CHUNK_ROWS / L));
  const scale = 1 / Math.sqrt(dh);
  const sizes: number[] = [];
  for (let first = 0; first < batch.count; first += perChunk) sizes.push(Math.min(perChunk, batch.count - first) * L);
  // Splits rather than slices: the gradient of a split is one concat, while every slice's
  // gradient pads back to the full [rows, 3H] shape.
  const parts = sizes.length === 1 ? [qkv] : tf.split(qkv, sizes, 0);
  const chunks: Tensor2D[] = [];
  let first = 0;
  parts.forEach((part, i) => {
    const rows = sizes[i]!;
    const count = rows / L;
    const bias = tf.tensor2d(chunkMask(batch.lengths, L, first, count), [rows, rows]);
    first += count;
    // [rows, 3H] -> [3·heads, rows, dh]: one matrix per projection and head.
    const byHead = tf.split(tf.transpose(tf.reshape(part, [rows, 3 * heads, dh]), [1, 0, 2]), 3 * heads, 0);
    const head = (k: number) => tf.reshape(byHead[k]!, [rows, dh]) as Tensor2D;
    const outs: Tensor2D[] = [];
    for (let h = 0; h < heads; h++) {
      const scores = tf.add(tf.mul(matmul(tf, head(h), tf.transpose(head(heads + h))), scale), bias) as Tensor2D;
      outs.push(matmul(tf, dropout(tf, tf.softmax(scores), rate, rng), head(2 * heads + h)));
    }
    chunks.push(heads === 1 ? outs[0]! : tf.concat(outs, 1));
  });
  return chunks.length === 1 ? chunks[0]! : tf.concat(chunks, 0);
}

/**
 * The last hidden state [count * length, H] of a batch of windows. With an rng, dropout is active
 * (training). Call inside tf.tidy.
 */
export function transformerForward(
  tf: Tf,
  params: Params,
  c: TransformerShape,
  positionOffset: number,
  batch: WindowBatch,
  rates: DropoutRates,
  rng: Rng | null,
): Tensor2D {
  const p = (name: string) => params.get(name);
  const eps = c.layerNormEps;
  const H = c.hiddenSize;
  const words = embeddingRows(tf, p('emb/word'), batch.ids);
  const positions = embeddingRows(tf, p('emb/pos'), positionIds(batch, positionOffset));
  let sum = tf.add(words, positions) as Tensor2D;
  // Single-segment input: every piece has token type 0.
  if (c.typeVocabSize > 0) sum = tf.add(sum, tf.slice(p('emb/type'), [0, 0], [1, H]));
  let x = layerNormEps(tf, sum, p('emb/ln/g'), p('emb/ln/b'), eps);
  x = dropout(tf, x, rates.hidden, rng);
  for (let l = 0; l < c.numLayers; l++) {
    const w = (name: string) => p(`l${l}/${name}`);
    const qkv = linear(tf, x, w('qkv/w'), w('qkv/b'));
    const ctx = attention(tf, qkv, batch, c, rates.attention, rng);
    const a = dropout(tf, linear(tf, ctx, w('attn/w'), w('attn/b')), rates.hidden, rng);
    x = layerNormEps(tf, tf.add(a, x), w('ln1/g'), w('ln1/b'), eps);
    const inner = gelu(tf, linear(tf, x, w('ff1/w'), w('ff1/b')));
    const out = dropout(tf, linear(tf, inner, w('ff2/w'), w('ff2/b')), rates.hidden, rng);
    x = layerNormEps(tf, tf.add(out, x), w('ln2/g'), w('ln2/b'), eps);
  }
  return x;
}
