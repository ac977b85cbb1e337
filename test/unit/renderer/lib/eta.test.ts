import { describe, expect, it } from 'vitest';
import type { EpochMetrics, RunInfo, RunStage } from '../../../../src-main/contract/entities.js';
import type { RunProgress } from '../../../../src-main/contract/events.js';
import {
  DEFAULT_RELATIVE_COST,
  estimateEta,
  relativeCosts,
  replayEta,
  runPlan,
  trackProgress,
  type ProgressTrack,
  type TimedProgress,
} from '../../../../src-renderer/lib/eta.js';

const CONFIG = {
  mode: 'pipeline',
  epochs: 4,
  evaluatorEpochs: 2,
  studentEpochs: 2,
  predictAfter: true,
  encoder: 'small',
  data: { sourceSentences: 1000, targetGoldSentences: 0, targetSentences: 2000 },
};

function run(over: Partial<RunInfo> = {}): RunInfo {
  return {
    id: 1,
    kind: 'pipeline',
    status: 'running',
    stage: 'teacher-recognizer',
    config: CONFIG,
    metrics: [],
    backend: 'wasm',
    error: null,
    checkpointDir: '/x',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    modelIds: [],
    ...over,
  };
}

const epoch = (stage: RunStage, n: number, seconds: number): EpochMetrics => ({
  stage,
  epoch: n,
  loss: 1,
  devF1: 0.5,
  tokensPerSec: 1,
  seconds,
});

function progress(stage: RunStage, e: number, step: number, steps = 100): RunProgress {
  return { runId: 1, stage, epoch: e, epochs: 4, step, steps, loss: 1, tokensPerSec: 1, etaSec: null, devF1: null, backend: 'wasm' };
}

/** Reports every `every` steps of `stage` at `perStep` seconds a step, from `t0`. */
function steps(stage: RunStage, e: number, from: number, to: number, t0: number, perStep: number, every = 5, of = 100): TimedProgress[] {
  const out: TimedProgress[] = [];
  for (let s = from; s <= to; s += every) out.push({ at: t0 + (s - from) * perStep, progress: progress(stage, e, s, of) });
  return out;
}

function track(samples: TimedProgress[]): ProgressTrack | null {
  return samples.reduce<ProgressTrack | null>((t, s) => trackProgress(t, s), null);
}

describe('run plan', () => {
  it('lists every stage with its epochs and sentences, the evaluator’s default 2 when unset', () => {
    expect(runPlan(run())).toEqual([
      { stage: 'teacher-recognizer', epochs: 4, sentences: 1000 },
      { stage: 'teacher-evaluator', epochs: 2, sentences: 1000 },
      { stage: 'student', epochs: 2, sentences: 2000 },
      { stage: 'predict', epochs: 1, sentences: 2000 },
    ]);
    const teacherOnly = runPlan(run({ config: { ...CONFIG, mode: 'teacher', evaluatorEpochs: undefined, predictAfter: false } }));
    expect(teacherOnly.map((s) => `${s.stage}:${s.epochs}`)).toEqual(['teacher-recognizer:4', 'teacher-evaluator:2']);
    expect(runPlan(run({ kind: 'predict', config: {} })).map((s) => s.stage)).toEqual(['predict']);
  });
});

describe('time left', () => {
  it('says nothing from the first few reports, then reads the stage’s speed from its latest steps', () => {
    // Warm-up: the first 10 steps of 200 take 1 s each, then 0.1 s each.
    const slow = steps('teacher-recognizer', 1, 1, 11, 0, 1, 1, 200);
    expect(estimateEta(run(), track(slow.slice(0, 3)), 2, DEFAULT_RELATIVE_COST)).toEqual({ stage: null, total: null });
    const fast = steps('teacher-recognizer', 1, 11, 191, 10, 0.1, 5, 200);
    const t = track([...slow, ...fast]);
    const eta = estimateEta(run(), t, 28, DEFAULT_RELATIVE_COST);
    // 0.1 s a step over the last 10 s, none of them warm-up: 20 s an epoch, 0.045 of epoch 1 and 3 more epochs left.
    expect(eta.stage).toBeCloseTo(20 * 3.045, 5);
    // Later stages at the default relative costs, scaled by their sentences and epochs.
    const unit = 20 / 1000;
    const later =
      unit *
      (2 * 1000 * DEFAULT_RELATIVE_COST['teacher-evaluator'] +
        2 * 2000 * DEFAULT_RELATIVE_COST.student +
        2000 * DEFAULT_RELATIVE_COST.predict);
    expect(eta.total).toBeCloseTo(eta.stage! + later, 5);
    // Time passing without a report counts down.
    expect(estimateEta(run(), t, 33, DEFAULT_RELATIVE_COST).stage).toBeCloseTo(eta.stage! - 5, 5);
  });

  it('prefers the stage’s latest finished epoch past the first, and learns the stages’ relative costs from a finished run', () => {
    const metrics = [epoch('teacher-recognizer', 1, 30), epoch('teacher-recognizer', 2, 12), epoch('teacher-recognizer', 3, 8)];
    const t = track(steps('teacher-recognizer', 4, 1, 51, 100, 0.5, 10));
    const eta = estimateEta(run({ metrics }), t, 125, DEFAULT_RELATIVE_COST);
    // The latest epoch (8 s), not the first (start-up) nor a mean: the machine's load changes.
    expect(eta.stage).toBeCloseTo(8 * 0.49, 5);

    const done = run({
      id: 0,
      status: 'completed',
      metrics: [
        epoch('teacher-recognizer', 1, 20),
        epoch('teacher-recognizer', 2, 10),
        epoch('teacher-evaluator', 1, 9),
        epoch('teacher-evaluator', 2, 5),
        epoch('student', 1, 50),
        epoch('student', 2, 40),
      ],
    });
    const costs = relativeCosts([done], 'small');
    // Per sentence against the recognizer's 10 s / 1000: evaluator 5 / 1000, student 40 / 2000.
    expect(costs['teacher-evaluator']).toBeCloseTo(0.5, 5);
    expect(costs.student).toBeCloseTo(2, 5);
    expect(costs.predict).toBe(DEFAULT_RELATIVE_COST.predict);
    expect(relativeCosts([done], 'small-cnn')).toEqual(DEFAULT_RELATIVE_COST);
    expect(relativeCosts([{ ...done, status: 'failed' }], 'small')).toEqual(DEFAULT_RELATIVE_COST);
  });

  it('estimates a later stage from its own reports once it runs, and nothing for a run that is not live', () => {
    const metrics = [
      epoch('teacher-recognizer', 1, 10),
      epoch('teacher-recognizer', 2, 10),
      epoch('teacher-evaluator', 1, 5),
      epoch('teacher-evaluator', 2, 5),
    ];
    const t = track(steps('student', 1, 1, 41, 50, 0.25, 5));
    const eta = estimateEta(run({ stage: 'student', metrics }), t, 60, DEFAULT_RELATIVE_COST);
    // 25 s an epoch: 0.59 of epoch 1 and 1 more epoch; prediction at the run's own recognizer speed.
    expect(eta.stage).toBeCloseTo(25 * 1.59, 5);
    expect(eta.total).toBeCloseTo(eta.stage! + (25 / 2000 / DEFAULT_RELATIVE_COST.student) * DEFAULT_RELATIVE_COST.predict * 2000, 5);
    expect(estimateEta(run({ stage: null }), null, 0, DEFAULT_RELATIVE_COST)).toEqual({ stage: null, total: null });
  });

  it('replays a run’s reports: the first estimate, then the ones at a quarter, half and three quarters', () => {
    const trace = [
      ...steps('teacher-recognizer', 1, 1, 96, 0, 0.1, 5),
      ...steps('teacher-recognizer', 2, 1, 96, 10, 0.1, 5),
      ...steps('teacher-recognizer', 3, 1, 96, 20, 0.1, 5),
      ...steps('teacher-recognizer', 4, 1, 96, 30, 0.1, 5),
    ];
    const finished = run({ status: 'completed', config: { ...CONFIG, mode: 'teacher', predictAfter: false, evaluatorEpochs: 1 } });
    const checks = replayEta(finished, trace, 50);
    expect(checks).toHaveLength(4);
    checks.slice(1).forEach((c, i) => expect(c.share).toBeGreaterThanOrEqual([0.25, 0.5, 0.75][i]!));
    for (const c of checks) {
      expect(c.actual).toBeCloseTo(50 - c.at, 5);
      expect(c.remaining).toBeGreaterThan(0);
    }
  });
});
