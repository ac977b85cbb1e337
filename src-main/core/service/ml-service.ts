// The ML service: the contract's training, prediction, model, evaluation and similarity methods
// over the job runner (one worker process per run), the persistent inference worker, and the
// project store. createCore builds one when a shell passes its Spawner.

import type { TrainingConfig } from '../../contract/api.js';
import type { BackendReport, RunInfo } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import {
  checkpointDir,
  checkTrainingConfig,
  withTrainingDefaults,
  InferenceClient,
  JobRunner,
  resolveModelDir,
  type EngineTuning,
  type EvaluateResult,
  type Spawner,
} from '../jobs/index.js';
import { openStore, wordsOf, type Store } from '../store/index.js';
import type { MlContext, MlService } from './ml.js';
import { EngineSettingsFile } from './engine-settings.js';
import { modelHandlers } from './ml-models.js';

export interface MlServiceOptions {
  spawner: Spawner;
  /** better-sqlite3 binding for another ABI, used by the runner and passed to workers. */
  nativeBinding?: string | undefined;
  /** Engine sizes outside TrainingConfig (tests use tiny ones); recorded in each run's config. */
  tuning?: EngineTuning | undefined;
  workerEntry?: string | undefined;
  /** Extra worker environment, e.g. { CROSSTAG_BACKEND: 'cpu' }. */
  env?: Record<string, string> | undefined;
  /** The engine settings file (Settings ▸ Compute backend); without it settings last for the process. */
  settingsFile?: string | undefined;
  cancelGraceMs?: number | undefined;
  shutdownGraceMs?: number | undefined;
  inferenceIdleMs?: number | undefined;
}

export type MlEngine = MlService & {
  readonly runner: JobRunner;
  readonly inference: InferenceClient;
};

const GPU_HINT =
  'No GPU is in use: GPU training needs a GPU with a Vulkan (Linux), Metal (macOS) or Direct3D 12 (Windows) driver for webgpu, or an NVIDIA GPU with CUDA 11.x and cuDNN 8 and the package @tensorflow/tfjs-node-gpu (npm install @tensorflow/tfjs-node-gpu)';
const CPU_HINT = 'without a GPU, @tensorflow/tfjs-node (npm install @tensorflow/tfjs-node) is the fastest CPU backend';

/** The engine's report, with what to install when it is not on a GPU. */
export function withInstallHints(r: BackendReport): BackendReport {
  if (r.chosen === 'tfjs-node-gpu' || r.chosen === 'webgpu') return r;
  return { ...r, reason: `${r.reason}. ${GPU_HINT}${r.chosen === 'tfjs-node' ? '' : `; ${CPU_HINT}`}` };
}

function refuseWhileBusy(runner: JobRunner, store: Store): void {
  const live = runner.liveRun(store.path);
  if (live !== null) {
    throw new CoreError('CONFLICT', `run ${live} is still running in this project (one run at a time); cancel it or wait for it to finish`);
  }
}

/** A run's row read after an await, when the project may have been closed meanwhile. */
function readRun(store: Store, runId: number, nativeBinding: string | undefined): RunInfo {
  if (store.db.open) return store.runs.get(runId);
  const other = openStore(store.path, { nativeBinding });
  try {
    return other.runs.get(runId);
  } finally {
    other.close();
  }
}

function sentenceWords(store: Store, id: number): string[] {
  const s = store.sentences.get(id);
  return wordsOf(s.text, s.tokens);
}

export function createMlService(opts: MlServiceOptions): MlEngine {
  const settings = new EngineSettingsFile(opts.settingsFile ?? null);
  // One environment for both kinds of worker, read at each start: a changed setting applies to the next one.
  const workerEnv: Record<string, string> = { ...opts.env };
  settings.applyTo(workerEnv);
  const runner = new JobRunner({
    spawner: opts.spawner,
    workerEntry: opts.workerEntry,
    nativeBinding: opts.nativeBinding,
    env: workerEnv,
    cancelGraceMs: opts.cancelGraceMs,
    shutdownGraceMs: opts.shutdownGraceMs,
  });
  const inference = new InferenceClient({
    spawner: opts.spawner,
    workerEntry: opts.workerEntry,
    env: workerEnv,
    idleMs: opts.inferenceIdleMs,
  });
  const tuning: EngineTuning = opts.tuning ?? {};
  let backend: Promise<BackendReport> | null = null;

  const launch = (ctx: MlContext, store: Store, run: RunInfo, kind: 'train' | 'predict', resume: boolean): RunInfo => {
    runner.start(store.path, run.id, kind, resume, ctx.emit);
    const started = store.runs.get(run.id);
    ctx.emit('training.status', started);
    return started;
  };

  return {
    runner,
    inference,
    ...modelHandlers(runner, inference),

    'backend.info': async () => {
      if (backend === null) {
        const probe = inference.request<BackendReport>({ kind: 'probe' }).then(withInstallHints);
        backend = probe;
        probe.catch(() => {
          if (backend === probe) backend = null;
        });
      }
      return backend;
    },

    'backend.settings': async () => settings.get(),

    'backend.configure': async ({ threads }) => {
      const saved = settings.set(threads);
      settings.applyTo(workerEnv);
      // The inference worker chose its backend at start; the next request starts one that reads the new settings.
      backend = null;
      await inference.restart();
      return saved;
    },

    'training.start': async (params: TrainingConfig, ctx) => {
      const store = ctx.store();
      await runner.settle(store.path);
      refuseWhileBusy(runner, store);
      const config = withTrainingDefaults(params);
      checkTrainingConfig(store, config);
      const run = store.runs.create(config.mode, { ...config, engine: tuning }, 'running');
      store.runs.update(run.id, { checkpointDir: checkpointDir(store.path, run.id) });
      return launch(ctx, store, run, 'train', false);
    },

    'training.cancel': async ({ runId }, ctx) => {
      const store = ctx.store();
      await runner.settle(store.path);
      const run = store.runs.get(runId);
      if (runner.isLive(store.path, runId)) await runner.cancel(store.path, runId);
      else if (run.status === 'running' || run.status === 'queued') store.runs.update(runId, { status: 'cancelled' });
      else throw new CoreError('CONFLICT', `run ${runId} is ${run.status}; only a running run can be cancelled`);
      return readRun(store, runId, opts.nativeBinding);
    },

    'training.resume': async ({ runId }, ctx) => {
      const store = ctx.store();
      await runner.settle(store.path);
      const run = store.runs.get(runId);
      if (runner.isLive(store.path, runId)) throw new CoreError('CONFLICT', `run ${runId} is already running`);
      if (run.status === 'completed') throw new CoreError('CONFLICT', `run ${runId} has completed; start a new run instead`);
      refuseWhileBusy(runner, store);
      store.runs.update(runId, { status: 'running', error: null });
      return launch(ctx, store, run, run.kind === 'predict' ? 'predict' : 'train', true);
    },

    'training.list': async (_params, ctx) => ctx.store().runs.list(),
    'training.get': async ({ runId }, ctx) => ctx.store().runs.get(runId),

    'predict.start': async ({ modelId, lang, splits }, ctx) => {
      const store = ctx.store();
      store.models.runnable(modelId);
      if (store.project.language(lang) === null) throw new CoreError('NOT_FOUND', `no language ${lang} in this project`);
      await runner.settle(store.path);
      refuseWhileBusy(runner, store);
      const run = store.runs.create('predict', { modelId, lang, splits, engine: tuning }, 'running');
      return launch(ctx, store, run, 'predict', false);
    },

    'evaluate.run': async ({ modelId, lang, split }, ctx) => {
      const store = ctx.store();
      const model = store.models.runnable(modelId);
      if (store.project.language(lang) === null) throw new CoreError('NOT_FOUND', `no language ${lang} in this project`);
      const result = await inference.request<EvaluateResult>({
        kind: 'evaluate',
        modelDir: resolveModelDir(store.path, model.dir),
        dbPath: store.path,
        nativeBinding: opts.nativeBinding,
        lang,
        split,
      });
      return { modelId, report: result.report, worst: result.worst };
    },

    'pairs.similarity': async ({ pairId, modelId }, ctx) => {
      const store = ctx.store();
      const pair = store.pairs.get(pairId);
      let model;
      if (modelId !== undefined) {
        model = store.models.runnable(modelId);
        if (model.kind !== 'teacher')
          throw new CoreError('BAD_REQUEST', `model ${modelId} is a student; similarity needs a teacher (it has the similarity evaluator)`);
      } else {
        model = store.models.list().find((m) => m.kind === 'teacher');
        if (model === undefined) return null;
      }
      const a = sentenceWords(store, pair.a);
      const b = sentenceWords(store, pair.b);
      const s = await inference.request<number[][]>({ kind: 'similarity', modelDir: resolveModelDir(store.path, model.dir), a, b });
      return { modelId: model.id, s };
    },

    projectChanged(_path, store) {
      // Runs left running by a crashed or killed app have no worker: offer resume instead.
      if (store) runner.sweep(store);
    },

    close: async () => {
      await runner.close();
      await inference.close();
    },
  };
}
