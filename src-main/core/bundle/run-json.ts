// run.json of a training bundle: every option a run of the app would train with, spelled out with
// the engine's own defaults, so the PyTorch trainer (resources/trainer) needs nothing else.

import type { TrainingConfig } from '../../contract/api.js';
import { ADAM_DEFAULTS, DEFAULT_BATCH, STUDENT_SCHEDULE, TEACHER_DEFAULTS, TEACHER_SCHEDULE, TYPE_VOTE_DEFAULTS } from '../ml/index.js';
import type { EngineTuning } from '../jobs/index.js';

export const BUNDLE_FORMAT = 'crosstag-run-bundle';
export const BUNDLE_VERSION = 1;

export interface StageSchedule {
  lr: number;
  warmupSteps: number;
  finalLrFactor: number;
}

export interface TeacherSettings extends StageSchedule {
  epochs: number;
  evaluatorEpochs: number;
  headDropout: number;
  pairsPerSentence: number;
}

export interface StudentSettings extends StageSchedule {
  epochs: number;
  alpha: boolean;
  beta: boolean;
  gamma: boolean;
  kd: false | 'mse' | 'kl';
  fromScratch: boolean;
  consistentTypes: boolean;
  typeVotes: { minVotes: number; minShare: number; gazetteerWeight: number };
}

/** The training options of a bundle, before the data and the encoder are known. */
export interface RunSettings {
  mode: 'teacher' | 'pipeline';
  seed: number;
  batchSize: number;
  selectOn: 'source-dev' | 'target-dev';
  teacher: TeacherSettings;
  student: StudentSettings;
  optimizer: { beta1: number; beta2: number; eps: number; clipNorm: number };
}

/** Options the Train form does not show, as a CLI may set them. */
export interface SettingOverrides {
  batchSize?: number | undefined;
  evaluatorEpochs?: number | undefined;
  teacherLr?: number | undefined;
  studentLr?: number | undefined;
  kd?: false | 'mse' | 'kl' | undefined;
  fromScratch?: boolean | undefined;
  translateTrain?: boolean | undefined;
}

/** What a run of the app with `config` (after withTrainingDefaults) and `tuning` trains with. */
export function runSettings(config: TrainingConfig, tuning: EngineTuning = {}, o: SettingOverrides = {}): RunSettings {
  return {
    mode: config.mode,
    seed: config.seed,
    batchSize: o.batchSize ?? config.batchSize ?? tuning.batchSize ?? DEFAULT_BATCH,
    selectOn: config.selectOn,
    teacher: {
      epochs: config.epochs,
      evaluatorEpochs: o.evaluatorEpochs ?? config.evaluatorEpochs ?? tuning.evaluatorEpochs ?? TEACHER_DEFAULTS.evaluatorEpochs,
      headDropout: TEACHER_DEFAULTS.headDropout,
      pairsPerSentence: TEACHER_DEFAULTS.pairsPerSentence,
      ...TEACHER_SCHEDULE,
      lr: o.teacherLr ?? TEACHER_SCHEDULE.lr,
    },
    student: {
      epochs: config.studentEpochs,
      ...STUDENT_SCHEDULE,
      lr: o.studentLr ?? STUDENT_SCHEDULE.lr,
      alpha: config.alpha,
      beta: config.beta,
      gamma: config.gamma,
      kd: o.kd ?? (config.kd ? 'mse' : false),
      fromScratch: o.fromScratch ?? false,
      consistentTypes: config.consistentTypes === true,
      typeVotes: { ...TYPE_VOTE_DEFAULTS },
    },
    optimizer: { beta1: ADAM_DEFAULTS.beta1, beta2: ADAM_DEFAULTS.beta2, eps: ADAM_DEFAULTS.eps, clipNorm: ADAM_DEFAULTS.clipNorm },
  };
}
