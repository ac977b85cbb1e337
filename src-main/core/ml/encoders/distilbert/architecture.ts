// DistilBERT (model_type `distilbert`, such as distilbert-base-multilingual-cased): BERT's layout
// with its own names (`q_lin`/`k_lin`/`v_lin`/`out_lin`, `sa_layer_norm`, `ffn.lin1`/`lin2`,
// `output_layer_norm`) under `distilbert.`, its own config.json fields (dim, n_layers, ...), no
// token types, LayerNorm epsilon 1e-12, and optionally a fixed sinusoidal position table.

import { z } from 'zod';
import { parseJson } from '../../../json-file.js';
import type { Architecture } from '../pretrained/architecture.js';
import { checkActivation, checkHeads } from '../pretrained/config.js';

const positive = z.number().int().positive();
const rate = z.number().min(0).max(1);

const schema = z.looseObject({
  vocab_size: positive,
  dim: positive.default(768),
  n_layers: positive.default(6),
  n_heads: positive.default(12),
  hidden_dim: positive.default(3072),
  dropout: rate.default(0.1),
  attention_dropout: rate.default(0.1),
  activation: z.string().default('gelu'),
  max_position_embeddings: positive.default(512),
  sinusoidal_pos_embds: z.boolean().default(false),
  initializer_range: z.number().positive().default(0.02),
  pad_token_id: z.number().int().min(0).nullable().default(0),
});

export const DISTILBERT: Architecture = {
  kind: 'distilbert',
  modelTypes: ['distilbert'],
  tokenClassification: 'DistilBertForTokenClassification',
  positions: 'absolute',
  layout: {
    prefix: 'distilbert.',
    word: 'embeddings.word_embeddings',
    position: 'embeddings.position_embeddings',
    tokenType: null,
    embeddingNorm: 'embeddings.LayerNorm',
    layer: (i) => {
      const l = `transformer.layer.${i}`;
      return {
        query: `${l}.attention.q_lin`,
        key: `${l}.attention.k_lin`,
        value: `${l}.attention.v_lin`,
        attentionOut: `${l}.attention.out_lin`,
        attentionNorm: `${l}.sa_layer_norm`,
        intermediate: `${l}.ffn.lin1`,
        output: `${l}.ffn.lin2`,
        outputNorm: `${l}.output_layer_norm`,
      };
    },
  },
  readConfig: (raw, file) => {
    const c = parseJson(file, raw, schema);
    checkActivation(file, 'activation', c.activation);
    checkHeads(file, c.dim, c.n_heads);
    return {
      modelType: 'distilbert',
      vocabSize: c.vocab_size,
      hiddenSize: c.dim,
      numLayers: c.n_layers,
      numHeads: c.n_heads,
      intermediateSize: c.hidden_dim,
      hiddenDropout: c.dropout,
      attentionDropout: c.attention_dropout,
      maxPositions: c.max_position_embeddings,
      typeVocabSize: 0,
      layerNormEps: 1e-12,
      initializerRange: c.initializer_range,
      padTokenId: c.pad_token_id,
      sinusoidalPositions: c.sinusoidal_pos_embds,
    };
  },
};
