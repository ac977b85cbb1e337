import { describe, expect, it } from 'vitest';
import type { EpochMetrics, RunInfo, SplitCount } from '../../../../src-main/contract/entities.js';
import {
  canResume,
  configProblem,
  dataCounts,
  defaultConfig,
  devCurves,
  finalDevF1,
  formatDuration,
  lossCurves,
  lossPoint,
  runSummary,
  stageFraction,
  stagesOf,
} from '../../../../src-renderer/lib/training.js';
import { labelledSplits, scoreRows, type Evaluation } from '../../../../src-renderer/lib/evaluation.js';

const count = (lang: string, split: SplitCount['split'], c: Partial<SplitCount>): SplitCount => ({
  lang,
  split,
  total: 0,
  unlabelled: 0,
  predicted: 0,
  gold: 0,
  corrected: 0,
  ...c,
});

const COUNTS: SplitCount[] = [
  count('de', 'unlabelled', { unlabelled: 3 }),
  count('en', 'train', { gold: 20, corrected: 2 }),
  count('en', 'dev', { gold: 5 }),
  count('es', 'unlabelled', { unlabelled: 40, predicted: 10, gold: 1 }),
  count('es', 'train', { corrected: 2 }),
  count('es', 'dev', { gold: 4 }),
  count('es', 'test', { gold: 9 }),
];

function run(over: Partial<RunInfo>): RunInfo {
  return {
    id: 3,
    kind: 'pipeline',
    status: 'completed',
    stage: null,
    config: {},
    metrics: [],
    backend: 'wasm',
    error: null,
    checkpointDir: '/p/runs/3/checkpoints',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    modelIds: [],
    ...over,
  };
}

const metric = (stage: EpochMetrics['stage'], epoch: number, loss: number, devF1: number | null): EpochMetrics => ({
  stage,
  epoch,
  loss,
  devF1,
  tokensPerSec: 100,
  seconds: 1,
});

describe('the run form', () => {
  it('defaults to the labelled languages as source and the language with most unreviewed text as target', () => {
    const c = defaultConfig(['de', 'en', 'es'], COUNTS);
    expect(c).toMatchObject({
      sourceLangs: ['en'],
      sourceSplits: ['train'],
      targetLang: 'es',
      mode: 'pipeline',
      encoder: 'small',
      epochs: 10,
      studentEpochs: 2,
    });
    expect([c.alpha, c.beta, c.gamma, c.kd, c.useTargetGold, c.predictAfter, c.consistentTypes]).toEqual([
      true,
      true,
      true,
      false,
      false,
      true,
      true,
    ]);
    expect(c.selectOn).toBe('target-dev');
    // Without labelled target dev sentences the source dev is the one that exists.
    expect(defaultConfig(['en', 'de'], COUNTS).selectOn).toBe('source-dev');
    expect(defaultConfig(['en', 'de'], COUNTS).targetLang).toBe('de');
  });

  it('counts the data a setting would use, and says what stops it from starting', () => {
    const c = defaultConfig(['de', 'en', 'es'], COUNTS);
    expect(dataCounts(c, COUNTS)).toEqual({ source: 22, targetGold: 3, target: 50, targetDev: 4 });
    expect(dataCounts({ ...c, sourceSplits: ['train', 'dev'] }, COUNTS).source).toBe(27);
    expect(configProblem(c, COUNTS)).toBeNull();
    expect(configProblem({ ...c, sourceLangs: [] }, COUNTS)).toBe('Choose at least one source language.');
    expect(configProblem({ ...c, sourceSplits: [] }, COUNTS)).toBe('Choose at least one source split.');
    expect(configProblem({ ...c, epochs: 0 }, COUNTS)).toMatch(/Teacher epochs/);
    expect(configProblem({ ...c, sourceLangs: ['de'] }, COUNTS)).toMatch(/no labelled .* in de train/);
    // Confirmed target sentences alone can train a teacher when asked to.
    expect(configProblem({ ...c, sourceLangs: ['de'], useTargetGold: true }, COUNTS)).toBeNull();
    expect(configProblem({ ...c, targetLang: 'en' }, COUNTS)).toMatch(/needs unlabelled en sentences/);
    expect(configProblem({ ...c, targetLang: 'en', mode: 'teacher' }, COUNTS)).toBeNull();
  });
});

describe('runs at a glance', () => {
  it('summarises settings, naming switched-off weights and plain distillation', () => {
    const config = {
      sourceLangs: ['en', 'de'],
      sourceSplits: ['train'],
      targetLang: 'es',
      mode: 'pipeline',
      encoder: 'small',
      epochs: 10,
      studentEpochs: 2,
      alpha: true,
      beta: false,
      gamma: true,
      kd: false,
      selectOn: 'target-dev',
      useTargetGold: true,
      seed: 7,
    };
    expect(runSummary(run({ config }))).toBe(
      'en+de (train) → es · small · 10 teacher + 2 student epochs · without β · select on target-dev · with target gold · seed 7',
    );
    expect(runSummary(run({ config: { ...config, kd: true } }))).toContain('plain KD');
    expect(runSummary(run({ config: { ...config, consistentTypes: true } }))).toContain('without β · consistent types · select on');
    expect(runSummary(run({ config: { ...config, mode: 'teacher' } }))).toContain('teacher only, 10 epochs');
    expect(runSummary(run({ kind: 'predict', config: { modelId: 4, lang: 'es', splits: ['unlabelled'] } }))).toBe(
      'predict es (unlabelled) with model 4',
    );
  });

  it('takes the best student dev F1, else the teacher’s, and offers resume only with a checkpoint', () => {
    const metrics = [
      metric('teacher-recognizer', 1, 1, 0.4),
      metric('teacher-recognizer', 2, 0.5, 0.6),
      metric('teacher-evaluator', 1, 0.7, 0.9),
      metric('student', 1, 0.2, 0.55),
      metric('student', 2, 0.1, 0.5),
    ];
    expect(finalDevF1(metrics)).toEqual({ stage: 'student', f1: 0.55 });
    expect(finalDevF1(metrics.slice(0, 3))).toEqual({ stage: 'teacher-recognizer', f1: 0.6 });
    expect(finalDevF1([metric('teacher-recognizer', 1, 1, null)])).toBeNull();
    expect(canResume(run({ status: 'failed' }))).toBe(true);
    expect(canResume(run({ status: 'cancelled' }))).toBe(true);
    expect(canResume(run({ status: 'failed', checkpointDir: null }))).toBe(false);
    expect(canResume(run({ status: 'completed' }))).toBe(false);
    expect(canResume(run({ status: 'running' }))).toBe(false);
    expect(stagesOf('teacher', true)).toEqual(['teacher-recognizer', 'teacher-evaluator', 'predict']);
    expect(stagesOf('pipeline', false)).toEqual(['teacher-recognizer', 'teacher-evaluator', 'student']);
  });

  it('measures progress within a stage and writes times at a sensible precision', () => {
    expect(stageFraction({ epoch: 1, epochs: 4, step: 5, steps: 10 })).toBe(0.125);
    expect(stageFraction({ epoch: 4, epochs: 4, step: 10, steps: 10 })).toBe(1);
    expect(stageFraction({ epoch: 1, epochs: 0, step: 0, steps: 0 })).toBe(0);
    expect([formatDuration(0.4), formatDuration(59.6), formatDuration(200), formatDuration(600), formatDuration(3900)]).toEqual([
      '0 s',
      '1 min',
      '3 min 20 s',
      '10 min',
      '1 h 05 min',
    ]);
  });
});

describe('curves', () => {
  it('lines up live loss readings and epoch means per stage on one x axis; a later reading at the same x wins', () => {
    const progress = { runId: 1, epochs: 2, tokensPerSec: 1, etaSec: null, devF1: null, backend: 'cpu' };
    const live = [
      lossPoint({ ...progress, stage: 'teacher-recognizer', epoch: 1, step: 2, steps: 4, loss: 2 }),
      lossPoint({ ...progress, stage: 'teacher-recognizer', epoch: 1, step: 4, steps: 4, loss: 1.9 }),
      lossPoint({ ...progress, stage: 'predict', epoch: 1, step: 1, steps: 1, loss: 0 }),
    ];
    expect(live[0]!.x).toBe(0.5);
    const data = lossCurves([metric('teacher-recognizer', 1, 1.5, 0.3), metric('student', 1, 0.2, 0.4)], live);
    expect(data.x).toEqual([0.5, 1]);
    expect(data.series.map((s) => [s.label, s.values])).toEqual([
      ['teacher recognizer', [2, 1.5]],
      ['student', [null, 0.2]],
    ]);
    const dev = devCurves([
      metric('teacher-recognizer', 1, 1, 0.3),
      metric('teacher-recognizer', 2, 1, 0.5),
      metric('teacher-evaluator', 1, 1, 0.8),
      metric('student', 1, 1, null),
    ]);
    expect(dev.x).toEqual([1, 2]);
    expect(dev.series.map((s) => [s.label, s.values])).toEqual([
      ['teacher recognizer (dev F1)', [0.3, 0.5]],
      ['teacher evaluator (pair accuracy)', [0.8, null]],
    ]);
    expect(lossCurves([])).toEqual({ x: [], series: [] });
  });
});

describe('evaluation helpers', () => {
  it('offers labelled splits, dev first, and puts both models’ labels in one sorted table', () => {
    expect(labelledSplits(COUNTS).map((o) => `${o.lang}/${o.split}:${o.labelled}`)).toEqual([
      'en/dev:5',
      'es/dev:4',
      'es/test:9',
      'en/train:22',
      'es/train:2',
      'es/unlabelled:1',
    ]);
    const score = (f1: number, support: number) => ({ precision: f1, recall: f1, f1, support });
    const evaluation = (perType: Record<string, ReturnType<typeof score>>): Evaluation => ({
      modelId: 1,
      report: { precision: 0, recall: 0, f1: 0, perType, spans: { precision: 0, recall: 0, f1: 0 }, confusion: { labels: [], matrix: [] } },
      worst: [],
    });
    const rows = scoreRows(evaluation({ PER: score(0.5, 4), LOC: score(0.25, 2) }), evaluation({ ORG: score(1, 1), PER: score(0.75, 4) }));
    expect(rows.map((r) => [r.label, r.teacher?.f1 ?? null, r.student?.f1 ?? null])).toEqual([
      ['LOC', 0.25, null],
      ['ORG', null, 1],
      ['PER', 0.5, 0.75],
    ]);
    expect(scoreRows(null, null)).toEqual([]);
  });
});
