// Plain, cloneable data shared by the core, the shells and the renderer.
// Every offset here is in Unicode code points, never UTF-16 units.

export type Split = 'train' | 'dev' | 'test' | 'unlabelled';

/** Lifecycle of a sentence's annotation layer. */
export type SentenceStatus = 'unlabelled' | 'predicted' | 'gold' | 'corrected';

/** Where one entity span came from. */
export type Provenance = 'gold' | 'predicted' | 'corrected';

export type TagScheme = 'iob1' | 'iob2' | 'bioes';
/**
 * Corpus file formats: CoNLL columns, offset JSONL (doccano, spaCy, Prodigy), Hugging Face JSONL,
 * plain text, Label Studio JSON (the full export, and JSON-MIN) and WebAnno TSV 3 (INCEpTION).
 */
export type CorpusFormat = 'conll' | 'jsonl' | 'hf' | 'text' | 'labelstudio' | 'labelstudio-min' | 'webanno';

export interface Label {
  name: string;
  /** CSS colour, `#rrggbb`. */
  color: string;
  /** Key that applies the label in Annotate, `1`..`9`, or '' for none. */
  key: string;
}

export interface Language {
  code: string;
  name: string;
  direction: 'ltr' | 'rtl';
}

/** A token as a half-open range of code points in the sentence text. */
export interface TokenOffsets {
  start: number;
  end: number;
}

/** An entity as a half-open range of token indices. */
export interface Span {
  start: number;
  end: number;
  label: string;
  provenance: Provenance;
  /** Model confidence in 0..1 for predicted spans, otherwise null. */
  confidence: number | null;
  modelId: number | null;
}

export interface SplitCount {
  lang: string;
  split: Split;
  total: number;
  unlabelled: number;
  predicted: number;
  gold: number;
  corrected: number;
}

export interface ProjectInfo {
  path: string;
  name: string;
  labels: Label[];
  languages: Language[];
  createdAt: string;
  sentences: number;
  schemaVersion: number;
}

export interface RecentProject {
  path: string;
  name: string;
  sentences: number;
  lastOpened: string;
  missing: boolean;
}

/** One row of the virtualised sentence list. */
export interface SentenceRow {
  id: number;
  ordinal: number;
  docId: number;
  lang: string;
  split: Split;
  status: SentenceStatus;
  preview: string;
  /** Student uncertainty in 0..1 (higher is more useful to label), null before any prediction. */
  uncertainty: number | null;
}

export interface Sentence extends SentenceRow {
  text: string;
  tokens: TokenOffsets[];
  /** Id of the tokenizer that produced `tokens`, e.g. `whitespace`, `unicode-v1`, `conll`. */
  tokenizer: string;
  spans: Span[];
  direction: 'ltr' | 'rtl';
  docName: string;
}

export interface SentenceFilter {
  lang?: string | undefined;
  split?: Split | undefined;
  status?: SentenceStatus | undefined;
  /** Case-insensitive substring of the sentence text. */
  q?: string | undefined;
}

export type SentenceSort = 'document' | 'uncertainty';

export interface EditSummary {
  id: number;
  at: string;
  action: string;
  sentenceId: number | null;
  pairId: number | null;
  description: string;
}

/** Which edits an undo is about: those of sentences (Annotate) or of pairs (Pairs). */
export type EditScope = 'sentences' | 'pairs';

export type LinkValue = 'same' | 'different';

export interface TokenLink {
  i: number;
  j: number;
  value: LinkValue;
  source: 'user' | 'model';
}

export interface PairRow {
  id: number;
  a: SentenceRow;
  b: SentenceRow;
  links: number;
  createdAt: string;
}

export interface Pair {
  id: number;
  a: Sentence;
  b: Sentence;
  links: TokenLink[];
}

export interface PairSuggestion {
  a: SentenceRow;
  b: SentenceRow;
  reason: string;
}

export interface ImportSummary {
  format: CorpusFormat;
  scheme: TagScheme | null;
  documents: number;
  sentences: number;
  tokens: number;
  entities: Record<string, number>;
  /** Unlabelled sentences that carry a model's predictions (Label Studio), imported as predicted. */
  predicted: number;
  warnings: string[];
}

export interface ImportPreview extends ImportSummary {
  encoding: 'utf-8' | 'latin-1';
  first: { tokens: string[]; tags: string[] | null }[];
  /** What the file looks like it should be imported as; the import dialog proposes it. */
  guess: ImportGuess;
  /** Entity types in the file that the open project's label set lacks: added only once the user confirms. */
  newLabels: string[];
}

export interface ImportGuess {
  /** A language code, or null when neither the file name nor the text tells. */
  lang: string | null;
  /** Its English name, when known (to name a language the project does not have yet). */
  langName: string | null;
  /** Why, in words: "Spanish (es): the file name and the text (its letter trigrams (franc), 0.04 ahead of Portuguese) agree". */
  langReason: string;
  split: Split;
  splitReason: string;
}

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export type RunStage = 'teacher-recognizer' | 'teacher-evaluator' | 'student' | 'predict' | 'evaluate';

export interface EpochMetrics {
  stage: RunStage;
  epoch: number;
  loss: number;
  devF1: number | null;
  tokensPerSec: number;
  seconds: number;
}

export interface RunInfo {
  id: number;
  kind: 'teacher' | 'student' | 'pipeline' | 'predict';
  status: RunStatus;
  stage: RunStage | null;
  config: Record<string, unknown>;
  metrics: EpochMetrics[];
  backend: string | null;
  error: string | null;
  checkpointDir: string | null;
  createdAt: string;
  updatedAt: string;
  modelIds: number[];
}

/** A training bundle written for the PyTorch trainer, and the commands that train it. */
export interface RunBundleInfo {
  dir: string;
  sentences: { source: number; target: number; dev: number; links: number };
  labels: string[];
  encoderCopied: boolean;
  /** Run from the bundle's folder; the last one brings the student back. */
  commands: { cpu: string; gpu: string; gpus: string; nodes: string; accelerate: string; importBack: string };
}

export interface ModelInfo {
  id: number;
  name: string;
  /**
   * `external`: another tool's model whose predictions were imported (a Label Studio model
   * version); it has no folder and cannot tag text, but its predictions stay credited to it.
   */
  kind: 'teacher' | 'student' | 'external';
  encoder: string;
  dir: string;
  runId: number | null;
  createdAt: string;
  metrics: Record<string, number>;
}

/** What a pretrained checkpoint folder holds, read from its config, vocabulary and weight headers. */
export interface PretrainedSummary {
  /** config.json's model_type, e.g. `bert`. */
  modelType: string;
  layers: number;
  hidden: number;
  heads: number;
  vocabSize: number;
  maxPositions: number;
  /** False when the tokenizer lower-cases (an uncased checkpoint). */
  cased: boolean;
  /** The tokenizer's model: WordPiece, Unigram (SentencePiece) or BPE; absent in summaries stored before it was recorded. */
  tokenizer?: string | undefined;
  parameters: number;
  /** Size of the folder's files on disk. */
  bytes: number;
  /** Stored weight types, such as F32 or F16. */
  dtypes: string[];
}

/** An encoder a training run can use: a built-in `small` one, or a pretrained folder registered in the project. */
export interface EncoderInfo {
  kind: 'small' | 'pretrained';
  /** The registration's id; null for the built-in encoders. */
  id: number | null;
  /** What TrainingConfig.encoder takes: `small`, `small-cnn`, … or `<architecture>:<dir>` (`xlm-roberta:/m/xlmr`). */
  value: string;
  name: string;
  /** One line on what it is, e.g. the sequence encoder of a small one. */
  description: string;
  /** The checkpoint folder (absolute); null for built-in encoders. */
  dir: string | null;
  /** The hub repository it was downloaded from, or null. */
  repo: string | null;
  /** From the last successful check of the folder; null for built-in encoders. */
  summary: PretrainedSummary | null;
  /** Why the folder cannot be used now (moved, changed, damaged), or null when it checks out. */
  problem: string | null;
  createdAt: string | null;
}

/** The memory a teacher (two encoders, weights, gradients and Adam state) needs on one backend. */
export interface TeacherMemory {
  backend: 'tfjs-node-gpu' | 'tfjs-node' | 'wasm';
  /** Bytes for the weights, gradients and optimizer state, activations excluded. */
  bytes: number;
  /** Layers to freeze (`#freeze=N`) for it to fit; 0 when it fits with every layer trained, null when it never fits. */
  freeze: number | null;
  /** One line on where it must fit (GPU memory, RAM, wasm's 4 GB heap). */
  note: string;
}

/** A published zero-shot CoNLL F1 (fine-tuned on English CoNLL-2003, tested on CoNLL-2002/2003 de, es, nl). */
export interface PublishedScore {
  de: number;
  es: number;
  nl: number;
  source: string;
}

/** A multilingual encoder Settings recommends, with what choosing it means. */
export interface RecommendedEncoder {
  repo: string;
  /** The encoder kind that reads it (`xlm-roberta`, `bert`, `distilbert`). */
  kind: string;
  name: string;
  description: string;
  /** Encoder parameters, computed from the architecture's published config. */
  parameters: number;
  /** About 4 bytes per parameter of its float32 checkpoint, plus the tokenizer; the hub gives the exact size on download. */
  downloadBytes: number;
  memory: TeacherMemory[];
  published: PublishedScore | null;
  /** Why there is no published figure, or what to keep in mind about it. */
  publishedNote: string | null;
}

export interface TypeScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvalReport {
  precision: number;
  recall: number;
  f1: number;
  perType: Record<string, TypeScore>;
  /**
   * Entities matched on their tokens alone, whatever their type: how well names are found, apart
   * from how well they are typed (the typed scores above need both).
   */
  spans: { precision: number; recall: number; f1: number };
  /** Token-level confusion: rows gold, columns predicted, over `labels` (entity types plus `O`). */
  confusion: { labels: string[]; matrix: number[][] };
}

/**
 * How a language writes letter case, learnt from the project's text in that language (every
 * split, labelled or not): what training follows instead of English casing.
 */
export interface CasingConventions {
  lang: string;
  /** Word tokens (tokens with letters) read. */
  words: number;
  /** Share of them in a script with letter case (Latin, Greek, Cyrillic …), 0..1. */
  casedShare: number;
  /** Share of sentences starting with a capital, of those starting with a cased word; null without any. */
  sentenceStartsCapitalised: number | null;
  /** Share of mid-sentence cased words written with a capital (names, and common nouns in German-like languages); null without any. */
  midSentenceCapitalised: number | null;
  /**
   * The translations a dictionary into this language gives for the source language's common
   * words (words its labelled sentences keep outside names) that this text writes in a clear
   * shape mid-sentence, and how many of them it capitalises; null without such a dictionary.
   */
  commonWords: { dictionary: string; sourceLang: string; words: number; capitalised: number } | null;
  /**
   * What training acts on: `caseless` script, `no-capitals` (cased script written in lower
   * case), `capitalises-common-words` (German-like), `capitalises-names` (English-like), or
   * `unknown` (too little text, or no dictionary to tell common words from names).
   */
  convention: 'caseless' | 'no-capitals' | 'capitalises-common-words' | 'capitalises-names' | 'unknown';
}

export interface BackendReport {
  chosen: string;
  reason: string;
  tried: { name: string; ok: boolean; reason: string }[];
  /** The WebGPU adapter Dawn found (whether or not webgpu was chosen), or null when none was probed or found. */
  adapter?: GpuAdapterInfo | null | undefined;
  /** Threads the wasm backend computes on (1 without threads); absent for other backends. */
  threads?: number | undefined;
}

/** How the training engine is set up for every run and prediction (kept in the user's settings, not in a project). */
export interface EngineSettings {
  /** Threads for the wasm backend; null: every core (or CROSSTAG_THREADS where set). */
  threads: number | null;
  /** What null means on this computer: the cores the engine may use. */
  cores: number;
}

export interface GpuAdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** A software rasteriser (llvmpipe, SwiftShader, WARP): used only when webgpu is forced. */
  software: boolean;
}

/**
 * How well a bilingual dictionary covers the open project: word types (distinct words) and tokens
 * (running words) of the project's sentences. Source side: words of `srcLang` with a translation
 * (exact or lowercased). Target side: words of `tgtLang` that appear as some translation.
 */
export interface DictionaryCoverage {
  source: CoverageSide;
  target: CoverageSide;
}

export interface CoverageSide {
  lang: string;
  types: number;
  coveredTypes: number;
  tokens: number;
  coveredTokens: number;
}

export interface DictionaryInfo {
  id: number;
  name: string;
  srcLang: string;
  tgtLang: string;
  /** Source words with at least one translation. */
  words: number;
  /** Word pairs (source, target). */
  entries: number;
  /** The file it was imported from, as named by the user (base name), or null. */
  file: string | null;
  createdAt: string;
  coverage: DictionaryCoverage;
}

export interface DictionaryEntry {
  source: string;
  targets: string[];
}

/** A bilingual dictionary published for download, with where it comes from and its terms of use. */
export interface PublishedDictionary {
  srcLang: string;
  tgtLang: string;
  /** The name it gets in the project, e.g. `MUSE en-es`. */
  name: string;
  /** The address it is downloaded from (configurable, so tests and mirrors can serve it). */
  url: string;
  /** The project that publishes it and how to cite it. */
  source: string;
  licence: string;
  /** Where a person can read about it and fetch it by hand. */
  homepage: string;
}
