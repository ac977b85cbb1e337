import { describe, expect, it } from 'vitest';
import type { EpochMetrics, RunInfo, SplitCount } from '../../../../src-main/contract/entities.js';
import {
  canResume,
  configProblem,
  dataCounts,
  defaultConfig,
  devName,
  epochSummary,
  finalDevF1,
  formatDuration,
  runSummary,
  stageCurves,
  stageFraction,
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
      evaluatorEpochs: 2,
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
    expect(dataCounts(c, COUNTS)).toEqual({ source: 22, targetGold: 3, target: 50, targetDev: 4, sourceDev: 5 });
    expect(dataCounts({ ...c, sourceSplits: ['train', 'dev'] }, COUNTS).source).toBe(27);
    expect(configProblem(c, COUNTS)).toBeNull();
    expect(configProblem({ ...c, sourceLangs: [] }, COUNTS)).toBe('Choose at least one source language.');
    expect(configProblem({ ...c, sourceSplits: [] }, COUNTS)).toBe('Choose at least one source split.');
    expect(configProblem({ ...c, epochs: 0 }, COUNTS)).toMatch(/Recognizer epochs/);
    expect(configProblem({ ...c, batchSize: 8 }, COUNTS)).toBeNull();
    expect(configProblem({ ...c, batchSize: 0 }, COUNTS)).toMatch(/batch size must be a whole number from 1 to 1024/);
    expect(configProblem({ ...c, batchSize: 2.5 }, COUNTS)).toMatch(/batch size/);
    expect(configProblem({ ...c, evaluatorEpochs: 0 }, COUNTS)).toMatch(/Evaluator epochs/);
    expect(configProblem({ ...c, evaluatorEpochs: undefined }, COUNTS)).toBeNull();
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
      'en+de (train) → es · small · 10 recognizer · 2 evaluator · 2 student epochs · without β · best epoch on es dev · with target gold · seed 7',
    );
    expect(runSummary(run({ config: { ...config, kd: true } }))).toContain('plain KD');
    expect(runSummary(run({ config: { ...config, consistentTypes: true } }))).toContain('without β · consistent types · best epoch on');
    expect(runSummary(run({ config: { ...config, mode: 'teacher' } }))).toContain('10 recognizer · 2 evaluator epochs (teacher only)');
    expect(epochSummary({ mode: 'pipeline', epochs: 3, evaluatorEpochs: 1, studentEpochs: 4 })).toBe(
      '3 recognizer · 1 evaluator · 4 student epochs',
    );
    expect(devName({ selectOn: 'source-dev', sourceLangs: ['en', 'de'], targetLang: 'es' })).toBe('en+de dev');
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
  it('draws each stage against its own epochs, the loss and the dev score in percent, the same live as stored', () => {
    const metrics = [
      metric('teacher-recognizer', 2, 1, 0.5),
      metric('teacher-recognizer', 1, 1.5, 0.3),
      metric('teacher-evaluator', 1, 0.7, 0.8),
      metric('student', 1, 0.2, null),
      metric('student', 2, 0.1, null),
    ];
    expect(stageCurves(metrics, 'teacher-recognizer')).toEqual({
      x: [1, 2],
      series: [
        { label: 'training loss', unit: 'loss', values: [1.5, 1] },
        { label: 'dev F1', unit: 'score', values: [30, 50] },
      ],
    });
    expect(stageCurves(metrics, 'teacher-evaluator').series.map((s) => s.label)).toEqual(['training loss', 'dev pair accuracy']);
    // Without a dev set there is no score series, and a stage not reached has no points.
    expect(stageCurves(metrics, 'student')).toEqual({ x: [1, 2], series: [{ label: 'training loss', unit: 'loss', values: [0.2, 0.1] }] });
    expect(stageCurves(metrics, 'predict')).toEqual({ x: [], series: [{ label: 'training loss', unit: 'loss', values: [] }] });
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
