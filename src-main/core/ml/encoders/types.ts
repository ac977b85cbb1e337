// What every encoder offers (words in, one vector per word out), and what an encoder folder
// gives the registry (registry.ts): its config schema, defaults, names and builder.

import type { z } from 'zod';
import type { Params } from '../runtime/params.js';
import type { Rng } from '../runtime/rng.js';
import type { Tensor2D, Tf } from '../runtime/tf-types.js';
import type { Vocab } from '../data/vocab.js';
import type { Architecture } from './pretrained/architecture.js';

/** The field every encoder config has: which encoder (a registry entry) it configures. */
export interface EncoderConfigBase {
  kind: string;
}

/** Host-side form of a batch of B sentences padded to length T; rows are batch-major (b*T + t). */
export interface EncoderBatch {
  size: number;
  length: number;
  lengths: number[];
  tokens: number;
  /** 1 for real words, 0 for padding: [B*T]. */
  mask: Float32Array;
}

export interface Encoder<B extends EncoderBatch = EncoderBatch> {
  readonly config: EncoderConfigBase;
  /** Width D of the per-word vectors. */
  readonly dim: number;
  readonly params: Params;
  /** What must be stored beside the weights to rebuild this encoder. */
  readonly vocab: Vocab;
  /** Numeric batch; with an rng, training-time input noise (word dropout) is applied. */
  batch(sentences: readonly (readonly string[])[], rng: Rng | null): B;
  /**
   * Per-word vectors, the [B,T,D] tensor flattened to [B*T, D] rows (b*T + t); padding rows are
   * arbitrary and must be masked with batch.mask. With an rng, dropout is active. Call inside tf.tidy.
   */
  encode(batch: B, rng: Rng | null): Tensor2D;
}

/**
 * One encoder, as its folder describes it to the registry. `C` is the config type, inferred from
 * `schema`, so a config saved with a model and loaded again keeps every field.
 */
export interface EncoderDefinition<K extends string = string, C extends EncoderConfigBase = EncoderConfigBase> {
  kind: K;
  /** The saved config's schema (strict: a field it does not know is refused, never dropped). */
  schema: z.ZodType<C>;
  /** The names this encoder takes, as listed in help and errors (`small-cnn`, `bert:<dir>`). */
  names: readonly string[];
  /** The config a name stands for, or null when the name is not this encoder's. */
  parse(name: string): C | null;
  /** The name of a config (what TrainingConfig.encoder and `--encoder` take). */
  name(config: C): string;
  build(tf: Tf, config: C, vocab: Vocab, rng: Rng): Encoder;
  /** The pretrained checkpoint folder a config reads, or null (an encoder trained from scratch). */
  folder(config: C): string | null;
  /** The config with its dir changed (a relative folder resolved, say); a config without a folder is returned as it is. */
  withFolder(config: C, dir: string): C;
  /**
   * Saving a model: files the encoder needs beside the weights are written into `modelDir`, and
   * the config to record is returned. Loading: the config to build the saved model with.
   */
  forSave(config: C, modelDir: string): C;
  forLoad(config: C, modelDir: string): C;
  /** Pretrained encoders: the architecture (checkpoint layout, config.json, token-classification class). */
  architecture: Architecture | null;
}
