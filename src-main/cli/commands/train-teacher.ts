// `crosstag train-teacher --source FILE [--source FILE ...] [--select-on FILE] --out DIR ...`:
// trains the MTMT teacher (recognizer, then similarity evaluator) on labelled corpora (several are
// concatenated) and saves it as a model folder; with --dictionary (one per --source), source
// words are swapped for their translations during training.

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { encoderConfig, saveModel, trainTeacher, TrainingCancelled, type NerModel, type StageSummary } from '../../core/ml/index.js';
import { CliError, type CliCommand, type CliIo } from '../io.js';
import { addTeacherDictionaryOptions, collect, type TeacherDictionaryFlags } from './dictionary-options.js';
import { interruptSignal, intOption, loadDataset, numberOption, progressPrinter, startBackend } from './ml-common.js';
import { loadSources, SOURCE_HELP, sourcesReport, teacherData } from './source-options.js';

interface Options extends TeacherDictionaryFlags {
  source: string[];
  selectOn?: string;
  targetText?: string;
  targetCasing: boolean;
  out: string;
  encoder: string;
  epochs?: string;
  evaluatorEpochs?: string;
  seed?: string;
  lr?: string;
  backend?: string;
  checkpointDir?: string;
  resume?: boolean;
  json?: boolean;
  quiet?: boolean;
}

export function addTrainingOptions(cmd: Command): Command {
  return cmd
    .option('--seed <n>', 'random seed (default 1)')
    .option('--backend <name>', 'force a backend: tfjs-node-gpu, tfjs-node, wasm or cpu')
    .option('--checkpoint-dir <dir>', 'write a checkpoint per stage and epoch here')
    .option('--resume', 'continue from the checkpoints in --checkpoint-dir')
    .option('--quiet', 'no progress lines on stderr');
}

/** --no-target-casing, for the commands that read target text. */
export function addTargetCasingOption(cmd: Command): Command {
  return cmd.option(
    '--no-target-casing',
    "keep the source's casing: do not write the source sentences and their switched words with the target text's capitals",
  );
}

/** How the target text writes case, as a model summary records it (the `target_casing` JSON field). */
export function targetCasingReport(model: NerModel): unknown {
  return model.summary?.options['targetCasing'] ?? null;
}

export function stageLine(s: StageSummary): string {
  const score =
    s.bestScore === null ? 'last epoch kept' : `best ${s.metric} ${s.bestScore.toFixed(4)} at epoch ${s.bestEpoch} on ${s.selectedOn}`;
  const tps = s.history.length > 0 ? Math.round(s.history.reduce((a, h) => a + h.tokensPerSec, 0) / s.history.length) : 0;
  return `${s.stage}: ${s.epochs} epochs, ${score}, ${tps} tok/s`;
}

/** Runs training, turning a Ctrl-C cancellation into a one-line reason. */
export async function cancellable<T>(run: (signal: AbortSignal) => Promise<T>, checkpointDir: string | undefined): Promise<T> {
  const { signal, release } = interruptSignal();
  try {
    return await run(signal);
  } catch (err) {
    if (err instanceof TrainingCancelled) {
      throw new CliError(checkpointDir ? `${err.message}; continue with --resume --checkpoint-dir ${checkpointDir}` : err.message);
    }
    throw err;
  } finally {
    release();
  }
}

export const trainTeacherCommand: CliCommand = (program, io) => {
  addTrainingOptions(
    addTeacherDictionaryOptions(
      addTargetCasingOption(program.command('train-teacher'))
        .description(
          'train the MTMT teacher (recognizer and similarity evaluator) on a labelled corpus, optionally code-switched with a bilingual dictionary',
        )
        .requiredOption('--source <file>', SOURCE_HELP, collect)
        .option('--select-on <file>', 'labelled dev corpus that selects the best epoch (source or target dev)')
        .option(
          '--target-text <file>',
          'unlabelled target text: the source sentences and switched words take its casing (a noun it capitalises is capitalised), and source words that are its everyday words stay out of the vocabulary',
        )
        .requiredOption('--out <dir>', 'model folder to write')
        .option('--encoder <name>', 'small, small-bilstm, small-transformer or small-cnn', 'small')
        .option('--epochs <n>', 'recognizer epochs')
        .option('--evaluator-epochs <n>', 'similarity evaluator epochs')
        .option('--lr <x>', 'peak learning rate')
        .option('--json', 'print one JSON object with the result'),
    ),
  ).action(async (opts: Options) => {
    await runTrainTeacher(io, opts);
  });
};

async function runTrainTeacher(io: CliIo, opts: Options): Promise<NerModel> {
  const quiet = opts.quiet === true;
  const encoder = encoderConfig(opts.encoder);
  const epochs = intOption(opts.epochs, '--epochs', 1);
  const evaluatorEpochs = intOption(opts.evaluatorEpochs, '--evaluator-epochs', 0);
  const seed = intOption(opts.seed, '--seed', 0);
  const lr = numberOption(opts.lr, '--lr');
  const sources = loadSources(io, opts.source, opts);
  const dev = opts.selectOn ? loadDataset(io, opts.selectOn, { labelled: true, flag: '--select-on' }).data : null;
  const targetText = opts.targetText ? loadDataset(io, opts.targetText, { labelled: false, flag: '--target-text' }).data : undefined;
  const backend = await startBackend(io, opts.backend, quiet);
  const checkpointDir = opts.checkpointDir ? resolve(io.cwd, opts.checkpointDir) : undefined;
  const model = await cancellable(
    (signal) =>
      trainTeacher({
        ...teacherData(sources),
        dev,
        selectOn: opts.selectOn,
        targetText,
        targetCasing: opts.targetCasing,
        encoder,
        epochs,
        evaluatorEpochs,
        seed,
        lr,
        checkpointDir,
        resume: opts.resume === true,
        onProgress: progressPrinter(io, quiet),
        signal,
      }),
    opts.checkpointDir,
  );
  try {
    saveModel(model, resolve(io.cwd, opts.out));
    const stages = model.summary?.stages ?? [];
    if (opts.json === true) {
      io.stdout(
        `${JSON.stringify({ out: opts.out, backend, labels: model.labels, sources: sourcesReport(sources), target_casing: targetCasingReport(model), stages: stages.map(({ history: _h, ...rest }) => rest) })}\n`,
      );
    } else {
      io.stdout(`teacher saved to ${opts.out} (backend ${backend}, labels ${model.labels.join(' ')})\n`);
      for (const s of stages) io.stdout(`  ${stageLine(s)}\n`);
    }
    return model;
  } finally {
    model.dispose();
  }
}
