// A checkpoint folder's config.json: which architecture it is (model_type), and the BERT-style
// fields that BERT, RoBERTa and XLM-R share. What the encoder cannot run is refused here, with
// the file and field named, before anything is built.

import path from 'node:path';
import { z } from 'zod';
import { CoreError } from '../../../errors.js';
import { parseJson, readJsonFile } from '../../../json-file.js';
import type { TransformerShape } from './architecture.js';

export const CONFIG_FILE = 'config.json';
export const WEIGHTS_FILE = 'model.safetensors';

export function refuse(file: string, reason: string): CoreError {
  return new CoreError('BAD_REQUEST', `${file}: ${reason}`, { file });
}

export interface CheckpointConfig {
  file: string;
  raw: Record<string, unknown>;
  /** model_type, or `bert` for configs written before model_type existed that name a BERT class. */
  modelType: string;
}

const headSchema = z.looseObject({ model_type: z.string().optional(), architectures: z.array(z.string()).optional() });

/** Reads config.json and its model_type. */
export function readCheckpointConfig(dir: string): CheckpointConfig {
  const file = path.join(dir, CONFIG_FILE);
  const raw = readJsonFile(file);
  const head = parseJson(file, raw, headSchema);
  let modelType = head.model_type;
  if (modelType === undefined) {
    const classes = head.architectures ?? [];
    if (classes.length === 0 || !classes.every((a) => a.startsWith('Bert')))
      throw refuse(file, `no model_type${classes.length > 0 ? `, and architectures ${classes.join(', ')} do not say BERT` : ''}`);
    modelType = 'bert';
  }
  return { file, raw: head as Record<string, unknown>, modelType };
}

const positive = z.number().int().positive();
const rate = z.number().min(0).max(1);

const bertStyleSchema = z.looseObject({
  vocab_size: positive,
  hidden_size: positive,
  num_hidden_layers: positive,
  num_attention_heads: positive,
  intermediate_size: positive,
  hidden_act: z.string().default('gelu'),
  hidden_dropout_prob: rate.default(0.1),
  attention_probs_dropout_prob: rate.default(0.1),
  max_position_embeddings: positive,
  type_vocab_size: positive.optional(),
  layer_norm_eps: z.number().positive().optional(),
  initializer_range: z.number().positive().default(0.02),
  position_embedding_type: z.string().default('absolute'),
  embedding_size: positive.optional(),
  is_decoder: z.boolean().optional(),
  add_cross_attention: z.boolean().optional(),
  pad_token_id: z.number().int().min(0).nullable().optional(),
});

export function checkActivation(file: string, field: string, value: string): void {
  if (value !== 'gelu') throw refuse(file, `${field} "${value}" is not supported (only "gelu", the exact erf form)`);
}

export function checkHeads(file: string, hidden: number, heads: number): void {
  if (hidden % heads !== 0) throw refuse(file, `hidden size ${hidden} is not a multiple of the ${heads} attention heads`);
}

/**
 * The fields BERT, RoBERTa and XLM-R name alike; `defaults` are the architecture's own (its
 * LayerNorm epsilon and token types when config.json leaves them out).
 */
export function bertStyleShape(
  raw: unknown,
  file: string,
  modelType: string,
  defaults: { layerNormEps: number; typeVocabSize: number },
): TransformerShape {
  const c = parseJson(file, raw, bertStyleSchema);
  checkActivation(file, 'hidden_act', c.hidden_act);
  if (c.position_embedding_type !== 'absolute')
    throw refuse(file, `position_embedding_type "${c.position_embedding_type}" is not supported (only "absolute")`);
  if (c.embedding_size !== undefined && c.embedding_size !== c.hidden_size) {
    throw refuse(
      file,
      `embedding_size ${c.embedding_size} differs from hidden_size ${c.hidden_size}: factorised embeddings (ALBERT, ELECTRA) are not supported`,
    );
  }
  if (c.is_decoder || c.add_cross_attention) throw refuse(file, 'decoder and cross-attention models are not supported');
  checkHeads(file, c.hidden_size, c.num_attention_heads);
  return {
    modelType,
    vocabSize: c.vocab_size,
    hiddenSize: c.hidden_size,
    numLayers: c.num_hidden_layers,
    numHeads: c.num_attention_heads,
    intermediateSize: c.intermediate_size,
    hiddenDropout: c.hidden_dropout_prob,
    attentionDropout: c.attention_probs_dropout_prob,
    maxPositions: c.max_position_embeddings,
    typeVocabSize: c.type_vocab_size ?? defaults.typeVocabSize,
    layerNormEps: c.layer_norm_eps ?? defaults.layerNormEps,
    initializerRange: c.initializer_range,
    padTokenId: c.pad_token_id ?? null,
    sinusoidalPositions: false,
  };
}
