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

// The engine's own defaults (core/ml teacher.ts and student.ts): 10 recognizer epochs and 2
// student epochs, the settings docs/DECISIONS.md measured.
export const DEFAULT_EPOCHS = 10;
export const DEFAULT_STUDENT_EPOCHS = 2;
/** The similarity evaluator's epochs when a run does not set them (core/ml teacher.ts). */
export const DEFAULT_EVALUATOR_EPOCHS = 2;

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
    evaluatorEpochs: DEFAULT_EVALUATOR_EPOCHS,
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
): { source: number; targetGold: number; target: number; targetDev: number; sourceDev: number } {
  let source = 0;
  let targetGold = 0;
  let target = 0;
  let targetDev = 0;
  let sourceDev = 0;
  for (const c of counts) {
    if (config.sourceLangs.includes(c.lang) && config.sourceSplits.includes(c.split)) source += labelled(c);
    if (config.sourceLangs.includes(c.lang) && c.split === 'dev') sourceDev += labelled(c);
    if (c.lang !== config.targetLang) continue;
    if (TARGET_SPLITS.has(c.split)) {
      target += unreviewed(c);
      targetGold += labelled(c);
    }
    if (c.split === 'dev') targetDev += labelled(c);
  }
  return { source, targetGold, target, targetDev, sourceDev };
}

/** Why the form cannot start a run yet, or null. */
export function configProblem(config: TrainingConfig, counts: readonly SplitCount[]): string | null {
  if (config.sourceLangs.length === 0) return 'Choose at least one source language.';
  if (config.sourceSplits.length === 0) return 'Choose at least one source split.';
  if (!config.targetLang) return 'Choose the target language.';
  if (!Number.isInteger(config.epochs) || config.epochs < 1) return 'Recognizer epochs must be a whole number of at least 1.';
  if (config.evaluatorEpochs !== undefined && (!Number.isInteger(config.evaluatorEpochs) || config.evaluatorEpochs < 1))
    return 'Evaluator epochs must be a whole number of at least 1.';
  if (!Number.isInteger(config.studentEpochs) || config.studentEpochs < 0) return 'Student epochs must be a whole number of at least 0.';
  if (
    config.batchSize !== undefined &&
    config.batchSize !== null &&
    (!Number.isInteger(config.batchSize) || config.batchSize < 1 || config.batchSize > 1024)
  )
    return 'The batch size must be a whole number from 1 to 1024, or empty for the default (32).';
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
  parts.push(epochSummary(c));
  if (c.mode === 'pipeline') {
    const off = (['alpha', 'beta', 'gamma'] as const).filter((k) => c[k] === false).map((k) => ({ alpha: 'α', beta: 'β', gamma: 'γ' })[k]);
    if (c.kd) parts.push('plain KD');
    else parts.push(off.length === 0 ? 'α β γ' : `without ${off.join(' ')}`);
    if (c.consistentTypes) parts.push('consistent types');
  }
  parts.push(`best epoch on ${devName(c)}`);
  if (c.useTargetGold) parts.push('with target gold');
  const dictionaries = c.dictionaryIds?.length ?? (c.dictionaryId != null ? 1 : 0);
  if (dictionaries > 0)
    parts.push(
      `code-switching${dictionaries > 1 ? ` with ${dictionaries} dictionaries` : ''} p ${c.codeSwitch ?? 0.6}${c.keepNames ? ', names kept' : ''}`,
    );
  if (c.seed !== undefined && c.seed !== 1) parts.push(`seed ${c.seed}`);
  return parts.join(' · ');
}

/** Every stage's epochs in words: "10 recognizer · 2 evaluator · 2 student epochs". */
export function epochSummary(c: Partial<TrainingConfig>): string {
  const parts = [`${c.epochs ?? '?'} recognizer`, `${c.evaluatorEpochs ?? DEFAULT_EVALUATOR_EPOCHS} evaluator`];
  if (c.mode === 'pipeline') parts.push(`${c.studentEpochs ?? '?'} student`);
  return `${parts.join(' · ')} epochs${c.mode === 'pipeline' ? '' : ' (teacher only)'}`;
}

/** The dev set a run picks its best epoch on, as "es dev". */
export function devName(c: Partial<TrainingConfig>): string {
  return c.selectOn === 'target-dev' ? `${c.targetLang ?? 'target'} dev` : `${(c.sourceLangs ?? []).join('+') || 'source'} dev`;
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

/** One series of a stage's chart: its loss, or its dev score in percent (null: no point at that epoch). */
export interface Series {
  label: string;
  unit: 'loss' | 'score';
  values: (number | null)[];
}

/** A stage's curves against its own epochs, 1, 2, 3 … */
export interface ChartData {
  x: number[];
  series: Series[];
}

/** What a stage's dev score measures: entity F1 for the recognizer and the student, pair accuracy for the evaluator. */
export function devMeasure(stage: RunStage): string {
  return stage === 'teacher-evaluator' ? 'dev pair accuracy' : 'dev F1';
}

/**
 * One stage's curves, one point per finished epoch as stored with the run, so a screen watching
 * the run live and one opened afterwards draw the same chart: the epoch's mean training loss and,
 * where the run had a dev set, its dev score in percent.
 */
export function stageCurves(metrics: readonly EpochMetrics[], stage: RunStage): ChartData {
  const epochs = metrics.filter((m) => m.stage === stage).sort((a, b) => a.epoch - b.epoch);
  const series: Series[] = [{ label: 'training loss', unit: 'loss', values: epochs.map((m) => (Number.isFinite(m.loss) ? m.loss : null)) }];
  if (epochs.some((m) => m.devF1 !== null)) {
    series.push({ label: devMeasure(stage), unit: 'score', values: epochs.map((m) => (m.devF1 === null ? null : m.devF1 * 100)) });
  }
  return { x: epochs.map((m) => m.epoch), series };
}
