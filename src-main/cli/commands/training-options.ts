// The option groups the training commands share, each defined once with its parsing: the
// teacher's (train-teacher, pipeline), the student's (distill, pipeline) and the run's (all
// three). An option added to a group here, with its line in the group's parser, reaches every
// command of that group and the core pipeline's stage settings.

import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { MtmtWeights, NerModel, TaggedSentence } from '../../core/ml/index.js';
import type { StudentStage, TeacherStage } from '../../core/pipeline/index.js';
import { CliError, type CliIo } from '../io.js';
import {
  addStudentDictionaryOptions,
  addTeacherDictionaryOptions,
  collect,
  studentDictionaryOption,
  type StudentDictionaryFlags,
  type TeacherDictionaryFlags,
} from './dictionary-options.js';
import { addBackendOptions, ENCODER_HELP, encoderOption, intOption, numberOption, progressPrinter } from './ml-common.js';
import { addTypeOptions, typeOptions, type TypeFlags } from './type-options.js';

export const SOURCE_HELP = 'labelled training corpus (CoNLL, JSONL, HF); repeatable: several sources are concatenated';

export interface TeacherFlags extends TeacherDictionaryFlags {
  source: string[];
  encoder: string;
  epochs?: string;
  evaluatorEpochs?: string;
  lr?: string;
  targetCasing: boolean;
}

/**
 * --source (repeatable) with its --dictionary options, --encoder, --epochs, --evaluator-epochs,
 * --no-target-casing; `lr` adds --lr.
 */
export function addTeacherOptions(cmd: Command, opts: { lr?: boolean } = {}): Command {
  addTeacherDictionaryOptions(
    cmd
      .requiredOption('--source <file>', SOURCE_HELP, collect)
      .option('--encoder <name>', ENCODER_HELP, 'small')
      .option('--epochs <n>', 'teacher recognizer epochs')
      .option('--evaluator-epochs <n>', 'teacher similarity evaluator epochs')
      .option(
        '--no-target-casing',
        "keep the source's casing: do not write the source sentences and their switched words with the target text's capitals",
      ),
  );
  return opts.lr ? cmd.option('--lr <x>', 'peak learning rate') : cmd;
}

/** The teacher's settings from its flags; the sources themselves are read by loadSources. */
export function teacherStage(io: CliIo, flags: TeacherFlags): TeacherStage {
  return {
    encoder: encoderOption(io, flags.encoder),
    epochs: intOption(flags.epochs, '--epochs', 1),
    evaluatorEpochs: intOption(flags.evaluatorEpochs, '--evaluator-epochs', 0),
    lr: numberOption(flags.lr, '--lr'),
    targetCasing: flags.targetCasing,
  };
}

export interface StudentFlags extends StudentDictionaryFlags, TypeFlags {
  epochs?: string;
  studentEpochs?: string;
  lr?: string;
  alpha: boolean;
  beta: boolean;
  gamma: boolean;
  kd?: boolean | string;
  fromScratch?: boolean;
  extendVocab: boolean;
}

export interface StudentOptionSpec {
  /** The flag that sets the student's epochs: distill's --epochs, pipeline's --student-epochs. */
  epochsFlag: '--epochs' | '--student-epochs';
  lr?: boolean;
  /** What type harmonisation runs over, for its help, and where the gazetteer comes from by default. */
  typesOver: string;
  gazetteerDefault?: string;
}

/** The student's epochs, the MTMT ablations, --kd, vocabulary, --init-from-dictionary and type harmonisation. */
export function addStudentOptions(cmd: Command, spec: StudentOptionSpec): Command {
  cmd
    .option(`${spec.epochsFlag} <n>`, 'student epochs')
    .option('--no-alpha', 'ablation: recognizer-confidence weight α = 1')
    .option('--no-beta', 'ablation: evaluator-confidence weight β = 1')
    .option('--no-gamma', 'ablation: teacher-agreement weight γ = 1')
    .option('--kd [kind]', 'ablation: plain single-teacher distillation, mse (default) or kl')
    .option('--no-extend-vocab', 'keep the teacher vocabulary (target words stay unknown)')
    .option('--from-scratch', "start the student from fresh weights instead of the teacher recognizer's");
  if (spec.lr) cmd.option('--lr <x>', 'peak learning rate');
  return addTypeOptions(addStudentDictionaryOptions(cmd), spec.typesOver, { on: true, gazetteerDefault: spec.gazetteerDefault });
}

/** `--kd` alone means MSE to the teacher probabilities; `--kd kl` the KL divergence. */
export function kdOption(value: boolean | string | undefined): false | 'mse' | 'kl' {
  if (value === undefined || value === false) return false;
  if (value === true || value === 'mse') return 'mse';
  if (value === 'kl') return 'kl';
  throw new CliError(`--kd must be mse or kl, not "${value}"`);
}

/**
 * The student's settings from its flags (reading --init-from-dictionary and --gazetteer files),
 * with the --kd value and MTMT weights the results report. `gazetteer` is the default one.
 */
export function studentStage(
  io: CliIo,
  flags: StudentFlags,
  spec: Pick<StudentOptionSpec, 'epochsFlag'>,
  gazetteer: readonly TaggedSentence[] = [],
): { stage: StudentStage; kd: false | 'mse' | 'kl'; weights: MtmtWeights } {
  const kd = kdOption(flags.kd);
  const weights: MtmtWeights = { alpha: flags.alpha, beta: flags.beta, gamma: flags.gamma };
  const epochs = spec.epochsFlag === '--epochs' ? flags.epochs : flags.studentEpochs;
  const stage: StudentStage = {
    epochs: intOption(epochs, spec.epochsFlag, 0),
    lr: numberOption(flags.lr, '--lr'),
    loss: kd ? `kd-${kd}` : 'mtmt',
    weights,
    fromScratch: flags.fromScratch === true,
    extendVocab: flags.extendVocab,
    dictionary: studentDictionaryOption(io, flags),
    types: typeOptions(io, flags, gazetteer),
  };
  return { stage, kd, weights };
}

export interface RunFlags {
  seed?: string;
  batchSize?: string;
  backend?: string;
  threads?: string;
  checkpointDir?: string;
  resume?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** --seed, --batch-size, --backend, --threads, --checkpoint-dir, --resume, --quiet and --json. */
export function addRunOptions(cmd: Command): Command {
  return addBackendOptions(
    cmd
      .option('--seed <n>', 'random seed (default 1)')
      .option('--batch-size <n>', 'sentences per training batch (default 32; smaller needs less memory, for large encoders)'),
  )
    .option('--checkpoint-dir <dir>', 'write a checkpoint per stage and epoch here')
    .option('--resume', 'continue from the checkpoints in --checkpoint-dir')
    .option('--quiet', 'no progress lines on stderr')
    .option('--json', 'print one JSON object with the result');
}

/** The run settings of the pipeline from the flags: seed, batch size, checkpoints, resume and progress on stderr. */
export function runSettings(
  io: CliIo,
  flags: RunFlags,
): {
  seed: number | undefined;
  batchSize: number | undefined;
  checkpointDir: string | undefined;
  resume: boolean;
  onProgress: ReturnType<typeof progressPrinter>;
} {
  return {
    seed: intOption(flags.seed, '--seed', 0),
    batchSize: intOption(flags.batchSize, '--batch-size', 1),
    checkpointDir: flags.checkpointDir ? resolve(io.cwd, flags.checkpointDir) : undefined,
    resume: flags.resume === true,
    onProgress: progressPrinter(io, flags.quiet === true),
  };
}

/** How the target text writes case, as the teacher's summary records it (the `target_casing` JSON field). */
export function targetCasingReport(model: NerModel): unknown {
  return model.summary?.options['targetCasing'] ?? null;
}
