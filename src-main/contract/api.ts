// The one contract between the UI and the core. Every method the renderer can call is one
// entry here, named `domain.verb`; the core's handlers `satisfies` this map and both shells
// (Electron IPC and the web server) expose exactly these methods. Types only: no runtime code.

import type {
  BackendReport,
  CasingConventions,
  EngineSettings,
  CorpusFormat,
  DictionaryCoverage,
  DictionaryEntry,
  DictionaryInfo,
  EditScope,
  EditSummary,
  EncoderInfo,
  RecommendedEncoder,
  EvalReport,
  ImportPreview,
  ImportSummary,
  Label,
  Language,
  LinkValue,
  ModelInfo,
  Pair,
  PairRow,
  PairSuggestion,
  ProjectInfo,
  PublishedDictionary,
  RecentProject,
  RunBundleInfo,
  RunInfo,
  Sentence,
  SentenceFilter,
  SentenceRow,
  SentenceSort,
  Split,
  SplitCount,
  TagScheme,
} from './entities.js';

/** Where imported bytes come from: a path the user chose, or bytes the renderer read (drag and drop). */
export type ImportSource = { kind: 'path'; path: string } | { kind: 'bytes'; name: string; base64: string };

export interface ImportOptions {
  source: ImportSource;
  lang: string;
  split: Split;
  /** Treat the file as unlabelled text even if it carries tags. */
  unlabelled?: boolean | undefined;
  format?: CorpusFormat | undefined;
  /**
   * Entity types the person agreed to add to the project's label set. Given, an import whose file
   * uses any other type the project lacks is refused (nothing is written); absent, such types
   * are added with a warning (the command line's behaviour).
   */
  addLabels?: string[] | undefined;
}

/** What an export wrote, or the text to offer as a download when no path was given. */
export interface ExportOutcome {
  sentences: number;
  /** Sentences written with a model's predictions (Label Studio). */
  predicted: number;
  path: string | null;
  content: string | null;
  /**
   * Label Studio: the labelling config for the project's labels, written beside the export
   * (`path`, e.g. `tasks.label-config.xml`) or returned as `content` for a second download.
   */
  labelConfig: { path: string | null; content: string | null } | null;
  notes: string[];
}

/** The outcome of one annotation action: the sentence as now stored, and the edit-log entry. */
export interface EditResult {
  sentence: Sentence;
  edit: EditSummary | null;
}

export interface UndoResult {
  edit: EditSummary | null;
  sentence: Sentence | null;
  pair: Pair | null;
}

export interface TrainingConfig {
  sourceLangs: string[];
  sourceSplits: Split[];
  targetLang: string;
  /** `teacher` trains only the teacher; `pipeline` trains teacher then student. */
  mode: 'teacher' | 'pipeline';
  /**
   * `small` (or `small-transformer`, `small-cnn`), or `<architecture>:<dir>[#freeze=N,…]` for a pretrained
   * checkpoint folder (`bert:`, `xlm-roberta:`, `roberta:`, `distilbert:`).
   */
  encoder: string;
  /** Teacher recognizer epochs. */
  epochs: number;
  /**
   * Teacher similarity-evaluator epochs (0 leaves the evaluator untrained). Absent: the engine's
   * default, 2, unless the shell's engine tuning sets another; runs recorded without it keep that.
   */
  evaluatorEpochs?: number | undefined;
  studentEpochs: number;
  /**
   * Sentences per training step. Smaller needs less memory (a large pretrained encoder), larger
   * is faster per sentence where memory allows. Absent: the engine's 32, unless the shell's engine
   * tuning sets another; runs recorded without it keep that.
   */
  batchSize?: number | undefined;
  alpha: boolean;
  beta: boolean;
  gamma: boolean;
  /** Plain single-teacher knowledge distillation, for ablation. */
  kd: boolean;
  selectOn: 'source-dev' | 'target-dev';
  /** Use gold and corrected target sentences as extra labelled data for the teacher. */
  useTargetGold: boolean;
  seed: number;
  /** Predict the target sentences with the final model once training ends. */
  predictAfter: boolean;
  /**
   * Project dictionaries for dictionary code-switching of the teacher's training sentences
   * (docs/DECISIONS.md, "Code-switching"), at most one per source language, each from that language to the target; each
   * switches only the sentences in its own language. Absent or empty for none.
   */
  dictionaryIds?: number[] | undefined;
  /** The single dictionary of runs started before `dictionaryIds`; still accepted, not with it. */
  dictionaryId?: number | null | undefined;
  /** Probability that a word with a translation is switched, 0..1 (0.6 when a dictionary is chosen). */
  codeSwitch?: number | undefined;
  /** Leave words inside entity spans untranslated. */
  keepNames?: boolean | undefined;
  /**
   * Harmonise the teacher's entity types over the target text before distilling the student: a
   * name gets the type most of its occurrences there, and in the run's labelled training
   * sentences, were given. New runs default to true; a recorded run without it did not.
   */
  consistentTypes?: boolean | undefined;
  /**
   * The teacher follows the target text's letter case (languages.casing): its source sentences
   * and switched words are written as the target writes them, and source words that are the
   * target's everyday words stay out of its vocabulary. New runs default to true; a recorded run
   * without it did not.
   */
  targetConventions?: boolean | undefined;
}

/** A dictionary file to import: `source target` per line (MUSE) or tab-separated. */
export interface DictionaryImport {
  source: ImportSource;
  name?: string | undefined;
  srcLang: string;
  tgtLang: string;
}

export interface Api {
  'app.info': { params: Record<string, never>; result: { version: string; shell: 'electron' | 'web'; platform: string } };

  'projects.current': { params: Record<string, never>; result: ProjectInfo | null };
  'projects.create': { params: { path: string; name: string; labels?: string[] | undefined }; result: ProjectInfo };
  'projects.open': { params: { path: string }; result: ProjectInfo };
  'projects.recent': { params: Record<string, never>; result: RecentProject[] };
  /** Takes a project off the recent list (its file is left alone); returns the list. */
  'projects.forget': { params: { path: string }; result: RecentProject[] };
  'projects.update': { params: { name?: string | undefined; labels?: Label[] | undefined }; result: ProjectInfo };

  'languages.upsert': { params: Language; result: ProjectInfo };
  'languages.remove': { params: { code: string }; result: ProjectInfo };
  /** How each language of the project writes letter case, learnt from its sentences: what training follows instead of English casing. */
  'languages.casing': { params: Record<string, never>; result: CasingConventions[] };

  'imports.preview': { params: ImportOptions; result: ImportPreview };
  'imports.run': { params: ImportOptions; result: ImportSummary };
  'exports.run': {
    params: {
      lang: string;
      split?: Split | undefined;
      format: CorpusFormat;
      scheme?: TagScheme | undefined;
      /** Label Studio: write this model's predictions (or every model's) as pre-annotations. */
      predictions?: number | 'all' | undefined;
      /** Write to this path; without it the content is returned. */
      path?: string | undefined;
    };
    result: ExportOutcome;
  };

  'stats.splits': { params: Record<string, never>; result: SplitCount[] };

  'sentences.list': {
    params: { filter: SentenceFilter; sort: SentenceSort; offset: number; limit: number };
    result: { total: number; rows: SentenceRow[] };
  };
  'sentences.get': { params: { id: number }; result: Sentence };
  /** Position of a sentence in a filtered, sorted list, or -1. */
  'sentences.locate': { params: { id: number; filter: SentenceFilter; sort: SentenceSort }; result: { index: number } };
  'sentences.neighbours': { params: { id: number; radius: number }; result: SentenceRow[] };
  /** The next sentence to label: most uncertain unreviewed one in `lang`, or the next in order. */
  'sentences.next': {
    params: { after: number | null; filter: SentenceFilter; sort: SentenceSort };
    result: { id: number | null };
  };

  'annotations.set': { params: { sentenceId: number; start: number; end: number; label: string }; result: EditResult };
  'annotations.remove': { params: { sentenceId: number; token: number }; result: EditResult };
  /** Confirm the sentence as reviewed (gold), keeping its spans. */
  'annotations.confirm': { params: { sentenceId: number }; result: EditResult };
  'annotations.accept': { params: { sentenceId: number }; result: EditResult };
  'annotations.reject': { params: { sentenceId: number }; result: EditResult };

  /** `scope` keeps an undo to the edits of one screen: sentence edits (Annotate) or pair edits (Pairs); without it, any. */
  'edits.undo': { params: { scope?: EditScope | undefined }; result: UndoResult };
  'edits.redo': { params: { scope?: EditScope | undefined }; result: UndoResult };
  'edits.history': { params: { limit: number; scope?: EditScope | undefined }; result: { undo: EditSummary[]; redo: EditSummary[] } };
  /** Undo every edit (of the scope) after `id`, so that `id` is the last one applied. */
  'edits.revert': { params: { id: number; scope?: EditScope | undefined }; result: UndoResult };

  'pairs.list': { params: { offset: number; limit: number }; result: { total: number; rows: PairRow[] } };
  'pairs.get': { params: { id: number }; result: Pair };
  'pairs.create': { params: { a: number; b: number }; result: Pair };
  'pairs.delete': { params: { id: number }; result: { ok: true } };
  'pairs.suggest': {
    params: { mode: 'random' | 'shared-capitalised'; langA: string; langB: string; count: number };
    result: PairSuggestion[];
  };
  'pairs.link': { params: { pairId: number; i: number; j: number; value: LinkValue | null }; result: Pair };
  /** Teacher similarity s[i][j] for every token pair, from the given or newest teacher; null if none exists. */
  'pairs.similarity': { params: { pairId: number; modelId?: number | undefined }; result: { modelId: number; s: number[][] } | null };

  'backend.info': { params: Record<string, never>; result: BackendReport };
  'backend.settings': { params: Record<string, never>; result: EngineSettings };
  /** Saves the engine settings; the next run (and the next backend.info) uses them. */
  'backend.configure': { params: { threads: number | null }; result: EngineSettings };

  'training.start': { params: TrainingConfig; result: RunInfo };
  'training.cancel': { params: { runId: number }; result: RunInfo };
  'training.resume': { params: { runId: number }; result: RunInfo };
  'training.list': { params: Record<string, never>; result: RunInfo[] };
  'training.get': { params: { runId: number }; result: RunInfo };
  /**
   * Writes what a run with `config` would train on, every option and the PyTorch trainer into
   * `dir` (a new or empty folder), for training on another machine (Train ▸ Run elsewhere…).
   */
  'training.exportBundle': { params: { config: TrainingConfig; dir: string; copyEncoder?: boolean | undefined }; result: RunBundleInfo };

  'predict.start': { params: { modelId: number; lang: string; splits: Split[] }; result: RunInfo };

  'models.list': { params: Record<string, never>; result: ModelInfo[] };
  'models.rename': { params: { id: number; name: string }; result: ModelInfo };
  'models.delete': { params: { id: number }; result: { ok: true } };
  /**
   * Copies a model folder to `path`; with format `huggingface`, writes a Hugging Face token-classification
   * checkpoint there instead (models with a pretrained encoder only).
   */
  'models.export': { params: { id: number; path: string; format?: 'crosstag' | 'huggingface' | undefined }; result: { path: string } };
  'models.import': { params: { path: string; name?: string | undefined }; result: ModelInfo };

  /** The built-in small encoders and the pretrained folders registered in the open project (each folder checked again). */
  'encoders.list': { params: Record<string, never>; result: EncoderInfo[] };
  /** Checks a checkpoint folder (headers only, never the weights) and registers it with the project. */
  'encoders.add': { params: { dir: string; name?: string | undefined }; result: EncoderInfo };
  /** Forgets a registration; a folder the project downloaded is deleted with it. */
  'encoders.remove': { params: { id: number }; result: { ok: true } };
  /**
   * Downloads a checkpoint from the model hub into the project's data folder (resuming a broken
   * download, verifying checksums, reporting `encoders.progress`), then registers it. Without a
   * network it fails at once with OFFLINE.
   */
  'encoders.download': { params: { repo: string; revision?: string | undefined }; result: EncoderInfo };
  /** Stops a download in progress; what has arrived is kept for the next attempt to resume. */
  'encoders.cancel': { params: { repo: string }; result: { cancelled: boolean } };
  /** Multilingual encoders worth downloading, with size, parameters, teacher memory per backend and published scores. */
  'encoders.recommended': { params: Record<string, never>; result: RecommendedEncoder[] };

  'dictionaries.list': { params: Record<string, never>; result: DictionaryInfo[] };
  /** Reads the whole file, then stores it in one transaction: all of it, or on any bad line nothing. */
  'dictionaries.import': { params: DictionaryImport; result: DictionaryInfo };
  'dictionaries.coverage': { params: { id: number }; result: DictionaryCoverage };
  /** Source words with their translations, by source word; `q` matches a prefix or a substring. */
  'dictionaries.entries': {
    params: { id: number; q?: string | undefined; offset: number; limit: number };
    result: { total: number; rows: DictionaryEntry[] };
  };
  /** Replaces the translations of one source word (adds the word if new); an empty list removes it. */
  'dictionaries.setEntry': { params: { id: number; source: string; targets: string[] }; result: DictionaryEntry };
  'dictionaries.remove': { params: { id: number }; result: { ok: true } };
  /** The published dictionary for a language pair (MUSE), or null when none is known for it. */
  'dictionaries.published': { params: { srcLang: string; tgtLang: string }; result: PublishedDictionary | null };
  /**
   * Downloads the published dictionary for the pair into the project's data folder (resuming a
   * broken download, reporting `dictionaries.progress`), then imports it like a file. Without a
   * network it fails at once with OFFLINE, saying where to get the file and how to import it.
   */
  'dictionaries.download': { params: { srcLang: string; tgtLang: string }; result: DictionaryInfo };
  /** Stops a download in progress; what has arrived is kept for the next attempt to resume. */
  'dictionaries.cancelDownload': { params: { srcLang: string; tgtLang: string }; result: { cancelled: boolean } };

  'evaluate.run': {
    params: { modelId: number; lang: string; split: Split };
    result: { modelId: number; report: EvalReport; worst: { sentenceId: number; errors: number; preview: string }[] };
  };
}

export type Method = keyof Api;
export type Params<M extends Method> = Api[M]['params'];
export type Result<M extends Method> = Api[M]['result'];

/** What the core implements and what every client exposes: one async function per method. */
export type Handlers = { [M in Method]: (params: Params<M>) => Promise<Result<M>> };
