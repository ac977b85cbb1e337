// `crosstag train-teacher --source FILE [--source FILE ...] [--select-on FILE] --out DIR ...`:
// trains the MTMT teacher (recognizer, then similarity evaluator) on labelled corpora (several are
// concatenated) and saves it as a model folder; with --dictionary (one per --source), source
// words are swapped for their translations during training.

import { resolve } from 'node:path';
import type { CliCommand, CliIo } from '../io.js';
import { loadDataset, stageLine, trainWithBackend } from './ml-common.js';
import { loadSources, sourcesReport } from './source-options.js';
import {
  addRunOptions,
  addTeacherOptions,
  runSettings,
  targetCasingReport,
  teacherStage,
  type RunFlags,
  type TeacherFlags,
} from './training-options.js';

interface Options extends TeacherFlags, RunFlags {
  selectOn?: string;
  targetText?: string;
  out: string;
}

export const trainTeacherCommand: CliCommand = (program, io) => {
  const cmd = program
    .command('train-teacher')
    .description(
      'train the MTMT teacher (recognizer and similarity evaluator) on a labelled corpus, optionally code-switched with a bilingual dictionary',
    )
    .option('--select-on <file>', 'labelled dev corpus that selects the best epoch (source or target dev)')
    .option(
      '--target-text <file>',
      'unlabelled target text: the source sentences and switched words take its casing (a noun it capitalises is capitalised), and source words that are its everyday words stay out of the vocabulary',
    )
    .requiredOption('--out <dir>', 'model folder to write');
  addRunOptions(addTeacherOptions(cmd, { lr: true })).action(async (opts: Options) => {
    await runTrainTeacher(io, opts);
  });
};

async function runTrainTeacher(io: CliIo, opts: Options): Promise<void> {
  const teacher = teacherStage(io, opts);
  const run = runSettings(io, opts);
  const sources = loadSources(io, opts.source, opts);
  const dev = opts.selectOn ? loadDataset(io, opts.selectOn, { labelled: true, flag: '--select-on' }).data : null;
  const targetText = opts.targetText ? loadDataset(io, opts.targetText, { labelled: false, flag: '--target-text' }).data : undefined;
  const { result, backend } = await trainWithBackend(io, opts, () => ({
    ...run,
    data: { sources, dev, selectOn: opts.selectOn, target: [] },
    teachers: { train: { ...teacher, targetText } },
    folders: { teacher: () => resolve(io.cwd, opts.out) },
  }));
  try {
    const model = result.teachers[0]!;
    const stages = model.summary?.stages ?? [];
    if (opts.json === true) {
      io.stdout(
        `${JSON.stringify({ out: opts.out, backend, labels: model.labels, sources: sourcesReport(sources), target_casing: targetCasingReport(model), stages: stages.map(({ history: _h, ...rest }) => rest) })}\n`,
      );
    } else {
      io.stdout(`teacher saved to ${opts.out} (backend ${backend}, labels ${model.labels.join(' ')})\n`);
      for (const s of stages) io.stdout(`  ${stageLine(s)}\n`);
    }
  } finally {
    result.dispose();
  }
}
