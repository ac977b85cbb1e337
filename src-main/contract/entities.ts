// Plain, cloneable data shared by the core, the shells and the renderer.
// Every offset here is in Unicode code points, never UTF-16 units.

export type Split = 'train' | 'dev' | 'test' | 'unlabelled';

/** Lifecycle of a sentence's annotation layer. */
export type SentenceStatus = 'unlabelled' | 'predicted' | 'gold' | 'corrected';

/** Where one entity span came from. */
export type Provenance = 'gold' | 'predicted' | 'corrected';

export type TagScheme = 'iob1' | 'iob2' | 'bioes';
export type CorpusFormat = 'conll' | 'jsonl' | 'hf' | 'text';

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
  warnings: string[];
}

export interface ImportPreview extends ImportSummary {
  encoding: 'utf-8' | 'latin-1';
  first: { tokens: string[]; tags: string[] | null }[];
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

export interface ModelInfo {
  id: number;
  name: string;
  kind: 'teacher' | 'student';
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
  parameters: number;
  /** Size of the folder's files on disk. */
  bytes: number;
  /** Stored weight types, such as F32 or F16. */
  dtypes: string[];
}

/** An encoder a training run can use: a built-in `small` one, or a pretrained folder registered in the project. */
export interface EncoderInfo {
  kind: 'small' | 'bert';
  /** The registration's id; null for the built-in encoders. */
  id: number | null;
  /** What TrainingConfig.encoder takes: `small`, `small-cnn`, … or `bert:<dir>`. */
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
