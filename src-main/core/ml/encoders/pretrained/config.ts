// A BERT checkpoint folder's config.json and tokenizer settings, checked before anything is built.
// The architecture numbers all come from config.json; what the encoder cannot run is refused here
// with the file and field named.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CoreError } from '../../../errors.js';
import type { WordPieceOptions } from '../../../text/wordpiece.js';

export interface BertModelConfig {
  modelType: string;
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  hiddenDropout: number;
  attentionDropout: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  initializerRange: number;
}

export const CONFIG_FILE = 'config.json';
export const VOCAB_FILE = 'vocab.txt';
export const WEIGHTS_FILE = 'model.safetensors';
export const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';

/** model_type values whose checkpoints use BertModel's layout and a WordPiece vocab.txt. */
const BERT_FAMILY = ['bert'];

const positive = z.number().int().positive();
const rawSchema = z.looseObject({
  model_type: z.string().optional(),
  architectures: z.array(z.string()).optional(),
  vocab_size: positive,
  hidden_size: positive,
  num_hidden_layers: positive,
  num_attention_heads: positive,
  intermediate_size: positive,
  hidden_act: z.string().default('gelu'),
  hidden_dropout_prob: z.number().min(0).max(1).default(0.1),
  attention_probs_dropout_prob: z.number().min(0).max(1).default(0.1),
  max_position_embeddings: positive,
  type_vocab_size: positive.default(2),
  layer_norm_eps: z.number().positive().default(1e-12),
  initializer_range: z.number().positive().default(0.02),
  position_embedding_type: z.string().default('absolute'),
  embedding_size: positive.optional(),
  is_decoder: z.boolean().optional(),
  add_cross_attention: z.boolean().optional(),
  do_lower_case: z.boolean().optional(),
});

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CoreError('NOT_FOUND', `${file}: cannot read (${code === 'ENOENT' ? 'no such file' : String(err)})`, { file });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CoreError('BAD_REQUEST', `${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, { file });
  }
}

function refuse(file: string, reason: string): CoreError {
  return new CoreError('BAD_REQUEST', `${file}: ${reason}`, { file });
}

/** Reads and checks config.json; refuses architectures this encoder does not implement. */
export function readBertConfig(dir: string): BertModelConfig {
  const file = path.join(dir, CONFIG_FILE);
  const parsed = rawSchema.safeParse(readJsonFile(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw refuse(file, `${issue.path.join('.') || 'root'}: ${issue.message}`);
  }
  const c = parsed.data;
  // Configs written before model_type existed name the architecture only.
  const architectures = c.architectures ?? [];
  if (c.model_type === undefined && !architectures.every((a) => a.startsWith('Bert'))) {
    throw refuse(
      file,
      `no model_type, and architectures ${architectures.join(', ')} are not BERT: the bert encoder takes BERT-family checkpoints`,
    );
  }
  const modelType = c.model_type ?? 'bert';
  if (!BERT_FAMILY.includes(modelType)) {
    throw refuse(
      file,
      `model_type "${modelType}" is not supported: the bert encoder takes BERT-family checkpoints (model_type "bert", such as bert-base-multilingual-cased) with a WordPiece vocab.txt`,
    );
  }
  if (c.hidden_act !== 'gelu') throw refuse(file, `hidden_act "${c.hidden_act}" is not supported (only "gelu", the erf form BERT uses)`);
  if (c.position_embedding_type !== 'absolute')
    throw refuse(file, `position_embedding_type "${c.position_embedding_type}" is not supported (only "absolute")`);
  if (c.embedding_size !== undefined && c.embedding_size !== c.hidden_size) {
    throw refuse(
      file,
      `embedding_size ${c.embedding_size} differs from hidden_size ${c.hidden_size}: factorised embeddings (ALBERT, ELECTRA) are not supported`,
    );
  }
  if (c.is_decoder || c.add_cross_attention) throw refuse(file, 'decoder and cross-attention BERT models are not supported');
  if (c.hidden_size % c.num_attention_heads !== 0) {
    throw refuse(file, `hidden_size ${c.hidden_size} is not a multiple of num_attention_heads ${c.num_attention_heads}`);
  }
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
    typeVocabSize: c.type_vocab_size,
    layerNormEps: c.layer_norm_eps,
    initializerRange: c.initializer_range,
  };
}

const tokenName = z.union([z.string(), z.object({ content: z.string() }).transform((t) => t.content)]);
const tokenizerSchema = z.looseObject({
  do_lower_case: z.boolean().optional(),
  strip_accents: z.boolean().nullable().optional(),
  tokenize_chinese_chars: z.boolean().optional(),
  model_max_length: z.number().optional(),
  unk_token: tokenName.optional(),
  cls_token: tokenName.optional(),
  sep_token: tokenName.optional(),
  pad_token: tokenName.optional(),
});

export interface TokenizerSettings {
  options: Partial<WordPieceOptions>;
  /** model_max_length when tokenizer_config.json gives a real one (not the "unset" sentinel). */
  modelMaxLength: number | null;
}

/**
 * Tokenizer options: tokenizer_config.json first, then config.json's do_lower_case. A folder that
 * says nothing is treated as cased: lower-casing is applied only when a file asks for it.
 */
export function readTokenizerSettings(dir: string): TokenizerSettings {
  const file = path.join(dir, TOKENIZER_CONFIG_FILE);
  let t: z.infer<typeof tokenizerSchema> = {};
  if (existsSync(file)) {
    const parsed = tokenizerSchema.safeParse(readJsonFile(file));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw refuse(file, `${issue.path.join('.') || 'root'}: ${issue.message}`);
    }
    t = parsed.data;
  }
  let lowerCase = t.do_lower_case;
  const configFile = path.join(dir, CONFIG_FILE);
  if (lowerCase === undefined && existsSync(configFile)) {
    const raw = readJsonFile(configFile) as { do_lower_case?: unknown };
    if (typeof raw.do_lower_case === 'boolean') lowerCase = raw.do_lower_case;
  }
  const options: Partial<WordPieceOptions> = { lowerCase: lowerCase ?? false, stripAccents: t.strip_accents ?? null };
  if (t.tokenize_chinese_chars !== undefined) options.tokenizeChineseChars = t.tokenize_chinese_chars;
  if (t.unk_token) options.unkToken = t.unk_token;
  if (t.cls_token) options.clsToken = t.cls_token;
  if (t.sep_token) options.sepToken = t.sep_token;
  if (t.pad_token) options.padToken = t.pad_token;
  // Hugging Face writes 1e30 when a tokenizer has no length limit of its own.
  const max = t.model_max_length;
  return { options, modelMaxLength: max !== undefined && max > 0 && max < 1e9 ? Math.floor(max) : null };
}
