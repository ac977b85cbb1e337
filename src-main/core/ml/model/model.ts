// The networks: a recognizer (encoder, dropout, linear layer to label logits) and a similarity
// evaluator (a separate siamese encoder whose token vectors are compared by cosine). A teacher
// has both; a student has a recognizer only.

import type { EpochMetrics, RunStage } from '../../../contract/entities.js';
import { CoreError } from '../../errors.js';
import { createEncoder, type Encoder, type EncoderBatch, type EncoderConfig } from '../encoders/index.js';
import { dense, dropout } from '../runtime/ops.js';
import { Params } from '../runtime/params.js';
import { Rng } from '../runtime/rng.js';
import type { Tensor2D, Tf, Variable } from '../runtime/tf-types.js';
import { UNK, type Vocab } from '../data/vocab.js';

export class Recognizer {
  readonly head: Params;

  constructor(
    private readonly tf: Tf,
    readonly encoder: Encoder,
    readonly labels: readonly string[],
    readonly dropoutRate: number,
    rng: Rng,
  ) {
    this.head = new Params(tf);
    this.head.add('w', [encoder.dim, labels.length], 'glorot', rng);
    this.head.add('b', [labels.length], 'zeros', rng);
  }

  /** Unnormalised label scores [B*T, K]; the losses apply (log-)softmax exactly once. */
  logits(batch: EncoderBatch, rng: Rng | null): Tensor2D {
    return this.logitsFrom(this.encoder.encode(batch, rng), rng);
  }

  logitsFrom(vectors: Tensor2D, rng: Rng | null): Tensor2D {
    const h = dropout(this.tf, vectors, this.dropoutRate, rng);
    return dense(this.tf, h, this.head.get('w') as Tensor2D, this.head.get('b'));
  }

  named(): Map<string, Variable> {
    const out = new Map<string, Variable>();
    for (const n of this.encoder.params.names()) out.set(`encoder/${n}`, this.encoder.params.get(n));
    for (const n of this.head.names()) out.set(`head/${n}`, this.head.get(n));
    return out;
  }

  dispose(): void {
    this.encoder.params.dispose();
    this.head.dispose();
  }
}

export class Evaluator {
  constructor(readonly encoder: Encoder) {}

  /** Token vectors [B*T, D] whose cosine gives the similarity s = sigmoid(cos). */
  vectors(batch: EncoderBatch, rng: Rng | null): Tensor2D {
    return this.encoder.encode(batch, rng);
  }

  named(): Map<string, Variable> {
    const out = new Map<string, Variable>();
    for (const n of this.encoder.params.names()) out.set(`encoder/${n}`, this.encoder.params.get(n));
    return out;
  }

  dispose(): void {
    this.encoder.params.dispose();
  }
}

export interface StageSummary {
  stage: RunStage;
  epochs: number;
  /** 1-based epoch whose weights were kept. */
  bestEpoch: number;
  bestScore: number | null;
  /** What picked the epoch: `f1` or `pair-accuracy` on the named dev set, or the last epoch. */
  metric: 'f1' | 'pair-accuracy' | 'last-epoch';
  selectedOn: string;
  history: EpochMetrics[];
}

export interface TrainingSummary {
  seed: number;
  backend: string;
  createdAt: string;
  trainSentences: number;
  stages: StageSummary[];
  options: Record<string, unknown>;
}

export interface ModelSpec {
  kind: 'teacher' | 'student';
  encoder: EncoderConfig;
  labels: string[];
  vocab: Vocab;
  headDropout: number;
}

export class NerModel {
  summary: TrainingSummary | null = null;

  constructor(
    readonly spec: ModelSpec,
    readonly recognizer: Recognizer,
    readonly evaluator: Evaluator | null,
  ) {}

  get kind(): 'teacher' | 'student' {
    return this.spec.kind;
  }

  get labels(): readonly string[] {
    return this.spec.labels;
  }

  /** Every weight by its name in the model file: `recognizer/...` and `evaluator/...`. */
  named(): Map<string, Variable> {
    const out = new Map<string, Variable>();
    for (const [n, v] of this.recognizer.named()) out.set(`recognizer/${n}`, v);
    if (this.evaluator) for (const [n, v] of this.evaluator.named()) out.set(`evaluator/${n}`, v);
    return out;
  }

  dispose(): void {
    this.recognizer.dispose();
    this.evaluator?.dispose();
  }
}

/** A model with fresh weights drawn from `seed` (recognizer and evaluator from separate streams). */
export function buildModel(tf: Tf, spec: ModelSpec, seed: number): NerModel {
  const recRng = Rng.derive(seed, 'init', 'recognizer');
  const encoder = createEncoder(tf, spec.encoder, spec.vocab, recRng);
  const recognizer = new Recognizer(tf, encoder, spec.labels, spec.headDropout, recRng);
  let evaluator: Evaluator | null = null;
  if (spec.kind === 'teacher') {
    evaluator = new Evaluator(createEncoder(tf, spec.encoder, spec.vocab, Rng.derive(seed, 'init', 'evaluator')));
  }
  return new NerModel(spec, recognizer, evaluator);
}

/**
 * Copies every weight of `from` into the same-named weight of `to`. An embedding table of `to`
 * may have more rows than its source (an extended vocabulary): the extra rows start as copies of
 * the source's unknown-item row (index 1), so the copy computes exactly what the source computes.
 */
export function copyWeights(tf: Tf, from: ReadonlyMap<string, Variable>, to: ReadonlyMap<string, Variable>): void {
  for (const [name, target] of to) {
    const source = from.get(name);
    if (!source) throw new Error(`no weight ${name} to copy from`);
    const [rows, cols] = source.shape as [number, number];
    const grows = source.shape.length === 2 && target.shape.length === 2 && target.shape[1] === cols && target.shape[0]! > rows;
    if (!grows && source.shape.join('x') !== target.shape.join('x'))
      throw new Error(`weight ${name}: ${source.shape} cannot fill ${target.shape}`);
    tf.tidy(() => {
      if (!grows) return target.assign(source);
      const unknown = tf.slice(source, [UNK, 0], [1, cols]);
      target.assign(tf.concat([source, tf.tile(unknown, [target.shape[0]! - rows, 1])], 0));
    });
  }
}

/**
 * One model or several as a list, refusing none and models whose label lists differ: an ensemble
 * (in prediction) and the teachers of a student (in distillation) are averaged label by label.
 * `noun` and `task` name them in the messages; `rule` ends the label-list one.
 */
export function sameLabelModels(given: NerModel | readonly NerModel[], noun: string, task: string, rule: string): readonly NerModel[] {
  const models: readonly NerModel[] = Array.isArray(given) ? given : [given as NerModel];
  if (models.length === 0) throw new CoreError('BAD_REQUEST', `${task} needs at least one ${noun}`);
  const labels = models[0]!.labels.join(' ');
  models.forEach((m, k) => {
    if (m.labels.join(' ') !== labels)
      throw new CoreError('BAD_REQUEST', `${noun} ${k + 1} has labels ${m.labels.join(' ')} but ${noun} 1 has ${labels}; ${rule}`);
  });
  return models;
}
