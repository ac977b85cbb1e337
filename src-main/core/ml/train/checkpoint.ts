// A stage's checkpoint file: its weights, the optimizer's moments, the random generator's state,
// the best epoch's weights and the history so far, under a fingerprint of everything that must
// match for the file to continue this run.
//
// Each save keeps the checkpoint it replaces as `<file>.prev`. A resume whose newest checkpoint
// cannot be read (damaged, cut short, or missing after a crash between the two renames) goes on
// from the previous one instead and says so through onNote; it replays the steps in between, so
// it still ends at the uninterrupted weights.

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { EpochMetrics, RunStage } from '../../../contract/entities.js';
import { CoreError } from '../../errors.js';
import { readTensorFile, writeTensorFile } from '../io/tensor-file.js';
import { Rng, type RngState } from '../runtime/rng.js';
import type { Tf, Variable } from '../runtime/tf-types.js';
import type { Adam } from './optimizer.js';
import type { LoopOptions, StageDef } from './loop.js';

/** Where a stage is between steps: everything a checkpoint holds besides the weights and moments. */
export interface LoopState {
  rng: Rng;
  /** The epoch and step to go on from. */
  epoch: number;
  step: number;
  best: { epoch: number; score: number | null; values: Record<string, Float32Array> | null };
  history: EpochMetrics[];
}

interface CheckpointMeta {
  stage: RunStage;
  fingerprint: string;
  epoch: number;
  step: number;
  rng: RngState;
  adamStep: number;
  best: { epoch: number; score: number | null };
  history: EpochMetrics[];
}

/** What must match for a checkpoint to continue this run: settings, weight shapes, the data's first plan. */
export function fingerprint(def: StageDef<unknown>, opts: LoopOptions): string {
  const shapes = [...def.vars].map(([n, v]) => `${n}:${v.shape.join('x')}`).join(',');
  const plan = JSON.stringify(def.plan(0));
  let h = 0x811c9dc5;
  for (let i = 0; i < plan.length; i++) h = Math.imul(h ^ plan.charCodeAt(i), 0x01000193) >>> 0;
  const fields: unknown[] = [
    def.stage,
    opts.epochs,
    opts.seed,
    opts.lr,
    opts.warmupSteps,
    opts.finalLrFactor,
    opts.clipNorm,
    shapes,
    h.toString(16),
  ];
  // Appended only when present, so checkpoints of runs without such settings keep their fingerprint.
  if (def.settings !== undefined) fields.push(def.settings);
  return JSON.stringify(fields);
}

export async function readVars(vars: ReadonlyMap<string, Variable>): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [n, v] of vars) out[n] = Float32Array.from((await v.data()) as Float32Array);
  return out;
}

export function writeVars(tf: Tf, vars: ReadonlyMap<string, Variable>, values: Record<string, Float32Array>, prefix: string): void {
  for (const [n, v] of vars) {
    const data = values[prefix + n];
    if (!data || data.length !== v.size) throw new Error(`checkpoint lacks ${prefix + n}`);
    tf.tidy(() => v.assign(tf.tensor(data, v.shape)));
  }
}

/** Where a save keeps the checkpoint it replaces. */
export function previousCheckpoint(file: string): string {
  return `${file}.prev`;
}

/**
 * The newest readable checkpoint of `file` and its `.prev`, or null when neither exists. When
 * neither can be read, the newest one's error is thrown (it names that file).
 */
function readCheckpoint(file: string, onNote: LoopOptions['onNote']): ReturnType<typeof readTensorFile> | null {
  const prev = previousCheckpoint(file);
  let failure: CoreError | null = null;
  for (const f of [file, prev]) {
    if (!existsSync(f)) continue;
    try {
      const read = readTensorFile(f);
      if (f === prev) {
        const m = read.meta as CheckpointMeta;
        const why = failure === null ? 'is missing (the run stopped while replacing it)' : `cannot be read (${failure.message})`;
        onNote?.(
          `${m.stage}: the newest checkpoint ${why}; resumed from the previous one (saved after ${m.epoch} epochs and ${m.step} steps)`,
        );
      }
      return read;
    } catch (err) {
      // Only damage (BAD_REQUEST) is passed over; a file that cannot be opened at all is the user's to fix.
      if (!(err instanceof CoreError) || err.code !== 'BAD_REQUEST') throw err;
      failure ??= err;
    }
  }
  if (failure !== null) throw failure;
  return null;
}

/**
 * The state to start from: the checkpoint's (its weights and moments loaded into `def.vars` and
 * `adam`) when resuming and one exists, else a fresh start. A checkpoint written with other
 * settings is refused.
 */
export function restoreState<B>(tf: Tf, def: StageDef<B>, opts: LoopOptions, adam: Adam, print: string): LoopState {
  const fresh: LoopState = {
    rng: Rng.derive(opts.seed, def.stage, 'steps'),
    epoch: 0,
    step: 0,
    best: { epoch: 0, score: null, values: null },
    history: [],
  };
  const file = opts.checkpointFile;
  const stored = file && opts.resume ? readCheckpoint(file, opts.onNote) : null;
  if (!file || !stored) return fresh;
  const { meta, arrays } = stored;
  const m = meta as CheckpointMeta;
  if (m.fingerprint !== print) {
    throw new CoreError(
      'CONFLICT',
      `${file}: checkpoint was written with different settings; start without resume or use another checkpoint folder`,
      { file },
    );
  }
  writeVars(tf, def.vars, arrays, 'param/');
  const moments = { step: m.adamStep, m: {} as Record<string, Float32Array>, v: {} as Record<string, Float32Array> };
  for (const n of def.vars.keys()) {
    moments.m[n] = arrays[`m/${n}`]!;
    moments.v[n] = arrays[`v/${n}`]!;
  }
  adam.load(moments);
  const bestValues: Record<string, Float32Array> = {};
  for (const n of def.vars.keys()) if (arrays[`best/${n}`]) bestValues[n] = arrays[`best/${n}`]!;
  return {
    rng: new Rng(m.rng),
    epoch: m.epoch,
    step: m.step,
    history: m.history,
    best: { epoch: m.best.epoch, score: m.best.score, values: Object.keys(bestValues).length > 0 ? bestValues : null },
  };
}

/** Writes the stage's checkpoint as of (epoch, step), keeping the one it replaces; a no-op without a file. */
export async function saveCheckpoint<B>(
  def: StageDef<B>,
  opts: LoopOptions,
  adam: Adam,
  print: string,
  state: LoopState,
  epoch: number,
  step: number,
): Promise<void> {
  const file = opts.checkpointFile;
  if (!file) return;
  mkdirSync(path.dirname(file), { recursive: true });
  const arrays: Record<string, Float32Array> = {};
  const params = await readVars(def.vars);
  const moments = await adam.state();
  for (const n of def.vars.keys()) {
    arrays[`param/${n}`] = params[n]!;
    arrays[`m/${n}`] = moments.m[n]!;
    arrays[`v/${n}`] = moments.v[n]!;
    if (state.best.values) arrays[`best/${n}`] = state.best.values[n]!;
  }
  const meta: CheckpointMeta = {
    stage: def.stage,
    fingerprint: print,
    epoch,
    step,
    rng: state.rng.state(),
    adamStep: moments.step,
    best: { epoch: state.best.epoch, score: state.best.score },
    history: state.history,
  };
  writeTensorFile(file, meta, arrays, previousCheckpoint(file));
}
