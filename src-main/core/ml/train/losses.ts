// Losses of the MTMT method (docs/ARCHITECTURE.md, "The MTMT losses"). Teacher-side inputs (teacher
// probabilities and similarities) are constants: callers compute them outside the gradient tape.

import { mm, normalizeRows } from '../runtime/ops.js';
import type { Tensor, Tensor2D, Tf } from '../runtime/tf-types.js';

/**
 * Mean cross-entropy of logits [N, K] against one-hot targets [N, K] (all-zero rows for padding
 * are ignored). Softmax is applied here, once, to raw logits.
 */
export function crossEntropy(tf: Tf, logits: Tensor2D, onehot: Tensor2D, count: number): Tensor {
  const logp = tf.logSoftmax(logits);
  return tf.div(tf.neg(tf.sum(tf.mul(onehot, logp))), Math.max(1, count));
}

/** Cosine matrix [Na, Nb] between the rows of a and of b. */
export function cosineMatrix(tf: Tf, a: Tensor2D, b: Tensor2D): Tensor2D {
  return mm(tf, normalizeRows(tf, a), tf.transpose(normalizeRows(tf, b)));
}

/** Binary cross-entropy of probabilities p against soft or hard targets y, elementwise. */
export function bce(tf: Tf, p: Tensor, y: Tensor | number): Tensor {
  const eps = 1e-7;
  const pc = tf.clipByValue(p, eps, 1 - eps);
  return tf.neg(tf.add(tf.mul(y, tf.log(pc)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, pc)))));
}

/** Similarity-evaluator loss: s = sigmoid(cos(a_k, b_k)) per row pair, BCE against labels y. */
export function pairLoss(tf: Tf, a: Tensor2D, b: Tensor2D, y: Tensor): Tensor {
  const cos = tf.sum(tf.mul(normalizeRows(tf, a), normalizeRows(tf, b)), 1);
  return tf.mean(bce(tf, tf.sigmoid(cos), y));
}

export interface MtmtWeights {
  alpha: boolean;
  beta: boolean;
  gamma: boolean;
}

export interface MtmtInputs {
  /** Student probabilities of the tokens of sentence A [n, K] and of sentence B [m, K]. */
  pSA: Tensor2D;
  pSB: Tensor2D;
  /** Teacher recognizer probabilities (constants). */
  pTA: Tensor2D;
  pTB: Tensor2D;
  /** Student encoder vectors, whose cosine gives the student similarity s_S. */
  hSA: Tensor2D;
  hSB: Tensor2D;
  /** Teacher evaluator similarity s_T [n, m] (constant). */
  sT: Tensor2D;
  /** 1 for each token pair (i, j) that counts, 0 elsewhere [n, m] (constant). */
  mask: Tensor2D;
}

/**
 * Sum over token pairs (i, j) with mask 1 of
 *   γ_ij · ( α_i · MSE(p_S,i, p_T,i) + α_j · MSE(p_S,j, p_T,j) + β_ij · BCE(s_S,ij, s_T,ij) )
 * with α = (max p_T)² from the teacher recognizer, β = min(1, (2 s_T − 1)² + 0.5),
 * γ = 1 − |sigmoid(cos(p_T,i, p_T,j)) − s_T,ij| and s_S = sigmoid(cos(h_S,i, h_S,j)).
 * A weight switched off is 1. MSE is the mean over labels. Divide by the pair count for a mean.
 */
export function mtmtPairLoss(tf: Tf, x: MtmtInputs, w: MtmtWeights): Tensor {
  const K = x.pSA.shape[1];
  const mseA = tf.div(tf.sum(tf.square(tf.sub(x.pSA, x.pTA)), 1), K);
  const mseB = tf.div(tf.sum(tf.square(tf.sub(x.pSB, x.pTB)), 1), K);
  const termA = w.alpha ? tf.mul(tf.square(tf.max(x.pTA, 1)), mseA) : mseA;
  const termB = w.alpha ? tf.mul(tf.square(tf.max(x.pTB, 1)), mseB) : mseB;
  const g = w.gamma ? tf.mul(tf.sub(1, tf.abs(tf.sub(tf.sigmoid(cosineMatrix(tf, x.pTA, x.pTB)), x.sT))), x.mask) : x.mask;
  const sS = tf.sigmoid(cosineMatrix(tf, x.hSA, x.hSB));
  const pairBce = bce(tf, sS, x.sT);
  const weightedBce = w.beta ? tf.mul(pairBce, tf.minimum(1, tf.add(tf.square(tf.sub(tf.mul(x.sT, 2), 1)), 0.5))) : pairBce;
  // Σ_ij g_ij α_i mse_i = Σ_i α_i mse_i · (row sum of g)_i, and likewise over columns for j.
  const rows = tf.sum(tf.mul(termA, tf.sum(g, 1)));
  const cols = tf.sum(tf.mul(termB, tf.sum(g, 0)));
  return tf.add(tf.add(rows, cols), tf.sum(tf.mul(g, weightedBce)));
}

/**
 * Plain single-teacher distillation for ablation: mean over tokens (rows with mask 1) of the
 * MSE or the KL divergence KL(p_T || p_S) between teacher and student label distributions.
 */
export function kdLoss(tf: Tf, kind: 'mse' | 'kl', logitsS: Tensor2D, pT: Tensor2D, mask: Tensor, count: number): Tensor {
  const K = logitsS.shape[1];
  let perToken: Tensor;
  if (kind === 'mse') {
    perToken = tf.div(tf.sum(tf.square(tf.sub(tf.softmax(logitsS), pT)), 1), K);
  } else {
    const logT = tf.log(tf.clipByValue(pT, 1e-12, 1));
    perToken = tf.sum(tf.mul(pT, tf.sub(logT, tf.logSoftmax(logitsS))), 1);
  }
  return tf.div(tf.sum(tf.mul(perToken, mask)), Math.max(1, count));
}
