// Options shared by the training entry points, and their defaults.

import path from 'node:path';
import type { RunStage } from '../../../contract/entities.js';
import type { LoopOptions, Progress } from './loop.js';

export interface TrainCommon {
  /** Seeds initialisation, batch order, dropout and sampling (default 1). */
  seed?: number | undefined;
  /** Sentences per batch (default 32). */
  batchSize?: number | undefined;
  /** Peak Adam learning rate. */
  lr?: number | undefined;
  warmupSteps?: number | undefined;
  /** The learning rate decays linearly to lr times this over the run. */
  finalLrFactor?: number | undefined;
  clipNorm?: number | undefined;
  /** Folder for per-stage checkpoint files; none when absent. */
  checkpointDir?: string | null | undefined;
  /** Checkpoint every N steps as well as at every epoch end (0: epochs only). */
  checkpointEvery?: number | undefined;
  /** Continue from the checkpoints in checkpointDir when they exist. */
  resume?: boolean | undefined;
  onProgress?: ((p: Progress) => void) | undefined;
  /** Told what a reader of the run should know, e.g. that a damaged checkpoint was passed over. */
  onNote?: ((note: string) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_BATCH = 32;

export function loopOptions(
  c: TrainCommon,
  stage: RunStage,
  epochs: number,
  defaults: { lr: number; warmupSteps: number; finalLrFactor: number },
): LoopOptions {
  return {
    epochs,
    seed: c.seed ?? DEFAULT_SEED,
    lr: c.lr ?? defaults.lr,
    warmupSteps: c.warmupSteps ?? defaults.warmupSteps,
    finalLrFactor: c.finalLrFactor ?? defaults.finalLrFactor,
    clipNorm: c.clipNorm ?? 5,
    checkpointFile: c.checkpointDir ? path.join(c.checkpointDir, `${stage}.ckpt`) : null,
    checkpointEvery: c.checkpointEvery ?? 0,
    resume: c.resume ?? false,
    onProgress: c.onProgress,
    onNote: c.onNote,
    signal: c.signal,
  };
}

/** Options as recorded in a model's training summary (functions and signals left out). */
export function recordable(opts: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) {
    if (v === undefined || typeof v === 'function' || (typeof AbortSignal !== 'undefined' && v instanceof AbortSignal)) continue;
    if (Array.isArray(v)) out[k] = `${v.length} items`;
    else out[k] = v;
  }
  return out;
}
