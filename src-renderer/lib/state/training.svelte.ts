// The Train screen's state: the run form, the project's runs, and what the training events say
// about the live one (progress, loss readings, where a resume picked up). It listens for as long
// as the app is open, so a run started here keeps its curve while the person annotates.

import type { TrainingConfig } from '../../../src-main/contract/api.js';
import type { RunBundleInfo, RunInfo, Split, SplitCount } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import type { RunProgress } from '../../../src-main/contract/events.js';
import { asApiError } from '../api/errors.js';
import { estimateEta, relativeCosts, trackProgress, type Eta, type ProgressTrack } from '../eta.js';
import { configProblem, dataCounts, defaultConfig, isLive } from '../training.js';
import type { AppState } from './app.svelte.js';
import type { ModelsState } from './models.svelte.js';

/** Where a resumed run picked up: its first progress after the resume. */
export type ResumePoint = { waiting: true } | { waiting: false; progress: RunProgress };

function toggled<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
}

export class TrainingState {
  readonly app: AppState;
  readonly models: ModelsState;
  form = $state<TrainingConfig>(defaultConfig([], []));
  counts = $state.raw<SplitCount[]>([]);
  runs = $state.raw<RunInfo[] | null>(null);
  progress = $state.raw<Record<number, RunProgress>>({});
  /** Per run, the first and latest progress of the epoch in progress, with arrival times: the time estimates' input. */
  tracks = $state.raw<Record<number, ProgressTrack>>({});
  /** Seconds on the clock the tracks use; ticks once a second while a run is live, so the time left counts down. */
  now = $state(performance.now() / 1000);
  resumed = $state.raw<Record<number, ResumePoint>>({});
  /** The run whose progress and curves are shown; null follows the live or newest run. */
  selected = $state<number | null>(null);
  error = $state.raw<{ action: string; error: ApiError } | null>(null);
  starting = $state(false);
  /** The bundle Run elsewhere… wrote last, and what went wrong writing one. */
  bundle = $state.raw<RunBundleInfo | null>(null);
  bundleError = $state.raw<ApiError | null>(null);
  exporting = $state(false);
  /** Source languages whose dictionary (or none) the person picked themselves: no longer preselected. */
  dictionaryChosen = $state<string[]>([]);
  #formProject = $state<string | null>(null);

  problem = $derived(configProblem(this.form, this.counts));
  data = $derived(dataCounts(this.form, this.counts));
  liveRun = $derived(this.runs?.find(isLive) ?? null);
  shown = $derived(this.runs?.find((r) => r.id === this.selected) ?? this.liveRun ?? this.runs?.[0] ?? null);

  constructor(app: AppState, models: ModelsState) {
    this.app = app;
    this.models = models;
  }

  /** Whether the form holds this project's defaults yet: until then it is not editable, so nothing typed is replaced. */
  get formReady(): boolean {
    return this.#formProject !== null && this.#formProject === this.app.project?.path;
  }

  /** Subscribes to the training events; returns the unsubscribe. */
  connect(): () => void {
    const offProgress = this.app.client.on('training.progress', (p) => this.onProgress(p));
    const offStatus = this.app.client.on('training.status', (run) => this.onStatus(run));
    const offTick = this.tick();
    return () => {
      offProgress();
      offStatus();
      offTick();
    };
  }

  /** Runs, counts, models and the backend report; fresh form defaults for a newly opened project. */
  async load(): Promise<void> {
    const project = this.app.project;
    try {
      const [runs, counts] = await Promise.all([this.app.client.call('training.list', {}), this.app.client.call('stats.splits', {})]);
      this.runs = runs;
      this.counts = counts;
      if (project && project.path !== this.#formProject) {
        // Run ids restart in every project: what was seen of another project's runs goes.
        if (this.#formProject !== null) {
          this.progress = {};
          this.tracks = {};
          this.resumed = {};
        }
        this.#formProject = project.path;
        this.form = defaultConfig(
          project.languages.map((l) => l.code),
          counts,
        );
        this.selected = null;
        this.dictionaryChosen = [];
      }
      if (this.error?.action === 'Loading the runs') this.error = null;
    } catch (err) {
      this.error = { action: 'Loading the runs', error: asApiError(err) };
    }
    void this.models.load();
    if (!this.models.backend) void this.models.loadBackend();
  }

  toggleSourceLang(lang: string, on: boolean): void {
    this.form.sourceLangs = toggled(this.form.sourceLangs, lang, on);
  }

  toggleSourceSplit(split: Split, on: boolean): void {
    this.form.sourceSplits = toggled(this.form.sourceSplits, split, on);
  }

  async start(): Promise<RunInfo | null> {
    if (this.problem !== null) {
      this.error = { action: 'Starting the run', error: { code: 'BAD_REQUEST', message: this.problem } };
      return null;
    }
    this.starting = true;
    try {
      const run = await this.app.client.call('training.start', this.#config());
      this.#upsert(run);
      this.selected = run.id;
      this.error = null;
      return run;
    } catch (err) {
      this.error = { action: 'Starting the run', error: asApiError(err) };
      return null;
    } finally {
      this.starting = false;
    }
  }

  /** Writes the form's run as a bundle for the PyTorch trainer into `dir` (Train ▸ Run elsewhere…). */
  async exportBundle(dir: string, copyEncoder: boolean): Promise<RunBundleInfo | null> {
    if (this.problem !== null) {
      this.bundleError = { code: 'BAD_REQUEST', message: this.problem };
      return null;
    }
    this.exporting = true;
    this.bundle = null;
    try {
      this.bundle = await this.app.client.call('training.exportBundle', { config: this.#config(), dir, copyEncoder });
      this.bundleError = null;
      return this.bundle;
    } catch (err) {
      this.bundleError = asApiError(err);
      return null;
    } finally {
      this.exporting = false;
    }
  }

  /** The form as a run takes it. */
  #config(): TrainingConfig {
    const config = $state.snapshot(this.form);
    // An emptied number field binds null: no batch size means the engine's.
    if (config.batchSize === null || config.batchSize === undefined) delete config.batchSize;
    // Code-switching settings mean something only with a dictionary.
    if ((config.dictionaryIds ?? []).length === 0) {
      delete config.codeSwitch;
      delete config.keepNames;
    }
    return config;
  }

  /** Tags the unreviewed sentences of `lang` (every split) with a model, as a run's own prediction stage does. */
  async predictWith(modelId: number, lang: string): Promise<void> {
    try {
      const run = await this.app.client.call('predict.start', { modelId, lang, splits: ['train', 'dev', 'test', 'unlabelled'] });
      this.#upsert(run);
      this.selected = run.id;
      this.error = null;
    } catch (err) {
      this.error = { action: 'Starting the prediction', error: asApiError(err) };
    }
  }

  async cancel(runId: number): Promise<void> {
    try {
      this.#upsert(await this.app.client.call('training.cancel', { runId }));
      this.error = null;
    } catch (err) {
      this.error = { action: `Cancelling run ${runId}`, error: asApiError(err) };
    }
  }

  async resume(runId: number): Promise<void> {
    this.resumed = { ...this.resumed, [runId]: { waiting: true } };
    try {
      const run = await this.app.client.call('training.resume', { runId });
      this.#upsert(run);
      this.selected = runId;
      this.error = null;
    } catch (err) {
      const { [runId]: _dropped, ...rest } = this.resumed;
      this.resumed = rest;
      this.error = { action: `Resuming run ${runId}`, error: asApiError(err) };
    }
  }

  onProgress(p: RunProgress): void {
    this.progress = { ...this.progress, [p.runId]: p };
    const resume = this.resumed[p.runId];
    if (resume?.waiting) this.resumed = { ...this.resumed, [p.runId]: { waiting: false, progress: p } };
    const at = performance.now() / 1000;
    this.now = at;
    this.tracks = { ...this.tracks, [p.runId]: trackProgress(this.tracks[p.runId] ?? null, { at, progress: p }) };
  }

  /** Time left in the live run's stage and in the whole run; costs of later stages learnt from the project's finished runs. */
  eta(run: RunInfo): Eta {
    if (!isLive(run)) return { stage: null, total: null };
    const costs = relativeCosts(this.runs ?? [], run.config['encoder']);
    return estimateEta(run, this.tracks[run.id] ?? null, this.now, costs);
  }

  /** Keeps `now` moving while the app is open, so estimates count down between progress reports. */
  tick(): () => void {
    const timer = setInterval(() => {
      if (this.liveRun) this.now = performance.now() / 1000;
    }, 1000);
    return () => clearInterval(timer);
  }

  onStatus(run: RunInfo): void {
    const before = this.runs?.find((r) => r.id === run.id);
    this.#upsert(run);
    const ended = !isLive(run) && (before === undefined || isLive(before));
    // A finished stage may have registered a model; a finished run may have written predictions.
    if (ended || run.modelIds.length !== (before?.modelIds.length ?? 0)) void this.models.load();
    if (ended) void this.#loadCounts();
  }

  async #loadCounts(): Promise<void> {
    try {
      this.counts = await this.app.client.call('stats.splits', {});
    } catch {
      // The counts only inform the form's hints; the next load fetches them again.
    }
  }

  #upsert(run: RunInfo): void {
    const runs = this.runs ?? [];
    const i = runs.findIndex((r) => r.id === run.id);
    if (i >= 0) {
      // Status events can overtake a reply to the same run: never go back to an older row.
      if (runs[i]!.updatedAt > run.updatedAt) return;
      const next = runs.slice();
      next[i] = run;
      this.runs = next;
    } else {
      this.runs = [run, ...runs].sort((a, b) => b.id - a.id);
    }
  }
}
