// What the model commands (train-teacher, distill, predict, pipeline) share: reading corpora as
// engine datasets, checking numeric options, the backend, progress and stage lines, and Ctrl-C.

import type { Command } from 'commander';
import { resolve } from 'node:path';
import {
  BACKEND_ORDER,
  encoderConfig,
  encoderNames,
  initBackend,
  parseThreads,
  resolveEncoderFolder,
  TrainingCancelled,
  type EncoderConfig,
  type Progress,
  type StageSummary,
} from '../../core/ml/index.js';
import {
  readDataset,
  runPipeline,
  type InputFiles,
  type LoadedCorpus,
  type PipelineOptions,
  type PipelineResult,
} from '../../core/pipeline/index.js';
import { CliError, printWarnings, readInput, type CliIo } from '../io.js';

/** Files as the user named them, read relative to the working folder; warnings go to stderr. */
export function cliFiles(io: CliIo): InputFiles {
  return { read: (file) => readInput(io, file), warn: (w) => printWarnings(io, [w]) };
}

/** A corpus file as a dataset; with `labelled`, every sentence must carry tags (errors name `flag`). */
export function loadDataset(io: CliIo, file: string, opts: { labelled: boolean; flag: string }): LoadedCorpus {
  return readDataset(cliFiles(io), file, { labelled: opts.labelled, role: opts.flag });
}

export function intOption(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`${flag} must be an integer of at least ${min}, not "${value}"`);
  return n;
}

export function numberOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`${flag} must be a positive number, not "${value}"`);
  return n;
}

export interface BackendFlags {
  backend?: string | undefined;
  threads?: string | undefined;
}

/** --backend and --threads, for every command that computes with a model. */
export function addBackendOptions(cmd: Command): Command {
  return cmd
    .option('--backend <name>', `force a backend: ${BACKEND_ORDER.join(', ')} (default: the first that works; CROSSTAG_BACKEND)`)
    .option('--threads <n>', 'threads for the wasm backend (default: every core; CROSSTAG_THREADS)');
}

/** Initialises TensorFlow.js (optionally forcing a backend) and returns the chosen backend's name. */
export async function startBackend(io: CliIo, flags: BackendFlags, quiet: boolean): Promise<string> {
  let threads: number | null = null;
  try {
    if (flags.threads !== undefined) threads = parseThreads(flags.threads, '--threads');
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const report = await initBackend({ force: flags.backend ?? null, threads });
  if (!quiet) io.stderr(`crosstag: backend ${report.chosen} (${report.reason})\n`);
  return report.chosen;
}

/** Progress lines on stderr: every epoch end, and a step line at most every `everySec` seconds. */
export function progressPrinter(io: CliIo, quiet: boolean, everySec = 15): (p: Progress) => void {
  let last = 0;
  return (p) => {
    if (quiet) return;
    const now = Date.now();
    const end = p.step === p.steps;
    if (!end && now - last < everySec * 1000) return;
    last = now;
    const eta = p.etaSec === null ? '' : ` eta ${Math.round(p.etaSec)}s`;
    const dev = end && p.devF1 !== null ? ` dev ${p.devF1.toFixed(4)}` : '';
    io.stderr(
      `${p.stage} epoch ${p.epoch}/${p.epochs} step ${p.step}/${p.steps} loss ${p.loss.toFixed(4)} ${Math.round(p.tokensPerSec)} tok/s${eta}${dev}\n`,
    );
  };
}

/** Cancels training on Ctrl-C; the checkpoint (when --checkpoint-dir is set) keeps the progress. */
export function interruptSignal(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  return { signal: controller.signal, release: () => process.off('SIGINT', onSigint) };
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

/**
 * Starts the backend, then runs the pipeline with Ctrl-C as its cancel signal. `options` is
 * called once the backend is up (loading saved teachers needs it).
 */
export async function trainWithBackend(
  io: CliIo,
  flags: BackendFlags & { quiet?: boolean; checkpointDir?: string },
  options: () => Omit<PipelineOptions, 'signal'>,
): Promise<{ result: PipelineResult; backend: string }> {
  const backend = await startBackend(io, flags, flags.quiet === true);
  const run = options();
  const result = await cancellable((signal) => runPipeline({ ...run, signal }), flags.checkpointDir);
  return { result, backend };
}

/** Mean training speed of a stage over its epochs, or null before any epoch ended. */
export function meanTokensPerSec(s: StageSummary | undefined): number | null {
  return s && s.history.length > 0 ? Math.round(s.history.reduce((a, h) => a + h.tokensPerSec, 0) / s.history.length) : null;
}

export function stageLine(s: StageSummary): string {
  const score =
    s.bestScore === null ? 'last epoch kept' : `best ${s.metric} ${s.bestScore.toFixed(4)} at epoch ${s.bestEpoch} on ${s.selectedOn}`;
  return `${s.stage}: ${s.epochs} epochs, ${score}, ${meanTokensPerSec(s) ?? 0} tok/s`;
}

/** The --encoder help: every name the engine takes. */
export const ENCODER_HELP = `encoder: ${encoderNames().join(', ')} (a pretrained folder takes #freeze=N,max-length=N,stride=N,dropout=X)`;

/** The --encoder value as a config, a pretrained folder resolved against the working directory. */
export function encoderOption(io: CliIo, name: string): EncoderConfig {
  return encoderConfig(resolveEncoderFolder(name, (dir) => resolve(io.cwd, dir)));
}
