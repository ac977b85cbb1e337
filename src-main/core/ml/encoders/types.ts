// What every encoder offers: words in, one vector per word out.

import type { Params } from '../runtime/params.js';
import type { Rng } from '../runtime/rng.js';
import type { Tensor2D } from '../runtime/tf-types.js';
import type { Vocab } from '../data/vocab.js';

export type SequenceConfig =
  | { type: 'bilstm'; hidden: number; layers: number; dropout: number }
  | { type: 'transformer'; layers: number; dim: number; heads: number; ff: number; dropout: number }
  | { type: 'cnn'; layers: number; dim: number; width: number; dropout: number };

export interface SmallEncoderConfig {
  kind: 'small';
  wordDim: number;
  /** Training words seen fewer times than this share the unknown-word row. */
  wordMinCount: number;
  /** Probability of replacing a known word by the unknown word while training. */
  wordDropout: number;
  /**
   * The `frequentWords` most frequent training words (function words, mostly) are replaced by
   * the unknown word with probability `frequentWordDropout` instead: in another language those
   * positions hold words the model has never seen.
   */
  frequentWords: number;
  frequentWordDropout: number;
  charDim: number;
  charFilters: number;
  charWidth: number;
  maxWordChars: number;
  foldChars: boolean;
  casing: boolean;
  /** Dropout on the concatenated word, character and casing features. */
  featureDropout: number;
  sequence: SequenceConfig;
}

/** A BERT-family checkpoint folder (encoders/bert/): config.json, vocab.txt, model.safetensors. */
export interface BertEncoderConfig {
  kind: 'bert';
  dir: string;
  /** Keep the embeddings and the lowest N layers fixed while fine-tuning (default 0: train all). */
  freezeLayers?: number | undefined;
  /** Pieces per window, [CLS] and [SEP] included (default min(512, max_position_embeddings)). */
  maxLength?: number | undefined;
  /** Pieces shared by consecutive windows of a long sentence (default min(128, half a window)). */
  stride?: number | undefined;
  /** Hidden and attention dropout (default: config.json's). */
  dropout?: number | undefined;
  /** Initial weights: the checkpoint (default), BERT's random init, or zeros that loadModel overwrites. */
  init?: 'pretrained' | 'random' | 'none' | undefined;
  /** In a saved model: the checkpoint folder it was fine-tuned from (informational). */
  source?: string | undefined;
}

export type EncoderConfig = SmallEncoderConfig | BertEncoderConfig;

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
  readonly config: EncoderConfig;
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
