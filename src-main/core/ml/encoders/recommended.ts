// The multilingual encoders Settings recommends, with what choosing one means:
// - parameters: counted from each architecture's published config.json shape with the same
//   parameter list the encoder loads (paramSpecs), so they are this encoder's, pooler and
//   pretraining heads excluded;
// - download: about 4 bytes per parameter (the hub checkpoints are float32) plus the tokenizer;
// - teacher memory: a teacher holds two encoders (recognizer and similarity evaluator) and trains
//   one at a time, so it needs 2 x 4 bytes per parameter for the weights, plus 4 for the gradient
//   and 8 for Adam's two moments per trained parameter. Activations come on top and grow with the
//   batch; on wasm, whose heap is at most 4 GB, ACTIVATION_ROOM is kept for them. Freezing the
//   embeddings and the lowest layers (`#freeze=N`) shrinks the trained share.
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
const ACTIVATION_ROOM = 0.5 * GiB;
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

/** Bytes a teacher needs with `freeze` frozen layers: both encoders' weights, and the trained one's gradient and Adam moments. */
export function teacherBytes(parameters: number, trained: number): number {
  return 2 * 4 * parameters + (4 + 8) * trained;
}

function memory(e: Entry): TeacherMemory[] {
  const { total, trainable } = counts(e);
  const full = teacherBytes(total, trainable(0));
  let freeze: number | null = null;
  for (let n = 0; n < e.shape.numLayers && freeze === null; n++)
    if (teacherBytes(total, trainable(n)) + ACTIVATION_ROOM <= WASM_HEAP) freeze = n;
  const wasmBytes = freeze === null ? teacherBytes(total, trainable(e.shape.numLayers - 1)) : teacherBytes(total, trainable(freeze));
  return [
    { backend: 'tfjs-node-gpu', bytes: full, freeze: 0, note: 'GPU memory, every layer trained' },
    { backend: 'tfjs-node', bytes: full, freeze: 0, note: 'RAM, every layer trained' },
    {
      backend: 'wasm',
      bytes: wasmBytes,
      freeze,
      note:
        freeze === null
          ? 'does not fit the 4 GB wasm heap even with all but the top layer frozen; use tfjs-node or tfjs-node-gpu'
          : freeze === 0
            ? 'fits the 4 GB wasm heap with every layer trained'
            : `fits the 4 GB wasm heap with the embeddings and ${freeze} lowest layers frozen (#freeze=${freeze})`,
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
