// What a teacher→student run is given: its data (from files or from a project), which stages
// run with which settings, where progress goes and where the models are saved.

import type {
  CodeSwitchOptions,
  EncoderConfig,
  HarmonizeOptions,
  LinkedPair,
  MtmtWeights,
  NerModel,
  TaggedSentence,
  TrainCommon,
} from '../ml/index.js';

/** One labelled source corpus; several are concatenated for one teacher, or train one each. */
export interface PipelineSource {
  /** What summaries call it, e.g. its file name. */
  name?: string | undefined;
  sentences: TaggedSentence[];
  /** Code-switching of this source's sentences with a dictionary of its own language. */
  codeSwitch?: CodeSwitchOptions | undefined;
}

export interface PipelineData {
  /** The labelled sources, in order; at least one when teachers are trained. */
  sources: PipelineSource[];
  /** The user's token links on sentence pairs, extra training for the similarity evaluator. */
  links?: LinkedPair[] | undefined;
  /** Labelled sentences that select each stage's best epoch; without them the last epoch is kept. */
  dev: TaggedSentence[] | null;
  /** What `dev` is, as the summaries record it: `target-dev`, `source-dev`, a file name. */
  selectOn?: string | undefined;
  /** Unlabelled target-language sentences the student learns from. */
  target: readonly { tokens: string[] }[];
}

export interface TeacherStage {
  /** An encoder config, or a name for encoderConfig() (default `small`). */
  encoder?: EncoderConfig | string | undefined;
  /** Recognizer epochs. */
  epochs?: number | undefined;
  /** Similarity-evaluator epochs. */
  evaluatorEpochs?: number | undefined;
  lr?: number | undefined;
  /** One teacher per source instead of one on all of them; the student learns from all. */
  perSource?: boolean | undefined;
  /**
   * Target text whose casing conventions the teacher follows and whose everyday words that are
   * source false friends stay out of its vocabulary (ml/data/target-conventions.ts).
   */
  targetText?: readonly { tokens: string[] }[] | undefined;
  /** With targetText: leave the false friends out (default true). */
  vocabFilter?: boolean | undefined;
  /** With targetText: case the source sentences and switched words as the target does (default true). */
  targetCasing?: boolean | undefined;
}

export interface StudentStage {
  epochs?: number | undefined;
  lr?: number | undefined;
  /** The distillation loss by name: `mtmt` (default), `kd-mse`, `kd-kl`. */
  loss?: string | undefined;
  /** The MTMT confidence weights; each defaults to on. */
  weights?: Partial<MtmtWeights> | undefined;
  fromScratch?: boolean | undefined;
  extendVocab?: boolean | undefined;
  /** Target word to source translations, to start the student's added words from. */
  dictionary?: ReadonlyMap<string, readonly string[]> | undefined;
  /** Harmonise the teachers' entity types over the target text before distilling. */
  types?: HarmonizeOptions | undefined;
}

/** Where the models go. Without folders, models are only returned. */
export interface PipelineFolders {
  /** The folder of teacher `index` (0-based) of `count`. */
  teacher?: ((index: number, count: number) => string) | undefined;
  student?: string | undefined;
  /** With `resume`, a model that an earlier attempt saved in its folder is loaded, not trained again. */
  reuse?: boolean | undefined;
  /** Told of each model once it is saved, before the next stage starts. */
  onSaved?: ((role: 'teacher' | 'student', model: NerModel, dir: string, index: number) => void) | undefined;
}

/**
 * Settings of the whole run (seed, batch size, checkpoints, resume) and where progress goes
 * (onProgress, onNote, signal); the learning rate is each stage's own.
 */
export interface PipelineOptions extends Omit<TrainCommon, 'lr' | 'warmupSteps' | 'finalLrFactor'> {
  data: PipelineData;
  /** Train teachers with these settings, or distil from teachers trained before. */
  teachers: { train: TeacherStage } | { given: readonly NerModel[] };
  /** The student stage; absent or null trains the teachers only. */
  student?: StudentStage | null | undefined;
  folders?: PipelineFolders | undefined;
}

export interface PipelineResult {
  /** The teachers trained (or loaded from an earlier attempt), or the given ones. */
  teachers: NerModel[];
  student: NerModel | null;
  /** Frees every model the run trained or loaded; given teachers stay their owner's. */
  dispose(): void;
}
