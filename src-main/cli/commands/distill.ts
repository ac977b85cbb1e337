// `crosstag distill --teacher DIR [--teacher DIR ...] --target FILE [--select-on FILE] --out DIR ...`:
// distils an MTMT student from saved teachers (several are averaged) on unlabelled target text (a
// CoNLL file's tags are ignored); --init-from-dictionary starts the target words it adds from their translations' teacher rows.

import { resolve } from 'node:path';
import { distillStudent, loadModel, saveModel, type MtmtWeights, type NerModel } from '../../core/ml/index.js';
import { CliError, type CliCommand, type CliIo } from '../io.js';
import { addStudentDictionaryOptions, collect, studentDictionaryOption, type StudentDictionaryFlags } from './dictionary-options.js';
import { intOption, loadDataset, numberOption, progressPrinter, startBackend } from './ml-common.js';
import { addTrainingOptions, cancellable, stageLine } from './train-teacher.js';
import { addTypeOptions, typeOptions, type TypeFlags } from './type-options.js';

interface Options extends StudentDictionaryFlags, TypeFlags {
  teacher: string[];
  target: string;
  selectOn?: string;
  out: string;
  epochs?: string;
  seed?: string;
  lr?: string;
  alpha: boolean;
  beta: boolean;
  gamma: boolean;
  kd?: boolean | string;
  fromScratch?: boolean;
  extendVocab: boolean;
  backend?: string;
  threads?: string;
  checkpointDir?: string;
  resume?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** `--kd` alone means MSE to the teacher probabilities; `--kd kl` the KL divergence. */
export function kdOption(value: boolean | string | undefined): false | 'mse' | 'kl' {
  if (value === undefined || value === false) return false;
  if (value === true || value === 'mse') return 'mse';
  if (value === 'kl') return 'kl';
  throw new CliError(`--kd must be mse or kl, not "${value}"`);
}

/** Loads every --teacher folder; all are freed again if one is missing or not a teacher. */
export function loadTeachers(io: CliIo, dirs: readonly string[]): NerModel[] {
  const teachers: NerModel[] = [];
  try {
    for (const dir of dirs) {
      const model = loadModel(resolve(io.cwd, dir));
      teachers.push(model);
      if (model.kind !== 'teacher') throw new CliError(`${dir}: is a ${model.kind} model; --teacher needs a teacher`);
      const first = teachers[0]!;
      if (model.labels.join(' ') !== first.labels.join(' ')) {
        throw new CliError(
          `${dir}: has labels ${model.labels.join(' ')} but ${dirs[0]} has ${first.labels.join(' ')}; the teachers must share one label list`,
        );
      }
    }
    return teachers;
  } catch (err) {
    for (const t of teachers) t.dispose();
    throw err;
  }
}

export const distillCommand: CliCommand = (program, io) => {
  addTrainingOptions(
    addStudentDictionaryOptions(
      addTypeOptions(
        program
          .command('distill')
          .description('distil an MTMT student from one or more teachers on unlabelled target text')
          .requiredOption(
            '--teacher <dir>',
            "teacher model folder (from train-teacher); repeatable: the student learns the teachers' mean probabilities and similarities and starts from the first",
            collect,
          )
          .requiredOption('--target <file>', 'unlabelled target text: plain text, or a corpus whose tags are ignored')
          .option('--select-on <file>', 'labelled target dev corpus that selects the best epoch')
          .requiredOption('--out <dir>', 'model folder to write')
          .option('--epochs <n>', 'student epochs')
          .option('--lr <x>', 'peak learning rate')
          .option('--no-alpha', 'ablation: recognizer-confidence weight α = 1')
          .option('--no-beta', 'ablation: evaluator-confidence weight β = 1')
          .option('--no-gamma', 'ablation: teacher-agreement weight γ = 1')
          .option('--kd [kind]', 'ablation: plain single-teacher distillation, mse (default) or kl')
          .option('--no-extend-vocab', 'keep the teacher vocabulary (target words stay unknown)')
          .option('--from-scratch', "start from fresh weights instead of the teacher recognizer's")
          .option('--json', 'print one JSON object with the result'),
        "the teachers' predictions on --target before distilling",
        { on: true },
      ),
    ),
  ).action(async (opts: Options) => {
    const quiet = opts.quiet === true;
    const kd = kdOption(opts.kd);
    const epochs = intOption(opts.epochs, '--epochs', 0);
    const seed = intOption(opts.seed, '--seed', 0);
    const lr = numberOption(opts.lr, '--lr');
    const target = loadDataset(io, opts.target, { labelled: false, flag: '--target' }).data;
    const dev = opts.selectOn ? loadDataset(io, opts.selectOn, { labelled: true, flag: '--select-on' }).data : null;
    const dictionary = studentDictionaryOption(io, opts);
    const types = typeOptions(io, opts);
    const backend = await startBackend(io, opts, quiet);
    const teachers = loadTeachers(io, opts.teacher);
    try {
      const weights: MtmtWeights = { alpha: opts.alpha, beta: opts.beta, gamma: opts.gamma };
      const checkpointDir = opts.checkpointDir ? resolve(io.cwd, opts.checkpointDir) : undefined;
      const student = await cancellable(
        (signal) =>
          distillStudent({
            teacher: teachers,
            target,
            dev,
            selectOn: opts.selectOn,
            epochs,
            seed,
            lr,
            weights,
            kd,
            fromScratch: opts.fromScratch === true,
            extendVocab: opts.extendVocab,
            dictionary,
            types,
            checkpointDir,
            resume: opts.resume === true,
            onProgress: progressPrinter(io, quiet),
            signal,
          }),
        opts.checkpointDir,
      );
      try {
        await saveModel(student, resolve(io.cwd, opts.out));
        const stage = student.summary?.stages.find((s) => s.stage === 'student');
        if (opts.json === true) {
          const { history: _h, ...rest } = stage ?? { history: [] };
          io.stdout(`${JSON.stringify({ out: opts.out, backend, teachers: opts.teacher, weights, kd, student: rest })}\n`);
        } else {
          io.stdout(
            `student saved to ${opts.out} (backend ${backend}, ${kd ? `plain KD (${kd})` : `MTMT α ${on(weights.alpha)} β ${on(weights.beta)} γ ${on(weights.gamma)}`})\n`,
          );
          if (stage) io.stdout(`  ${stageLine(stage)}\n`);
        }
      } finally {
        student.dispose();
      }
    } finally {
      for (const t of teachers) t.dispose();
    }
  });
};

const on = (b: boolean) => (b ? 'on' : 'off');
