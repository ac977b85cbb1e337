// `crosstag distill --teacher DIR [--teacher DIR ...] --target FILE [--select-on FILE] --out DIR ...`:
// distils an MTMT student from saved teachers (several are averaged) on unlabelled target text (a
// CoNLL file's tags are ignored); --init-from-dictionary starts the target words it adds from their
// translations' teacher rows.

import { resolve } from 'node:path';
import { loadModel, type NerModel } from '../../core/ml/index.js';
import { CliError, type CliCommand, type CliIo } from '../io.js';
import { collect } from './dictionary-options.js';
import { loadDataset, stageLine, trainWithBackend } from './ml-common.js';
import { addRunOptions, addStudentOptions, runSettings, studentStage, type RunFlags, type StudentFlags } from './training-options.js';

interface Options extends StudentFlags, RunFlags {
  teacher: string[];
  target: string;
  selectOn?: string;
  out: string;
}

const STUDENT = { epochsFlag: '--epochs', lr: true, typesOver: "the teachers' predictions on --target before distilling" } as const;

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
  const cmd = program
    .command('distill')
    .description('distil an MTMT student from one or more teachers on unlabelled target text')
    .requiredOption('--target <file>', 'unlabelled target text: plain text, or a corpus whose tags are ignored')
    .requiredOption(
      '--teacher <dir>',
      "teacher model folder (from train-teacher); repeatable: the student learns the teachers' mean probabilities and similarities and starts from the first",
      collect,
    )
    .option('--select-on <file>', 'labelled target dev corpus that selects the best epoch')
    .requiredOption('--out <dir>', 'model folder to write');
  addRunOptions(addStudentOptions(cmd, STUDENT)).action(async (opts: Options) => {
    const { stage, kd, weights } = studentStage(io, opts, STUDENT);
    const run = runSettings(io, opts);
    const target = loadDataset(io, opts.target, { labelled: false, flag: '--target' }).data;
    const dev = opts.selectOn ? loadDataset(io, opts.selectOn, { labelled: true, flag: '--select-on' }).data : null;
    const teachers: NerModel[] = [];
    try {
      const { result, backend } = await trainWithBackend(io, opts, () => {
        teachers.push(...loadTeachers(io, opts.teacher));
        return {
          ...run,
          data: { sources: [], dev, selectOn: opts.selectOn, target },
          teachers: { given: teachers },
          student: stage,
          folders: { student: resolve(io.cwd, opts.out) },
        };
      });
      try {
        const summary = result.student!.summary?.stages.find((s) => s.stage === 'student');
        if (opts.json === true) {
          const { history: _h, ...rest } = summary ?? { history: [] };
          io.stdout(`${JSON.stringify({ out: opts.out, backend, teachers: opts.teacher, weights, kd, student: rest })}\n`);
        } else {
          io.stdout(
            `student saved to ${opts.out} (backend ${backend}, ${kd ? `plain KD (${kd})` : `MTMT α ${on(weights.alpha)} β ${on(weights.beta)} γ ${on(weights.gamma)}`})\n`,
          );
          if (summary) io.stdout(`  ${stageLine(summary)}\n`);
        }
      } finally {
        result.dispose();
      }
    } finally {
      for (const t of teachers) t.dispose();
    }
  });
};

const on = (b: boolean) => (b ? 'on' : 'off');
