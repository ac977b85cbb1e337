// Inference: label probabilities in moderate length-sorted batches, constrained decoding,
// evaluation through core/eval, and the teacher's token-pair similarity for the Pairs screen.

import type { EvalReport } from '../../../contract/entities.js';
import { CoreError } from '../../errors.js';
import { evaluate } from '../../eval/index.js';
import { getTf } from '../runtime/backend.js';
import { tokenBatches } from '../data/batching.js';
import { checkDataset, type TaggedSentence } from '../data/dataset.js';
import { decodeSentence, iob2Transitions, type SentencePrediction } from './decode.js';
import { cosineMatrix } from '../train/losses.js';
import { sameLabelModels, type NerModel, type Recognizer } from './model.js';
import type { Tf } from '../runtime/tf-types.js';
import { harmonizeTypes, TypeVotes, type TypeVoteOptions } from './type-votes.js';

export interface PredictOptions {
  /** IOB2-constrained Viterbi (default) or plain argmax. */
  constrained?: boolean;
  /** Padded tokens per inference batch. */
  batchTokens?: number;
  /**
   * Harmonise entity types over all the sentences of this call (type-votes.ts): each surface
   * string gets the type most of its predicted occurrences, and the gazetteer's, voted for.
   */
  types?: HarmonizeOptions | undefined;
}

export interface HarmonizeOptions extends TypeVoteOptions {
  /** Labelled sentences (the source data, say) whose entities vote as a gazetteer. */
  gazetteer?: readonly TaggedSentence[] | undefined;
}

/** Softmax probabilities per sentence, row-major [length x K]. */
export async function recognizerProbs(
  tf: Tf,
  recognizer: Recognizer,
  sentences: readonly (readonly string[])[],
  batchTokens = 512,
): Promise<Float32Array[]> {
  const K = recognizer.labels.length;
  const out = new Array<Float32Array>(sentences.length);
  for (const idx of tokenBatches(
    sentences.map((s) => s.length),
    batchTokens,
  )) {
    const batch = recognizer.encoder.batch(
      idx.map((i) => sentences[i]!),
      null,
    );
    const probs = tf.tidy(() => tf.softmax(recognizer.logits(batch, null)));
    const data = (await probs.data()) as Float32Array;
    probs.dispose();
    idx.forEach((i, b) => {
      const start = b * batch.length * K;
      out[i] = data.slice(start, start + sentences[i]!.length * K);
    });
  }
  return out;
}

async function recognizerTags(
  tf: Tf,
  recognizer: Recognizer,
  sentences: readonly (readonly string[])[],
  constrained: boolean,
): Promise<string[][]> {
  const allowed = constrained ? iob2Transitions(recognizer.labels) : null;
  return (await recognizerProbs(tf, recognizer, sentences)).map(
    (p, i) => decodeSentence(p, sentences[i]!.length, recognizer.labels, allowed).tags,
  );
}

/** Dev F1 (0..1) of a recognizer with constrained decoding; used for epoch selection. */
export async function recognizerF1(tf: Tf, recognizer: Recognizer, data: readonly TaggedSentence[]): Promise<number> {
  const pred = await recognizerTags(
    tf,
    recognizer,
    data.map((s) => s.tokens),
    true,
  );
  return evaluate(
    data.map((s) => s.tags ?? []),
    pred,
  ).f1;
}

/**
 * Tags, per-token probabilities, entity confidences and uncertainty for each sentence. Given
 * several models (an ensemble of teachers, say), their probabilities are averaged before decoding,
 * as a student distilled from them sees them; they must share one label list.
 */
export async function predict(
  model: NerModel | readonly NerModel[],
  sentences: readonly (readonly string[])[],
  opts: PredictOptions = {},
): Promise<SentencePrediction[]> {
  const tf = getTf();
  const models = sameLabelModels(model, 'model', 'prediction', 'an ensemble must share one label list');
  const labels = models[0]!.labels;
  const allowed = opts.constrained === false ? null : iob2Transitions(labels);
  const probs = await recognizerProbs(tf, models[0]!.recognizer, sentences, opts.batchTokens ?? 512);
  for (const other of models.slice(1)) {
    (await recognizerProbs(tf, other.recognizer, sentences, opts.batchTokens ?? 512)).forEach((p, i) => {
      const sum = probs[i]!;
      for (let k = 0; k < p.length; k++) sum[k]! += p[k]!;
    });
  }
  if (models.length > 1) for (const p of probs) for (let k = 0; k < p.length; k++) p[k]! /= models.length;
  const decoded = probs.map((p, i) => decodeSentence(p, sentences[i]!.length, labels, allowed));
  if (!opts.types) return decoded;
  const votes = new TypeVotes(opts.types).addPredictions(sentences, decoded).addGazetteer(opts.types.gazetteer ?? []);
  return harmonizeTypes(sentences, decoded, labels, votes);
}

/** Entity P/R/F1 (seqeval default mode) of the model's (or the ensemble's) tags against labelled sentences. */
export async function evaluateModel(
  model: NerModel | readonly NerModel[],
  labelled: readonly TaggedSentence[],
  opts: PredictOptions = {},
): Promise<EvalReport> {
  checkDataset(labelled, 'evaluation data', { labelled: true });
  const pred = (
    await predict(
      model,
      labelled.map((s) => s.tokens),
      opts,
    )
  ).map((p) => p.tags);
  return evaluate(
    labelled.map((s) => s.tags!),
    pred,
  );
}

/** Teacher similarity s[i][j] = sigmoid(cos(h_i, h_j)) for every token i of A and j of B. */
export async function similarity(teacher: NerModel, tokensA: readonly string[], tokensB: readonly string[]): Promise<number[][]> {
  if (!teacher.evaluator) throw new CoreError('BAD_REQUEST', 'similarity needs a teacher model (this one has no similarity evaluator)');
  if (tokensA.length === 0 || tokensB.length === 0) return tokensA.map(() => []);
  const tf = getTf();
  const encoder = teacher.evaluator.encoder;
  const batch = encoder.batch([tokensA, tokensB], null);
  const T = batch.length;
  const s = tf.tidy(() => {
    const h = teacher.evaluator!.vectors(batch, null);
    const a = tf.slice(h, [0, 0], [tokensA.length, h.shape[1]]);
    const b = tf.slice(h, [T, 0], [tokensB.length, h.shape[1]]);
    return tf.sigmoid(cosineMatrix(tf, a, b));
  });
  const data = (await s.data()) as Float32Array;
  s.dispose();
  const out: number[][] = [];
  for (let i = 0; i < tokensA.length; i++) out.push(Array.from(data.subarray(i * tokensB.length, (i + 1) * tokensB.length)));
  return out;
}
