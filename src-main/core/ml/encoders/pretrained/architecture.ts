// What a pretrained architecture folder (bert/, xlm-roberta/, distilbert/) tells the shared
// checkpoint machinery: which config.json model types it reads and how, where each weight lives
// in a Hugging Face checkpoint, and how the embeddings differ (position ids, token types).
//
// All of them are post-norm transformer encoders with the same parts (BERT's): embeddings and a
// LayerNorm; per layer a self-attention with an output projection and LayerNorm, then a
// feed-forward pair with a LayerNorm. Only names, position ids and token types differ.

/** The architecture numbers of a checkpoint, from its config.json. */
export interface TransformerShape {
  modelType: string;
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  hiddenDropout: number;
  attentionDropout: number;
  /** Rows of the position table (RoBERTa's include the padding offset). */
  maxPositions: number;
  /** Rows of the token-type table; 0 when the architecture has none (DistilBERT). */
  typeVocabSize: number;
  layerNormEps: number;
  initializerRange: number;
  padTokenId: number | null;
  /** A fixed sinusoidal position table (DistilBERT's sinusoidal_pos_embds): loaded, never trained. */
  sinusoidalPositions: boolean;
}

/** Hugging Face module names (without `.weight`/`.bias`) of one layer's parts. */
export interface LayerNames {
  query: string;
  key: string;
  value: string;
  attentionOut: string;
  attentionNorm: string;
  intermediate: string;
  output: string;
  outputNorm: string;
}

export interface CheckpointLayout {
  /** Parameter-name prefix of the base model in task checkpoints (`bert.`); files may also have none. */
  prefix: string;
  word: string;
  position: string;
  /** Absent when the architecture has no token types. */
  tokenType: string | null;
  embeddingNorm: string;
  layer(index: number): LayerNames;
}

export interface Architecture {
  /** The encoder kind and name prefix: `bert`, `xlm-roberta`, ... */
  kind: string;
  /** config.json model_type values this architecture reads. */
  modelTypes: readonly string[];
  /** transformers' token-classification class, written to an exported config.json. */
  tokenClassification: string;
  layout: CheckpointLayout;
  /**
   * Position ids: `absolute` counts from 0; `after-padding` counts from pad_token_id + 1, as
   * RoBERTa's embeddings do for every real token.
   */
  positions: 'absolute' | 'after-padding';
  /** Reads config.json (parsed); refuses with the file and field what this encoder cannot run. */
  readConfig(raw: unknown, file: string): TransformerShape;
}

/** The first position id of a window's first token. */
export function positionOffset(arch: Architecture, shape: TransformerShape): number {
  return arch.positions === 'after-padding' ? (shape.padTokenId ?? 0) + 1 : 0;
}

/** BERT's module names, shared by RoBERTa and XLM-R under another prefix. */
export function bertLayout(prefix: string): CheckpointLayout {
  return {
    prefix,
    word: 'embeddings.word_embeddings',
    position: 'embeddings.position_embeddings',
    tokenType: 'embeddings.token_type_embeddings',
    embeddingNorm: 'embeddings.LayerNorm',
    layer: (i) => {
      const l = `encoder.layer.${i}`;
      return {
        query: `${l}.attention.self.query`,
        key: `${l}.attention.self.key`,
        value: `${l}.attention.self.value`,
        attentionOut: `${l}.attention.output.dense`,
        attentionNorm: `${l}.attention.output.LayerNorm`,
        intermediate: `${l}.intermediate.dense`,
        output: `${l}.output.dense`,
        outputNorm: `${l}.output.LayerNorm`,
      };
    },
  };
}
