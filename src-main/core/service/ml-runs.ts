// The run methods of the ML service: training.start/cancel/resume/list/get and predict.start, over
// the job runner (one worker process per run) and the project's runs table.

import type { Handlers, TrainingConfig } from '../../contract/api.js';
import type { RunInfo } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { checkpointDir, checkTrainingConfig, withTrainingDefaults, type EngineTuning, type JobRunner } from '../jobs/index.js';
import { openStore, type Store } from '../store/index.js';
import type { MlContext } from './ml.js';

type RunMethods = 'training.start' | 'training.cancel' | 'training.resume' | 'training.list' | 'training.get' | 'predict.start';
type RunHandlers = { [M in RunMethods]: (params: Parameters<Handlers[M]>[0], ctx: MlContext) => ReturnType<Handlers[M]> };

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

/** `tuning` is recorded in every run's config, so a resume trains with the same engine sizes. */
export function runHandlers(runner: JobRunner, tuning: EngineTuning, nativeBinding: string | undefined): RunHandlers {
  const launch = (ctx: MlContext, store: Store, run: RunInfo, kind: 'train' | 'predict', resume: boolean): RunInfo => {
    runner.start(store.path, run.id, kind, resume, ctx.emit);
    const started = store.runs.get(run.id);
    ctx.emit('training.status', started);
    return started;
  };

  return {
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
      return readRun(store, runId, nativeBinding);
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
  };
}
