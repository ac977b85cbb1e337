// Time left for a whole training run, and for the stage in progress. The engine reports each
// stage's own steps; the stages still to come are estimated from what this run has already shown
// of the machine's speed, scaled by their amount of data and by how costly each stage is per
// sentence compared with the teacher's recognizer. Those relative costs come from the project's
// own finished runs when it has any (same encoder), else from the figures measured on the demo
// project (DEFAULT_RELATIVE_COST). The estimate therefore improves as the run goes on: from the
// first steps' speed, then each finished epoch's wall time (dev scoring included), then the
// project's history.

import type { EpochMetrics, RunInfo, RunStage } from '../../src-main/contract/entities.js';
import type { RunProgress } from '../../src-main/contract/events.js';
import { DEFAULT_EVALUATOR_EPOCHS } from './training.js';

/** A progress event with the time it arrived, in seconds on any one clock. */
export interface TimedProgress {
  at: number;
  progress: RunProgress;
}

export interface StagePlan {
  stage: RunStage;
  epochs: number;
  /** Sentences one epoch goes through. */
  sentences: number;
}

/**
 * Seconds per epoch and sentence of each stage, as a multiple of the teacher recognizer's: the
 * mean of two demo runs of `npm run bench -- demo-run`, with and without a dictionary (the small
 * BiLSTM encoder on wasm; the evaluator scores 16 token pairs per sentence, the student runs both
 * teachers and itself on each target sentence, prediction is one forward pass). The two runs
 * differed by up to 1.7 times per stage on a shared machine, which is why a project's own
 * finished runs replace these.
 */
export const DEFAULT_RELATIVE_COST: Record<RunStage, number> = {
  'teacher-recognizer': 1,
  'teacher-evaluator': 0.77,
  student: 1.23,
  predict: 0.23,
  evaluate: 0.23,
};

interface RunConfigView {
  mode?: 'teacher' | 'pipeline';
  epochs?: number;
  evaluatorEpochs?: number;
  studentEpochs?: number;
  predictAfter?: boolean;
  useTargetGold?: boolean;
  engine?: { evaluatorEpochs?: number };
  data?: { sourceSentences?: number; targetGoldSentences?: number; targetSentences?: number };
}

/** The stages a run goes through, with their epochs and sentences per epoch (null before its data is known). */
export function runPlan(run: RunInfo): StagePlan[] {
  const c = run.config as RunConfigView;
  if (run.kind === 'predict') return [{ stage: 'predict', epochs: 1, sentences: 1 }];
  const source = (c.data?.sourceSentences ?? 0) + (c.useTargetGold ? (c.data?.targetGoldSentences ?? 0) : 0);
  const target = c.data?.targetSentences ?? 0;
  const plan: StagePlan[] = [
    { stage: 'teacher-recognizer', epochs: c.epochs ?? 10, sentences: source },
    { stage: 'teacher-evaluator', epochs: c.evaluatorEpochs ?? c.engine?.evaluatorEpochs ?? DEFAULT_EVALUATOR_EPOCHS, sentences: source },
  ];
  if (c.mode === 'pipeline' && (c.studentEpochs ?? 0) > 0 && target > 0)
    plan.push({ stage: 'student', epochs: c.studentEpochs!, sentences: target });
  // Prediction tags the target's unreviewed sentences, which are about the student's target text.
  if (c.predictAfter) plan.push({ stage: 'predict', epochs: 1, sentences: Math.max(1, target) });
  return plan;
}

/** What the live estimate keeps of a run's progress: the stage in progress's recent reports. */
export interface ProgressTrack {
  recent: TimedProgress[];
}

// Reports kept per run (a few per second arrive), and the span the speed is read over: the
// first steps of a run are slow (the engine warms up), so the speed comes from the latest ones.
const MAX_RECENT = 60;
const WINDOW_SECONDS = 10;
// No speed from fewer steps than this over less time than that: two early reports say little.
const MIN_STEPS = 10;
const MIN_SECONDS = 3;

const globalStep = (p: RunProgress): number => (p.epoch - 1) * p.steps + p.step;

export function trackProgress(track: ProgressTrack | null, sample: TimedProgress): ProgressTrack {
  const last = track?.recent.at(-1);
  const sameStage =
    last !== undefined && last.progress.stage === sample.progress.stage && globalStep(sample.progress) >= globalStep(last.progress);
  const recent = sameStage ? [...track!.recent, sample] : [sample];
  return { recent: recent.length > MAX_RECENT ? recent.slice(-MAX_RECENT) : recent };
}

/** Seconds per step of the stage in progress over its latest reports (dev scoring between epochs included), or null while too few. */
function stepSeconds(track: ProgressTrack): number | null {
  const last = track.recent.at(-1)!;
  const from = track.recent.find((s) => s.at >= last.at - WINDOW_SECONDS) ?? last;
  const steps = globalStep(last.progress) - globalStep(from.progress);
  const seconds = last.at - from.at;
  if (steps <= 0 || seconds <= 0 || (steps < MIN_STEPS && seconds < MIN_SECONDS)) return null;
  return seconds / steps;
}

/**
 * Wall seconds of one epoch of `stage` in this run: its latest finished epoch (not the first,
 * which includes start-up), else its recent step speed. The latest rather than a mean, because
 * a machine's load changes during a run: on a shared one, epochs of the same stage took from 14
 * to 97 s, and the latest epoch foretold the next ones best (checked with the demo-run bench's
 * progress traces).
 */
function epochSeconds(stage: RunStage, metrics: readonly EpochMetrics[], track: ProgressTrack | null): number | null {
  const done = metrics.filter((m) => m.stage === stage).map((m) => m.seconds);
  if (done.length > 1) return done.at(-1)!;
  const last = track?.recent.at(-1);
  if (track && last && last.progress.stage === stage) {
    const perStep = stepSeconds(track);
    if (perStep !== null) return perStep * last.progress.steps;
  }
  return done[0] ?? null;
}

/** Seconds per epoch and sentence of every stage relative to the recognizer, from the newest finished run with this encoder. */
export function relativeCosts(history: readonly RunInfo[], encoder: unknown): Record<RunStage, number> {
  const costs = { ...DEFAULT_RELATIVE_COST };
  const run = history.find((r) => r.status === 'completed' && r.kind !== 'predict' && r.config['encoder'] === encoder);
  if (!run) return costs;
  const plan = runPlan(run);
  const perSentence = (s: StagePlan): number | null => {
    const t = epochSeconds(s.stage, run.metrics, null);
    return t === null || s.sentences <= 0 ? null : t / s.sentences;
  };
  const base = plan[0] ? perSentence(plan[0]) : null;
  if (base === null || base <= 0) return costs;
  for (const s of plan.slice(1)) {
    const t = perSentence(s);
    if (t !== null) costs[s.stage] = t / base;
  }
  return costs;
}

export interface Eta {
  /** Seconds left in the stage in progress, or null while unknown. */
  stage: number | null;
  /** Seconds left in the whole run, or null while unknown. */
  total: number | null;
}

/**
 * Time left at `now` (the clock of the samples). `track` is the run's latest progress, `metrics`
 * its finished epochs, `costs` the stages' relative costs (relativeCosts).
 */
export function estimateEta(run: RunInfo, track: ProgressTrack | null, now: number, costs: Record<RunStage, number>): Eta {
  const plan = runPlan(run);
  const stage = track?.recent.at(-1)?.progress.stage ?? run.stage;
  const index = plan.findIndex((s) => s.stage === stage);
  if (index < 0) return { stage: null, total: null };
  // This run's speed: seconds per epoch and sentence at recognizer cost, from the latest stage that shows it.
  let unit: number | null = null;
  for (const s of plan.slice(0, index + 1)) {
    const t = epochSeconds(s.stage, run.metrics, track);
    if (t !== null && s.sentences > 0) unit = t / s.sentences / costs[s.stage];
  }
  const current = plan[index]!;
  let stageLeft: number | null = null;
  const perEpoch =
    epochSeconds(current.stage, run.metrics, track) ?? (unit === null ? null : unit * costs[current.stage] * current.sentences);
  const last = track?.recent.at(-1);
  if (perEpoch !== null && last !== undefined && last.progress.stage === current.stage) {
    const p = last.progress;
    const left = current.epochs - p.epoch + (p.steps > 0 ? 1 - p.step / p.steps : 0);
    stageLeft = Math.max(0, perEpoch * left - (now - last.at));
  }
  if (stageLeft === null || unit === null) return { stage: stageLeft, total: null };
  let total = stageLeft;
  for (const s of plan.slice(index + 1)) total += unit * costs[s.stage] * s.sentences * s.epochs;
  return { stage: stageLeft, total };
}

/** One point of an estimate checked against what really happened (the demo-run bench). */
export interface EtaCheck {
  at: number;
  /** Share of the run's time gone, 0..1. */
  share: number;
  remaining: number;
  actual: number;
}

/**
 * Replays a finished run's progress events through the live estimate: the first whole-run
 * estimate, then the ones nearest 25%, 50% and 75% of the run, each against the time really left.
 * The metrics a live screen has are the epochs finished before each event.
 */
export function replayEta(run: RunInfo, trace: readonly TimedProgress[], seconds: number, history: readonly RunInfo[] = []): EtaCheck[] {
  const costs = relativeCosts(history, run.config['encoder']);
  const checks: EtaCheck[] = [];
  const marks = [0.25, 0.5, 0.75];
  let track: ProgressTrack | null = null;
  const finished: EpochMetrics[] = [];
  for (const sample of trace) {
    track = trackProgress(track, sample);
    const p = sample.progress;
    if (p.step === p.steps && p.stage !== 'predict') {
      const m = run.metrics.find((x) => x.stage === p.stage && x.epoch === p.epoch);
      if (m && !finished.includes(m)) finished.push(m);
    }
    const eta = estimateEta({ ...run, metrics: finished }, track, sample.at, costs);
    if (eta.total === null) continue;
    const check = { at: sample.at, share: sample.at / seconds, remaining: eta.total, actual: seconds - sample.at };
    if (checks.length === 0) checks.push(check);
    else if (marks.length > 0 && check.share >= marks[0]!) {
      marks.shift();
      checks.push(check);
    }
  }
  return checks;
}
