// The epoch loop shared by every stage: Adam steps over a deterministic batch plan, progress
// reports, cancellation between steps, dev-set epoch selection, and checkpoints that let a
// stopped run resume to exactly the weights an uninterrupted run reaches.
//
// Reproducibility rests on three things: each epoch's batch plan depends only on (seed, stage,
// epoch); every other random draw (dropout, word dropout, pair sampling) comes from one generator
// whose state is checkpointed; and the optimizer state is checkpointed in full.
//
// Each save keeps the checkpoint it replaces as `<file>.prev`. A resume whose newest checkpoint
// cannot be read (damaged, cut short, or missing after a crash between the two renames) goes on
// from the previous one instead and says so through onNote; it replays the steps in between, so
// it still ends at the uninterrupted weights.

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { EpochMetrics, RunStage } from '../../../contract/entities.js';
import { CoreError } from '../../errors.js';
import { Adam, ADAM_DEFAULTS } from './optimizer.js';
import { Rng, type RngState } from '../runtime/rng.js';
import { readTensorFile, writeTensorFile } from '../io/tensor-file.js';
import type { Tensor, Tf, Variable } from '../runtime/tf-types.js';

export interface Progress {
  stage: RunStage;
  /** 1-based epoch in progress. */
  epoch: number;
  epochs: number;
  /** Steps done in this epoch. */
  step: number;
  steps: number;
  loss: number;
  tokensPerSec: number;
  etaSec: number | null;
  /** Dev score of the epoch just finished (reported once per epoch), else null. */
  devF1: number | null;
}

/** Thrown when the AbortSignal fires; the stage's checkpoint holds the state at that step. */
export class TrainingCancelled extends Error {
  constructor(stage: RunStage, epoch: number, step: number) {
    super(`training cancelled during ${stage}, epoch ${epoch + 1}, after step ${step}`);
    this.name = 'AbortError';
  }
}

export interface LoopOptions {
  epochs: number;
  seed: number;
  lr: number;
  warmupSteps: number;
  /** The learning rate decays linearly to lr * finalLrFactor over the run. */
  finalLrFactor: number;
  clipNorm: number;
  /** Checkpoint file of this stage; null disables checkpoints. */
  checkpointFile: string | null;
  /** Also checkpoint every N steps within an epoch (0: only at epoch ends). */
  checkpointEvery: number;
  resume: boolean;
  onProgress?: ((p: Progress) => void) | undefined;
  /** Told what a reader of the run should know, e.g. that a damaged checkpoint was passed over. */
  onNote?: ((note: string) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface StageDef<B> {
  stage: RunStage;
  vars: ReadonlyMap<string, Variable>;
  /** The epoch's batches; must depend only on the epoch (and fixed settings). */
  plan(epoch: number): B[];
  tokens(batch: B): number;
  /**
   * Runs in the step's tidy scope, outside the gradient tape (constants such as teacher outputs
   * belong here), and returns the loss closure that runs under the tape.
   */
  prepare(batch: B, rng: Rng): () => Tensor;
  /** Dev score after an epoch (higher is better), or null without a dev set. */
  score(): Promise<number | null>;
  metric: 'f1' | 'pair-accuracy';
  /**
   * Settings that shape the run without showing in its plan or weight shapes (a code-switching
   * dictionary and p): part of the checkpoint fingerprint when given.
   */
  settings?: string | undefined;
}

export interface StageResult {
  epochs: number;
  bestEpoch: number;
  bestScore: number | null;
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
function fingerprint(def: StageDef<unknown>, opts: LoopOptions): string {
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

async function readVars(vars: ReadonlyMap<string, Variable>): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [n, v] of vars) out[n] = Float32Array.from((await v.data()) as Float32Array);
  return out;
}

function writeVars(tf: Tf, vars: ReadonlyMap<string, Variable>, values: Record<string, Float32Array>, prefix: string): void {
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

export async function runStage<B>(tf: Tf, def: StageDef<B>, opts: LoopOptions): Promise<StageResult> {
  const adam = new Adam(tf, def.vars, { ...ADAM_DEFAULTS, lr: opts.lr, clipNorm: opts.clipNorm });
  try {
    return await loop(tf, def, opts, adam);
  } finally {
    adam.dispose();
  }
}

async function loop<B>(tf: Tf, def: StageDef<B>, opts: LoopOptions, adam: Adam): Promise<StageResult> {
  const print = fingerprint(def as StageDef<unknown>, opts);
  let rng = Rng.derive(opts.seed, def.stage, 'steps');
  let epoch0 = 0;
  let step0 = 0;
  let best: { epoch: number; score: number | null; values: Record<string, Float32Array> | null } = { epoch: 0, score: null, values: null };
  let history: EpochMetrics[] = [];
  const file = opts.checkpointFile;

  const stored = file && opts.resume ? readCheckpoint(file, opts.onNote) : null;
  if (file && stored) {
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
    rng = new Rng(m.rng);
    epoch0 = m.epoch;
    step0 = m.step;
    history = m.history;
    const bestValues: Record<string, Float32Array> = {};
    for (const n of def.vars.keys()) if (arrays[`best/${n}`]) bestValues[n] = arrays[`best/${n}`]!;
    best = { epoch: m.best.epoch, score: m.best.score, values: Object.keys(bestValues).length > 0 ? bestValues : null };
  }

  const save = async (epoch: number, step: number) => {
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    const arrays: Record<string, Float32Array> = {};
    const params = await readVars(def.vars);
    const state = await adam.state();
    for (const n of def.vars.keys()) {
      arrays[`param/${n}`] = params[n]!;
      arrays[`m/${n}`] = state.m[n]!;
      arrays[`v/${n}`] = state.v[n]!;
      if (best.values) arrays[`best/${n}`] = best.values[n]!;
    }
    const meta: CheckpointMeta = {
      stage: def.stage,
      fingerprint: print,
      epoch,
      step,
      rng: rng.state(),
      adamStep: state.step,
      best: { epoch: best.epoch, score: best.score },
      history,
    };
    writeTensorFile(file, meta, arrays, previousCheckpoint(file));
  };

  const stepsPerEpoch = def.plan(0).length;
  const totalSteps = stepsPerEpoch * opts.epochs;
  const varList = [...def.vars.values()];
  const lrAt = (globalStep: number) => {
    const warm = opts.warmupSteps > 0 ? Math.min(1, (globalStep + 1) / opts.warmupSteps) : 1;
    const decay = 1 - (1 - opts.finalLrFactor) * Math.min(1, globalStep / Math.max(1, totalSteps));
    return opts.lr * warm * decay;
  };

  for (let epoch = epoch0; epoch < opts.epochs; epoch++) {
    const batches = def.plan(epoch);
    const started = performance.now();
    let windowStart = started;
    let windowTokens = 0;
    let epochTokens = 0;
    let lossSum = 0;
    let lossCount = 0;
    const first = epoch === epoch0 ? step0 : 0;
    for (let step = first; step < batches.length; step++) {
      if (opts.signal?.aborted) {
        await save(epoch, step);
        throw new TrainingCancelled(def.stage, epoch, step);
      }
      const batch = batches[step]!;
      const lr = lrAt(epoch * stepsPerEpoch + step);
      const lossTensor = tf.tidy(() => {
        const lossFn = def.prepare(batch, rng);
        const { value, grads } = tf.variableGrads(lossFn as () => ReturnType<Tf['scalar']>, varList);
        adam.apply(grads, lr);
        return value;
      });
      const loss = ((await lossTensor.data()) as Float32Array)[0]!;
      lossTensor.dispose();
      if (!Number.isFinite(loss)) {
        throw new CoreError('INTERNAL', `${def.stage} diverged: loss is ${loss} at epoch ${epoch + 1}, step ${step + 1}`);
      }
      lossSum += loss;
      lossCount += 1;
      const tokens = def.tokens(batch);
      windowTokens += tokens;
      epochTokens += tokens;
      const now = performance.now();
      const tokensPerSec = windowTokens / Math.max(1e-6, (now - windowStart) / 1000);
      if (now - windowStart > 5000) {
        windowStart = now;
        windowTokens = 0;
      }
      const done = step + 1 - first;
      const perStep = (now - started) / 1000 / done;
      const remaining = batches.length - step - 1 + (opts.epochs - epoch - 1) * stepsPerEpoch;
      // The last step of an epoch is reported once, after the dev score, by the epoch-end report.
      if (step + 1 < batches.length) {
        opts.onProgress?.({
          stage: def.stage,
          epoch: epoch + 1,
          epochs: opts.epochs,
          step: step + 1,
          steps: batches.length,
          loss,
          tokensPerSec,
          etaSec: remaining * perStep,
          devF1: null,
        });
      }
      if (opts.checkpointEvery > 0 && (step + 1) % opts.checkpointEvery === 0 && step + 1 < batches.length) await save(epoch, step + 1);
      // Let timers, IPC and the abort signal's listeners run between steps.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const trainSeconds = (performance.now() - started) / 1000;
    const score = await def.score();
    history.push({
      stage: def.stage,
      epoch: epoch + 1,
      loss: lossCount > 0 ? lossSum / lossCount : 0,
      devF1: score,
      tokensPerSec: epochTokens / Math.max(1e-6, trainSeconds),
      seconds: (performance.now() - started) / 1000,
    });
    if (score === null || best.score === null || score > best.score) {
      best = { epoch: epoch + 1, score, values: score === null ? null : await readVars(def.vars) };
    }
    const last = history[history.length - 1]!;
    // Reported before it is saved: a run killed in between resumes from the previous checkpoint
    // and reports this epoch again (a listener records an epoch once, by its number), where the
    // other order would resume past an epoch nobody was told about.
    opts.onProgress?.({
      stage: def.stage,
      epoch: epoch + 1,
      epochs: opts.epochs,
      step: batches.length,
      steps: batches.length,
      loss: last.loss,
      tokensPerSec: last.tokensPerSec,
      etaSec: (opts.epochs - epoch - 1) * last.seconds,
      devF1: score,
    });
    await save(epoch + 1, 0);
  }
  if (best.values) writeVars(tf, def.vars, best.values, '');
  return { epochs: opts.epochs, bestEpoch: best.epoch, bestScore: best.score, history };
}
