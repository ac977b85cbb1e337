// The multilingual encoders Settings recommends, with what choosing one means:
// - parameters: counted from each architecture's published config.json shape with the same
//   parameter list the encoder loads (paramSpecs), so they are this encoder's, pooler and
//   pretraining heads excluded;
// - download: about 4 bytes per parameter (the hub checkpoints are float32) plus the tokenizer;
// - teacher memory: a teacher holds two encoders (recognizer and similarity evaluator) and trains
//   one at a time, so it needs 2 x 4 bytes per parameter for the weights, plus 4 for the gradient
//   and 8 for Adam's two moments per trained parameter; and the activations of a batch, which
//   TensorFlow.js keeps for the backward pass of every layer, frozen ones included. Activations
//   were measured on wasm at about 7.7 MiB per window piece for a 12-layer, 768-wide encoder
//   (`CROSSTAG_BENCH_BERT_VOCAB=1000 CROSSTAG_BENCH_BERT_BATCH=4 npm run bench -- bert`: 2632 MiB
//   peak, 658 of them weights and gradients, for 4 windows of 64 pieces; a 6-layer, 256-wide
//   probe gave the same per layer and unit of width) and are scaled here by layers x width, for
//   Crosstag's batch of 32 sentences taken as 32 pieces each. wasm's heap is at most 4 GB.
// - published zero-shot CoNLL F1 (English training data, German/Spanish/Dutch test sets), with the
//   paper. Figures that could not be checked against the paper are left out and say so.

import type { PublishedScore, RecommendedEncoder, TeacherMemory } from '../../../contract/entities.js';
import { BERT } from './bert/architecture.js';
import { DISTILBERT } from './distilbert/architecture.js';
import type { Architecture, TransformerShape } from './pretrained/architecture.js';
import { paramSpecs } from './pretrained/checkpoint.js';
import { XLM_ROBERTA } from './xlm-roberta/architecture.js';

const GiB = 2 ** 30;
const WASM_HEAP = 4 * GiB;
/** Activation bytes per window piece, per layer and unit of width (7.7 MiB / (12 x 768), measured above). */
const ACTIVATION_BYTES = (7.7 * 2 ** 20) / (12 * 768);
/** Crosstag's batch: 32 sentences, taken as 32 pieces each. */
const BATCH_PIECES = 32 * 32;
/** tokenizer.json and sentencepiece.bpe.model of XLM-R, vocab.txt and tokenizer.json of mBERT, roughly. */
const TOKENIZER_BYTES = { 'xlm-roberta': 14e6, bert: 3e6, distilbert: 3e6 } as const;

interface Entry {
  repo: string;
  name: string;
  description: string;
  arch: Architecture;
  shape: Pick<
    TransformerShape,
    'vocabSize' | 'hiddenSize' | 'numLayers' | 'numHeads' | 'intermediateSize' | 'maxPositions' | 'typeVocabSize'
  >;
  published: PublishedScore | null;
  publishedNote: string | null;
}

const WU_DREDZE = 'Wu and Dredze (2019), "Beto, Bentz, Becas: The Surprising Cross-Lingual Effectiveness of BERT", EMNLP-IJCNLP';
const CONNEAU = 'Conneau et al. (2020), "Unsupervised Cross-lingual Representation Learning at Scale", ACL, Table 2';

const ENTRIES: Entry[] = [
  {
    repo: 'FacebookAI/xlm-roberta-base',
    name: 'XLM-RoBERTa base',
    description: '100 languages, SentencePiece vocabulary of 250k pieces; the usual choice for cross-lingual NER',
    arch: XLM_ROBERTA,
    shape: { vocabSize: 250002, hiddenSize: 768, numLayers: 12, numHeads: 12, intermediateSize: 3072, maxPositions: 514, typeVocabSize: 1 },
    published: null,
    publishedNote: `${CONNEAU} reports it; not repeated here because the figure could not be checked against the paper`,
  },
  {
    repo: 'FacebookAI/xlm-roberta-large',
    name: 'XLM-RoBERTa large',
    description: 'the most accurate of these; needs a GPU (tfjs-node-gpu) or a large machine to train',
    arch: XLM_ROBERTA,
    shape: {
      vocabSize: 250002,
      hiddenSize: 1024,
      numLayers: 24,
      numHeads: 16,
      intermediateSize: 4096,
      maxPositions: 514,
      typeVocabSize: 1,
    },
    published: { de: 71.4, es: 78.64, nl: 80.8, source: CONNEAU },
    publishedNote: null,
  },
  {
    repo: 'google-bert/bert-base-multilingual-cased',
    name: 'mBERT (multilingual BERT, cased)',
    description: "104 languages, WordPiece; the encoder of the MTMT paper's experiments",
    arch: BERT,
    shape: { vocabSize: 119547, hiddenSize: 768, numLayers: 12, numHeads: 12, intermediateSize: 3072, maxPositions: 512, typeVocabSize: 2 },
    published: { de: 69.56, es: 74.96, nl: 77.57, source: WU_DREDZE },
    publishedNote: null,
  },
  {
    repo: 'distilbert/distilbert-base-multilingual-cased',
    name: 'DistilmBERT (cased)',
    description: 'mBERT distilled to 6 layers: about twice as fast, for smaller machines',
    arch: DISTILBERT,
    shape: { vocabSize: 119547, hiddenSize: 768, numLayers: 6, numHeads: 12, intermediateSize: 3072, maxPositions: 512, typeVocabSize: 0 },
    published: null,
    publishedNote: 'no published zero-shot CoNLL figure; expect somewhat less than mBERT, from which it is distilled',
  },
];

function fullShape(e: Entry): TransformerShape {
  return {
    ...e.shape,
    modelType: e.arch.modelTypes[0]!,
    hiddenDropout: 0.1,
    attentionDropout: 0.1,
    layerNormEps: 1e-12,
    initializerRange: 0.02,
    padTokenId: null,
    sinusoidalPositions: false,
  };
}

/** Parameters in total, and those left to train when the embeddings and the lowest `freeze` layers are fixed. */
function counts(e: Entry): { total: number; trainable: (freeze: number) => number } {
  const sizes = new Map<string, number>();
  for (const spec of paramSpecs(e.arch, fullShape(e)))
    sizes.set(
      spec.name,
      spec.shape.reduce((a, b) => a * b, 1),
    );
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const trainable = (freeze: number) =>
    [...sizes]
      .filter(([name]) => freeze === 0 || !(name.startsWith('emb/') || Number(/^l(\d+)\//.exec(name)?.[1] ?? -1) < freeze))
      .reduce((n, [, v]) => n + v, 0);
  return { total, trainable };
}

/** Bytes of a teacher's weights (both encoders), and the gradient and Adam moments of the trained parameters. */
export function teacherBytes(parameters: number, trained: number): number {
  return 2 * 4 * parameters + (4 + 8) * trained;
}

/** Binary gigabytes, written GB as the app writes them. */
function gib(bytes: number): string {
  return `${(bytes / GiB).toFixed(1)} GB`;
}

function memory(e: Entry): TeacherMemory[] {
  const { total, trainable } = counts(e);
  const activations = ACTIVATION_BYTES * e.shape.numLayers * e.shape.hiddenSize * BATCH_PIECES;
  const need = (freeze: number) => teacherBytes(total, trainable(freeze)) + activations;
  const parts = (freeze: number) => `${gib(teacherBytes(total, trainable(freeze)))} weights and optimizer, ${gib(activations)} activations`;
  let freeze: number | null = null;
  for (let n = 0; n < e.shape.numLayers && freeze === null; n++) if (need(n) <= WASM_HEAP) freeze = n;
  const top = e.shape.numLayers - 1;
  return [
    { backend: 'tfjs-node-gpu', bytes: need(0), freeze: 0, note: `GPU memory, every layer trained: ${parts(0)}` },
    { backend: 'tfjs-node', bytes: need(0), freeze: 0, note: `RAM, every layer trained: ${parts(0)}` },
    {
      backend: 'wasm',
      bytes: need(freeze ?? top),
      freeze,
      note:
        freeze === null
          ? `does not fit the 4 GB wasm heap at a batch of 32 sentences, even with all but the top layer frozen (${parts(top)}); use tfjs-node or tfjs-node-gpu`
          : freeze === 0
            ? `fits the 4 GB wasm heap with every layer trained (${parts(0)})`
            : `fits the 4 GB wasm heap with the embeddings and ${freeze} lowest layers frozen, #freeze=${freeze} (${parts(freeze)})`,
    },
  ];
}

export function recommendedEncoders(): RecommendedEncoder[] {
  return ENTRIES.map((e) => {
    const { total } = counts(e);
    return {
      repo: e.repo,
      kind: e.arch.kind,
      name: e.name,
      description: e.description,
      parameters: total,
      downloadBytes: 4 * total + TOKENIZER_BYTES[e.arch.kind as keyof typeof TOKENIZER_BYTES],
      memory: memory(e),
      published: e.published,
      publishedNote: e.publishedNote,
    };
  });
}
