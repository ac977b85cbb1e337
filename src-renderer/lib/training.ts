// Pure helpers for the Train and Evaluate screens: the default run settings for a project, how a
// run reads at a glance, and progress, time and curve figures from progress events and metrics.

import type { TrainingConfig } from '../../src-main/contract/api.js';
import type { EpochMetrics, RunInfo, RunStage, SplitCount } from '../../src-main/contract/entities.js';
import type { RunProgress } from '../../src-main/contract/events.js';

export const STAGE_NAMES: Record<RunStage, string> = {
  'teacher-recognizer': 'teacher recognizer',
  'teacher-evaluator': 'teacher evaluator',
  student: 'student',
  predict: 'predicting target sentences',
  evaluate: 'evaluating',
};

/** The stages a run of this mode passes through, in order. */
export function stagesOf(mode: TrainingConfig['mode'], predictAfter: boolean): RunStage[] {
  const stages: RunStage[] = ['teacher-recognizer', 'teacher-evaluator'];
  if (mode === 'pipeline') stages.push('student');
  if (predictAfter) stages.push('predict');
  return stages;
}

// The engine's own defaults (core/ml teacher.ts and student.ts): 10 recognizer epochs and 2
// student epochs, the settings docs/DECISIONS.md measured.
export const DEFAULT_EPOCHS = 10;
export const DEFAULT_STUDENT_EPOCHS = 2;

/** How the Train form presents the built-in small encoders; the engine's own list comes from encoders.list. */
export const ENCODERS: { value: string; label: string; help: string }[] = [
  {
    value: 'small',
    label: 'small (BiLSTM)',
    help: 'Word, character and casing features into a BiLSTM, trained from scratch: the best measured of the small encoders.',
  },
  {
    value: 'small-transformer',
    label: 'small transformer',
    help: 'The same features into a 2-layer transformer; measured weaker zero-shot on other languages (many false positives).',
  },
  { value: 'small-cnn', label: 'small CNN', help: 'The same features into a convolutional encoder; compare it with the BiLSTM on dev F1.' },
];

const labelled = (c: SplitCount) => c.gold + c.corrected;
const unreviewed = (c: SplitCount) => c.unlabelled + c.predicted;
/** Target splits the student learns from (core/jobs/training-data.ts: dev and test stay out). */
const TARGET_SPLITS = new Set(['unlabelled', 'train']);

/**
 * Settings that work on this project: the languages with labelled train sentences as the source,
 * and the language with the most unreviewed sentences outside them as the target.
 */
export function defaultConfig(languages: readonly string[], counts: readonly SplitCount[]): TrainingConfig {
  const trainLabelled = new Map<string, number>();
  const targetText = new Map<string, number>();
  for (const c of counts) {
    if (c.split === 'train') trainLabelled.set(c.lang, (trainLabelled.get(c.lang) ?? 0) + labelled(c));
    if (TARGET_SPLITS.has(c.split)) targetText.set(c.lang, (targetText.get(c.lang) ?? 0) + unreviewed(c));
  }
  const sources = languages.filter((l) => (trainLabelled.get(l) ?? 0) > 0);
  const sourceLangs = sources.length > 0 ? sources.slice(0, 1) : languages.slice(0, 1);
  const others = languages.filter((l) => !sourceLangs.includes(l));
  const targetLang = [...others].sort((a, b) => (targetText.get(b) ?? 0) - (targetText.get(a) ?? 0))[0] ?? languages[0] ?? '';
  const hasTargetDev = counts.some((c) => c.lang === targetLang && c.split === 'dev' && labelled(c) > 0);
  return {
    sourceLangs,
    sourceSplits: ['train'],
    targetLang,
    mode: 'pipeline',
    encoder: 'small',
    epochs: DEFAULT_EPOCHS,
    studentEpochs: DEFAULT_STUDENT_EPOCHS,
    alpha: true,
    beta: true,
    gamma: true,
    kd: false,
    // The paper selects on target dev; without labelled target dev the source dev is what there is.
    selectOn: hasTargetDev ? 'target-dev' : 'source-dev',
    useTargetGold: false,
    seed: 1,
    predictAfter: true,
    consistentTypes: true,
  };
}

/** Sentence counts the form shows beside its choices, from the per-split counts. */
export function dataCounts(
  config: TrainingConfig,
  counts: readonly SplitCount[],
): { source: number; targetGold: number; target: number; targetDev: number } {
  let source = 0;
  let targetGold = 0;
  let target = 0;
  let targetDev = 0;
  for (const c of counts) {
    if (config.sourceLangs.includes(c.lang) && config.sourceSplits.includes(c.split)) source += labelled(c);
    if (c.lang !== config.targetLang) continue;
    if (TARGET_SPLITS.has(c.split)) {
      target += unreviewed(c);
      targetGold += labelled(c);
    }
    if (c.split === 'dev') targetDev += labelled(c);
  }
  return { source, targetGold, target, targetDev };
}

/** Why the form cannot start a run yet, or null. */
export function configProblem(config: TrainingConfig, counts: readonly SplitCount[]): string | null {
  if (config.sourceLangs.length === 0) return 'Choose at least one source language.';
  if (config.sourceSplits.length === 0) return 'Choose at least one source split.';
  if (!config.targetLang) return 'Choose the target language.';
  if (!Number.isInteger(config.epochs) || config.epochs < 1) return 'Teacher epochs must be a whole number of at least 1.';
  if (!Number.isInteger(config.studentEpochs) || config.studentEpochs < 0) return 'Student epochs must be a whole number of at least 0.';
  if (!Number.isInteger(config.seed) || config.seed < 0) return 'The seed must be a whole number of at least 0.';
  const n = dataCounts(config, counts);
  if (n.source + (config.useTargetGold ? n.targetGold : 0) === 0) {
    return `There are no labelled (gold or corrected) sentences in ${config.sourceLangs.join(', ')} ${config.sourceSplits.join(', ')}: import or label some first.`;
  }
  if (config.mode === 'pipeline' && config.studentEpochs > 0 && n.target === 0) {
    return `The student needs unlabelled ${config.targetLang} sentences (split unlabelled or train): import some first.`;
  }
  return null;
}

/** A run's settings as the form sent them (the core stores them with the run). */
export function runConfig(run: RunInfo): Partial<TrainingConfig> {
  return run.config as Partial<TrainingConfig>;
}

/** One line describing a run's settings: languages, encoder, epochs and the switched-off weights. */
export function runSummary(run: RunInfo): string {
  const c = runConfig(run);
  if (run.kind === 'predict') {
    const p = run.config as { modelId?: number; lang?: string; splits?: string[] };
    return `predict ${p.lang ?? '?'} (${(p.splits ?? []).join(', ')}) with model ${p.modelId ?? '?'}`;
  }
  const parts = [
    `${(c.sourceLangs ?? []).join('+')} (${(c.sourceSplits ?? []).join(', ')}) → ${c.targetLang ?? '?'}`,
    c.encoder ?? 'small',
  ];
  parts.push(
    c.mode === 'pipeline'
      ? `${c.epochs ?? '?'} teacher + ${c.studentEpochs ?? '?'} student epochs`
      : `teacher only, ${c.epochs ?? '?'} epochs`,
  );
  if (c.mode === 'pipeline') {
    const off = (['alpha', 'beta', 'gamma'] as const).filter((k) => c[k] === false).map((k) => ({ alpha: 'α', beta: 'β', gamma: 'γ' })[k]);
    if (c.kd) parts.push('plain KD');
    else parts.push(off.length === 0 ? 'α β γ' : `without ${off.join(' ')}`);
    if (c.consistentTypes) parts.push('consistent types');
  }
  parts.push(`select on ${c.selectOn ?? 'source-dev'}`);
  if (c.useTargetGold) parts.push('with target gold');
  const dictionaries = c.dictionaryIds?.length ?? (c.dictionaryId != null ? 1 : 0);
  if (dictionaries > 0)
    parts.push(
      `code-switching${dictionaries > 1 ? ` with ${dictionaries} dictionaries` : ''} p ${c.codeSwitch ?? 0.6}${c.keepNames ? ', names kept' : ''}`,
    );
  if (c.seed !== undefined && c.seed !== 1) parts.push(`seed ${c.seed}`);
  return parts.join(' · ');
}

/** The dev F1 of the run's final model: the student's last scored epoch, else the teacher's. */
export function finalDevF1(metrics: readonly EpochMetrics[]): { stage: RunStage; f1: number } | null {
  for (const stage of ['student', 'teacher-recognizer'] as const) {
    const scored = metrics.filter((m) => m.stage === stage && m.devF1 !== null);
    if (scored.length > 0) return { stage, f1: Math.max(...scored.map((m) => m.devF1!)) };
  }
  return null;
}

/** Failed, interrupted or cancelled runs with a checkpoint folder continue from where they stopped. */
export function canResume(run: RunInfo): boolean {
  return (run.status === 'failed' || run.status === 'cancelled') && run.checkpointDir !== null;
}

export function isLive(run: RunInfo): boolean {
  return run.status === 'running' || run.status === 'queued';
}

/** Share of the current stage done, 0..1. */
export function stageFraction(p: Pick<RunProgress, 'epoch' | 'epochs' | 'step' | 'steps'>): number {
  if (p.epochs <= 0 || p.steps <= 0) return 0;
  return Math.min(1, Math.max(0, ((p.epoch - 1) * p.steps + p.step) / (p.epochs * p.steps)));
}

/** "12 s", "3 min 20 s", "1 h 05 min": a remaining time at the precision it deserves. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const rest = s % 60;
    return rest === 0 || m >= 10 ? `${m} min` : `${m} min ${rest} s`;
  }
  const h = Math.floor(s / 3600);
  return `${h} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export function percent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}`;
}

/** One series of a chart; `values` lines up with the chart's shared x values (null: no point). */
export interface Series {
  label: string;
  stage: RunStage;
  values: (number | null)[];
}

export interface ChartData {
  x: number[];
  series: Series[];
}

/** A loss reading at a fractional epoch (epoch 1, halfway through: 0.5). */
export interface LossPoint {
  stage: RunStage;
  x: number;
  loss: number;
}

export function lossPoint(p: RunProgress): LossPoint {
  return { stage: p.stage, x: p.epoch - 1 + (p.steps > 0 ? p.step / p.steps : 1), loss: p.loss };
}

function align(points: { stage: RunStage; x: number; y: number }[], label: (s: RunStage) => string): ChartData {
  const stages = [...new Set(points.map((p) => p.stage))];
  const byStage = new Map<RunStage, Map<number, number>>(stages.map((s) => [s, new Map()]));
  // A later reading at the same x (the epoch-end mean after a live step) replaces the earlier one.
  for (const p of points) byStage.get(p.stage)!.set(p.x, p.y);
  const x = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  return { x, series: stages.map((stage) => ({ label: label(stage), stage, values: x.map((v) => byStage.get(stage)!.get(v) ?? null) })) };
}

/**
 * Loss per stage against epochs: the live step readings seen while watching, then each epoch's
 * mean as stored with the run (the evaluator's and the student's losses are on other scales than
 * the recognizer's, so each stage is its own series).
 */
export function lossCurves(metrics: readonly EpochMetrics[], live: readonly LossPoint[] = []): ChartData {
  const points = [
    ...live.filter((p) => Number.isFinite(p.loss) && p.stage !== 'predict').map((p) => ({ stage: p.stage, x: p.x, y: p.loss })),
    ...metrics.map((m) => ({ stage: m.stage, x: m.epoch, y: m.loss })),
  ];
  return align(points, (s) => STAGE_NAMES[s]);
}

/** Dev score per stage and epoch: entity F1 for the recognizer and the student, pair accuracy for the evaluator. */
export function devCurves(metrics: readonly EpochMetrics[]): ChartData {
  const points = metrics.filter((m) => m.devF1 !== null).map((m) => ({ stage: m.stage, x: m.epoch, y: m.devF1! }));
  return align(points, (s) => (s === 'teacher-evaluator' ? 'teacher evaluator (pair accuracy)' : `${STAGE_NAMES[s]} (dev F1)`));
}
