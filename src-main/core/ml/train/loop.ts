// The epoch loop shared by every stage: Adam steps over a deterministic batch plan, progress
// reports, cancellation between steps, dev-set epoch selection, and checkpoints that let a
// stopped run resume to exactly the weights an uninterrupted run reaches.
//
// Reproducibility rests on three things: each epoch's batch plan depends only on (seed, stage,
// epoch); every other random draw (dropout, word dropout, pair sampling) comes from one generator
// whose state is checkpointed; and the optimizer state is checkpointed in full.
// The checkpoint files themselves are checkpoint.ts's.

import type { EpochMetrics, RunStage } from '../../../contract/entities.js';
import type { TrainingProgress } from '../../../contract/events.js';
import { CoreError } from '../../errors.js';
import { Adam, ADAM_DEFAULTS } from './optimizer.js';
import type { Rng } from '../runtime/rng.js';
import type { Tensor, Tf, Variable } from '../runtime/tf-types.js';
import { fingerprint, readVars, restoreState, saveCheckpoint, writeVars, type LoopState } from './checkpoint.js';

export { previousCheckpoint } from './checkpoint.js';

/** The engine's progress reports are the contract's, less the run and backend a worker adds. */
export type Progress = TrainingProgress;

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

export async function runStage<B>(tf: Tf, def: StageDef<B>, opts: LoopOptions): Promise<StageResult> {
  const adam = new Adam(tf, def.vars, { ...ADAM_DEFAULTS, lr: opts.lr, clipNorm: opts.clipNorm });
  try {
    return await loop(tf, def, opts, adam);
  } finally {
    adam.dispose();
  }
}

/** One stage's run: what every epoch and step needs besides the stage definition. */
interface Run<B> {
  tf: Tf;
  def: StageDef<B>;
  opts: LoopOptions;
  adam: Adam;
  state: LoopState;
  /** The trained variables, in the order their gradients are asked for. */
  varList: Variable[];
  stepsPerEpoch: number;
  /** The learning rate at a step of the whole run: linear warm-up, then linear decay. */
  lrAt: (globalStep: number) => number;
  save: (epoch: number, step: number) => Promise<void>;
}

async function loop<B>(tf: Tf, def: StageDef<B>, opts: LoopOptions, adam: Adam): Promise<StageResult> {
  const print = fingerprint(def as StageDef<unknown>, opts);
  const state = restoreState(tf, def, opts, adam, print);
  const stepsPerEpoch = def.plan(0).length;
  const totalSteps = stepsPerEpoch * opts.epochs;
  const run: Run<B> = {
    tf,
    def,
    opts,
    adam,
    state,
    varList: [...def.vars.values()],
    stepsPerEpoch,
    lrAt: (globalStep) => {
      const warm = opts.warmupSteps > 0 ? Math.min(1, (globalStep + 1) / opts.warmupSteps) : 1;
      const decay = 1 - (1 - opts.finalLrFactor) * Math.min(1, globalStep / Math.max(1, totalSteps));
      return opts.lr * warm * decay;
    },
    save: (epoch, step) => saveCheckpoint(def, opts, adam, print, state, epoch, step),
  };
  for (let epoch = state.epoch; epoch < opts.epochs; epoch++) {
    const first = epoch === state.epoch ? state.step : 0;
    const batches = def.plan(epoch);
    const totals = await trainEpoch(run, epoch, batches, first);
    await endEpoch(run, epoch, batches.length, totals);
  }
  if (state.best.values) writeVars(tf, def.vars, state.best.values, '');
  return { epochs: opts.epochs, bestEpoch: state.best.epoch, bestScore: state.best.score, history: state.history };
}

interface EpochTotals {
  started: number;
  lossSum: number;
  lossCount: number;
  tokens: number;
}

/** One Adam step on `batch`; returns its loss, refusing a loss that is not finite. */
async function step<B>(run: Run<B>, batch: B, lr: number, epoch: number, step: number): Promise<number> {
  const { tf, def, adam, state, varList } = run;
  const lossTensor = tf.tidy(() => {
    const lossFn = def.prepare(batch, state.rng);
    const { value, grads } = tf.variableGrads(lossFn as () => ReturnType<Tf['scalar']>, varList);
    adam.apply(grads, lr);
    return value;
  });
  // Read asynchronously: a GPU backend has no synchronous read-back in Node.
  const loss = ((await lossTensor.data()) as Float32Array)[0]!;
  lossTensor.dispose();
  if (!Number.isFinite(loss)) {
    throw new CoreError('INTERNAL', `${def.stage} diverged: loss is ${loss} at epoch ${epoch + 1}, step ${step + 1}`);
  }
  return loss;
}

/** The steps of one epoch from `first` on, with progress reports, step checkpoints and cancellation. */
async function trainEpoch<B>(run: Run<B>, epoch: number, batches: B[], first: number): Promise<EpochTotals> {
  const { def, opts } = run;
  const totals: EpochTotals = { started: performance.now(), lossSum: 0, lossCount: 0, tokens: 0 };
  let windowStart = totals.started;
  let windowTokens = 0;
  for (let s = first; s < batches.length; s++) {
    if (opts.signal?.aborted) {
      await run.save(epoch, s);
      throw new TrainingCancelled(def.stage, epoch, s);
    }
    const batch = batches[s]!;
    const loss = await step(run, batch, run.lrAt(epoch * run.stepsPerEpoch + s), epoch, s);
    totals.lossSum += loss;
    totals.lossCount += 1;
    const tokens = def.tokens(batch);
    windowTokens += tokens;
    totals.tokens += tokens;
    const now = performance.now();
    const tokensPerSec = windowTokens / Math.max(1e-6, (now - windowStart) / 1000);
    if (now - windowStart > 5000) {
      windowStart = now;
      windowTokens = 0;
    }
    const perStep = (now - totals.started) / 1000 / (s + 1 - first);
    const remaining = batches.length - s - 1 + (opts.epochs - epoch - 1) * run.stepsPerEpoch;
    // The last step of an epoch is reported once, after the dev score, by the epoch-end report.
    if (s + 1 < batches.length) {
      opts.onProgress?.({
        stage: def.stage,
        epoch: epoch + 1,
        epochs: opts.epochs,
        step: s + 1,
        steps: batches.length,
        loss,
        tokensPerSec,
        etaSec: remaining * perStep,
        devF1: null,
      });
    }
    if (opts.checkpointEvery > 0 && (s + 1) % opts.checkpointEvery === 0 && s + 1 < batches.length) await run.save(epoch, s + 1);
    // Let timers, IPC and the abort signal's listeners run between steps.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return totals;
}

/** The epoch's dev score, history row and best weights, its report, then its checkpoint. */
async function endEpoch<B>(run: Run<B>, epoch: number, steps: number, totals: EpochTotals): Promise<void> {
  const { def, opts, state } = run;
  const trainSeconds = (performance.now() - totals.started) / 1000;
  const score = await def.score();
  state.history.push({
    stage: def.stage,
    epoch: epoch + 1,
    loss: totals.lossCount > 0 ? totals.lossSum / totals.lossCount : 0,
    devF1: score,
    tokensPerSec: totals.tokens / Math.max(1e-6, trainSeconds),
    seconds: (performance.now() - totals.started) / 1000,
  });
  if (score === null || state.best.score === null || score > state.best.score) {
    state.best = { epoch: epoch + 1, score, values: score === null ? null : await readVars(def.vars) };
  }
  const last = state.history[state.history.length - 1]!;
  // Reported before it is saved: a run killed in between resumes from the previous checkpoint
  // and reports this epoch again (a listener records an epoch once, by its number), where the
  // other order would resume past an epoch nobody was told about.
  opts.onProgress?.({
    stage: def.stage,
    epoch: epoch + 1,
    epochs: opts.epochs,
    step: steps,
    steps,
    loss: last.loss,
    tokensPerSec: last.tokensPerSec,
    etaSec: (opts.epochs - epoch - 1) * last.seconds,
    devF1: score,
  });
  await run.save(epoch + 1, 0);
}
