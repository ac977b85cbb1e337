// The Evaluate screen's state: which labelled split, which teacher and student, their scores
// from the core's evaluation (the same entity F1 as `crosstag eval`), and the runs behind them
// for the learning curves.

import type { ModelInfo, RunInfo, Split, SplitCount } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import { asApiError } from '../api/errors.js';
import { labelledSplits, scoreRows, type Evaluation, type Side } from '../evaluation.js';
import { runConfig } from '../training.js';
import type { AppState } from './app.svelte.js';
import type { ModelsState } from './models.svelte.js';

export class EvaluateState {
  readonly app: AppState;
  readonly models: ModelsState;
  counts = $state.raw<SplitCount[]>([]);
  lang = $state('');
  split = $state<Split>('dev');
  teacherId = $state<number | null>(null);
  studentId = $state<number | null>(null);
  results = $state.raw<Record<Side, Evaluation | null>>({ teacher: null, student: null });
  errors = $state.raw<Record<Side, ApiError | null>>({ teacher: null, student: null });
  /** The runs that trained the chosen models, for their learning curves. */
  runs = $state.raw<RunInfo[]>([]);
  /** The split the shown results are for (the pickers may have moved on since). */
  scored = $state.raw<{ lang: string; split: Split } | null>(null);
  running = $state(false);
  error = $state.raw<ApiError | null>(null);
  #loadedFor: string | null = null;

  options = $derived(labelledSplits(this.counts));
  rows = $derived(scoreRows(this.results.teacher, this.results.student));

  constructor(app: AppState, models: ModelsState) {
    this.app = app;
    this.models = models;
  }

  get teachers(): ModelInfo[] {
    return (this.models.models ?? []).filter((m) => m.kind === 'teacher');
  }

  get students(): ModelInfo[] {
    return (this.models.models ?? []).filter((m) => m.kind === 'student');
  }

  /** Models and splits; the newest teacher and student and a sensible split when none is chosen. */
  async load(): Promise<void> {
    try {
      const [counts] = await Promise.all([this.app.client.call('stats.splits', {}), this.models.load()]);
      this.counts = counts;
      this.error = null;
    } catch (err) {
      this.error = asApiError(err);
      return;
    }
    const project = this.app.project?.path ?? null;
    const fresh = project !== this.#loadedFor;
    this.#loadedFor = project;
    const known = (id: number | null, list: ModelInfo[]) => id !== null && list.some((m) => m.id === id);
    // Model lists are newest first.
    if (fresh || !known(this.teacherId, this.teachers)) this.teacherId = this.teachers[0]?.id ?? null;
    if (fresh || !known(this.studentId, this.students)) this.studentId = this.students[0]?.id ?? null;
    if (fresh) {
      this.results = { teacher: null, student: null };
      this.errors = { teacher: null, student: null };
      this.scored = null;
    }
    if (fresh || !this.options.some((o) => o.lang === this.lang && o.split === this.split)) await this.#defaultSplit();
    await this.loadRuns();
  }

  /** The newest model's target language dev split when it is labelled, else the first labelled split. */
  async #defaultSplit(): Promise<void> {
    const newest = this.models.models?.[0];
    let target: string | undefined;
    if (newest !== undefined && newest.runId !== null) {
      try {
        target = runConfig(await this.app.client.call('training.get', { runId: newest.runId })).targetLang;
      } catch {
        target = undefined;
      }
    }
    const pick = this.options.find((o) => o.lang === target && o.split === 'dev') ?? this.options[0];
    if (pick) {
      this.lang = pick.lang;
      this.split = pick.split;
    }
  }

  chooseSplit(value: string): void {
    const [lang, split] = value.split('/') as [string, Split];
    this.lang = lang;
    this.split = split;
  }

  async loadRuns(): Promise<void> {
    const ids: number[] = [];
    for (const id of [this.teacherId, this.studentId]) {
      const runId = this.models.models?.find((m) => m.id === id)?.runId;
      if (runId !== null && runId !== undefined && !ids.includes(runId)) ids.push(runId);
    }
    const runs: RunInfo[] = [];
    for (const runId of ids.sort((a, b) => a - b)) {
      try {
        runs.push(await this.app.client.call('training.get', { runId }));
      } catch {
        // A run deleted meanwhile simply has no curve.
      }
    }
    this.runs = runs;
  }

  /** Evaluates the chosen teacher and student on the chosen split, one after the other. */
  async run(): Promise<void> {
    if (!this.lang) return;
    this.running = true;
    const results: Record<Side, Evaluation | null> = { teacher: null, student: null };
    const errors: Record<Side, ApiError | null> = { teacher: null, student: null };
    try {
      for (const side of ['teacher', 'student'] as const) {
        const modelId = side === 'teacher' ? this.teacherId : this.studentId;
        if (modelId === null) continue;
        try {
          results[side] = await this.app.client.call('evaluate.run', { modelId, lang: this.lang, split: this.split });
        } catch (err) {
          errors[side] = asApiError(err);
        }
      }
      this.results = results;
      this.errors = errors;
      this.scored = { lang: this.lang, split: this.split };
      void this.loadRuns();
    } finally {
      this.running = false;
    }
  }

  /** Opens a sentence in Annotate. */
  openSentence(id: number): void {
    this.app.go('annotate', id);
  }
}
