// What the model commands (train-teacher, distill, predict, pipeline) share: reading corpora as
// engine datasets, checking numeric options, the backend, and progress lines on stderr.

import type { Command } from 'commander';
import { resolve } from 'node:path';
import {
  BACKEND_ORDER,
  encoderConfig,
  encoderNames,
  initBackend,
  parseThreads,
  resolveEncoderFolder,
  type Dataset,
  type EncoderConfig,
  type Progress,
} from '../../core/ml/index.js';
import { readCorpus, spansToTags, type Corpus } from '../../core/formats/index.js';
import { tokenTexts } from '../../core/text/index.js';
import { CliError, printWarnings, readInput, type CliIo } from '../io.js';

export interface LoadedCorpus {
  corpus: Corpus;
  data: Dataset;
}

/** A corpus file as a dataset; with `labelled`, every sentence must carry tags. */
export function loadDataset(io: CliIo, file: string, opts: { labelled: boolean; flag: string }): LoadedCorpus {
  const corpus = readCorpus(readInput(io, file), { file, unlabelled: !opts.labelled });
  printWarnings(io, corpus.warnings);
  const data: Dataset = [];
  for (const doc of corpus.documents) {
    for (const s of doc.sentences) {
      if (opts.labelled && s.spans === null) {
        throw new CliError(`${file}:${s.line ?? 1}: sentence has no tags; ${opts.flag} needs a labelled file`);
      }
      if (s.tokens.length === 0) continue;
      const tokens = tokenTexts(s.text, s.tokens);
      data.push({ tokens, tags: opts.labelled && s.spans ? spansToTags(s.spans, tokens.length, 'iob2') : null });
    }
  }
  if (data.length === 0) throw new CliError(`${file}: no sentences`);
  return { corpus, data };
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

/** The --encoder help: every name the engine takes. */
export const ENCODER_HELP = `encoder: ${encoderNames().join(', ')} (a pretrained folder takes #freeze=N,max-length=N,stride=N,dropout=X)`;

/** The --encoder value as a config, a pretrained folder resolved against the working directory. */
export function encoderOption(io: CliIo, name: string): EncoderConfig {
  return encoderConfig(resolveEncoderFolder(name, (dir) => resolve(io.cwd, dir)));
}
