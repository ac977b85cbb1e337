// The student's distillation loss, chosen by name from a small registry. Each strategy turns one
// batch of target sentences and the teachers' outputs on it into the loss the student minimises:
//
//   mtmt    the MTMT loss over token pairs, with the α, β, γ confidence weights (losses.ts,
//           docs/ARCHITECTURE.md "The MTMT losses")
//   kd-mse  plain knowledge distillation: per-token MSE to the teachers' mean probabilities
//   kd-kl   plain knowledge distillation: per-token KL(p_T || p_S)
//
// A strategy's prepare() runs in the training step's tidy scope, outside the gradient tape, so
// the teacher-side tensors it builds are constants; the closure it returns runs under the tape.

import { CoreError } from '../../errors.js';
import type { EncoderBatch } from '../encoders/index.js';
import { pairUp } from '../data/pairs.js';
import type { NerModel, Recognizer } from '../model/model.js';
import { gatherRows } from '../runtime/ops.js';
import type { Rng } from '../runtime/rng.js';
import type { Tensor, Tensor2D, Tf } from '../runtime/tf-types.js';
import { cosineMatrix, kdLoss, mtmtPairLoss, type MtmtWeights } from './losses.js';

/** One step's inputs: the target sentences as each teacher and the student see them. */
export interface DistillationBatch {
  tf: Tf;
  teachers: readonly NerModel[];
  /** Each teacher's own encoding of the sentences (no dropout); rows line up with `batch`'s. */
  teacherBatches: readonly EncoderBatch[];
  /** Each teacher's label probabilities [rows, K], harmonised where types are (constants). */
  teacherProbs: readonly Tensor2D[];
  student: Recognizer;
  /** The student's encoding of the same sentences. */
  batch: EncoderBatch;
  rng: Rng;
  /** The MTMT confidence weights switched on; strategies without them ignore it. */
  weights: MtmtWeights;
}

export interface DistillationLoss {
  /** The registry name: what a saved model's summary records and a caller asks for. */
  name: string;
  /** One line for help texts and summaries. */
  description: string;
  /** Builds the constants of one batch; returns the loss closure that runs under the gradient tape. */
  prepare(x: DistillationBatch): () => Tensor;
}

/** Rows per similarity block: pairs are processed in groups whose padded rows stay under this. */
const BLOCK_ROWS = 512;

interface Block {
  rowsA: Int32Array;
  rowsB: Int32Array;
  mask: Float32Array;
  n: number;
  pairs: number;
}

/** Row indices and the valid-pair mask of groups of sentence pairs, for [n, n] similarity blocks. */
function blocks(batch: EncoderBatch): Block[] {
  const T = batch.length;
  const pairs = pairUp(batch.size);
  const perBlock = Math.max(1, Math.floor(BLOCK_ROWS / T));
  const out: Block[] = [];
  for (let first = 0; first < pairs.length; first += perBlock) {
    const group = pairs.slice(first, first + perBlock);
    const n = group.length * T;
    const rowsA = new Int32Array(n);
    const rowsB = new Int32Array(n);
    const mask = new Float32Array(n * n);
    let count = 0;
    group.forEach(([a, b], g) => {
      for (let t = 0; t < T; t++) {
        rowsA[g * T + t] = a * T + t;
        rowsB[g * T + t] = b * T + t;
      }
      for (let i = 0; i < batch.lengths[a]!; i++) {
        for (let j = 0; j < batch.lengths[b]!; j++) mask[(g * T + i) * n + g * T + j] = 1;
      }
      count += batch.lengths[a]! * batch.lengths[b]!;
    });
    out.push({ rowsA, rowsB, mask, n, pairs: count });
  }
  return out;
}

/**
 * The combined teacher targets of one similarity block: p_T of rows A and B as the mean of the
 * teachers' probabilities, s_T as the mean of their sigmoid(cos) similarities (each teacher's
 * own, not the similarity of averaged vectors). One teacher gives its own values.
 */
export function combinedTargets(
  tf: Tf,
  outputs: readonly { p: Tensor2D; h: Tensor2D }[],
  rowsA: Int32Array,
  rowsB: Int32Array,
): { pTA: Tensor2D; pTB: Tensor2D; sT: Tensor2D } {
  return tf.tidy(() => {
    const mean = (list: Tensor2D[]): Tensor2D => (list.length === 1 ? list[0]! : (tf.div(tf.addN(list), list.length) as Tensor2D));
    return {
      pTA: mean(outputs.map((o) => gatherRows(tf, o.p, rowsA) as Tensor2D)),
      pTB: mean(outputs.map((o) => gatherRows(tf, o.p, rowsB) as Tensor2D)),
      sT: mean(outputs.map((o) => tf.sigmoid(cosineMatrix(tf, gatherRows(tf, o.h, rowsA), gatherRows(tf, o.h, rowsB))) as Tensor2D)),
    };
  });
}

const mtmt: DistillationLoss = {
  name: 'mtmt',
  description: 'MTMT: token-pair loss with the recognizer (α), evaluator (β) and agreement (γ) confidence weights',
  prepare: ({ tf, teachers, teacherBatches, teacherProbs, student, batch, rng, weights }) => {
    const outputs = teachers.map((t, k) => ({ p: teacherProbs[k]!, h: t.evaluator!.vectors(teacherBatches[k]!, null) as Tensor2D }));
    const parts = blocks(batch).map((b) => ({
      b,
      ...combinedTargets(tf, outputs, b.rowsA, b.rowsB),
      mask: tf.tensor2d(b.mask, [b.n, b.n]),
    }));
    const totalPairs = parts.reduce((n, p) => n + p.b.pairs, 0);
    return () => {
      const h = student.encoder.encode(batch, rng);
      const pS = tf.softmax(student.logitsFrom(h, rng));
      const losses: Tensor[] = parts.map((p) =>
        mtmtPairLoss(
          tf,
          {
            pSA: gatherRows(tf, pS, p.b.rowsA),
            pSB: gatherRows(tf, pS, p.b.rowsB),
            pTA: p.pTA,
            pTB: p.pTB,
            hSA: gatherRows(tf, h, p.b.rowsA),
            hSB: gatherRows(tf, h, p.b.rowsB),
            sT: p.sT,
            mask: p.mask,
          },
          weights,
        ),
      );
      return tf.div(losses.length === 1 ? losses[0]! : tf.addN(losses), Math.max(1, totalPairs));
    };
  },
};

/** Plain KD to the teachers' mean probabilities, per token (padding masked out). */
function plainKd(kind: 'mse' | 'kl', description: string): DistillationLoss {
  return {
    name: `kd-${kind}`,
    description,
    prepare: ({ tf, teacherProbs, student, batch, rng }) => {
      const pT = teacherProbs.length === 1 ? teacherProbs[0]! : (tf.div(tf.addN([...teacherProbs]), teacherProbs.length) as Tensor2D);
      const mask = tf.tensor1d(batch.mask);
      return () => kdLoss(tf, kind, student.logits(batch, rng), pT, mask, batch.tokens);
    },
  };
}

const LOSSES = new Map<string, DistillationLoss>();

/** Adds a strategy under its name; a name is registered once. */
export function registerDistillationLoss(loss: DistillationLoss): void {
  if (LOSSES.has(loss.name)) throw new Error(`distillation loss ${loss.name} is already registered`);
  LOSSES.set(loss.name, loss);
}

registerDistillationLoss(mtmt);
registerDistillationLoss(plainKd('mse', 'plain KD (ablation): per-token mean squared error to the teacher probabilities'));
registerDistillationLoss(plainKd('kl', 'plain KD (ablation): per-token KL divergence from the teacher probabilities'));

/** The registered names, the default (mtmt) first. */
export function distillationLossNames(): string[] {
  return [...LOSSES.keys()];
}

/** The strategy registered as `name`; an unknown name is refused with the known ones. */
export function distillationLoss(name: string): DistillationLoss {
  const loss = LOSSES.get(name);
  if (loss === undefined) {
    throw new CoreError('BAD_REQUEST', `unknown distillation loss "${name}"; choose one of ${distillationLossNames().join(', ')}`);
  }
  return loss;
}

export const DEFAULT_DISTILLATION_LOSS = 'mtmt';
