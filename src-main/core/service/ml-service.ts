// The ML service: the contract's training, prediction, model, evaluation and similarity methods
// over the job runner (one worker process per run), the persistent inference worker, and the
// project store. createCore builds one when a shell passes its Spawner.

import { CoreError } from '../errors.js';
import { InferenceClient, JobRunner, resolveModelDir, type EngineTuning, type EvaluateResult, type Spawner } from '../jobs/index.js';
import { wordsOf, type Store } from '../store/index.js';
import { EngineSettingsFile } from './engine-settings.js';
import type { MlService } from './ml.js';
import { backendHandlers } from './ml-backend.js';
import { modelHandlers } from './ml-models.js';
import { runHandlers } from './ml-runs.js';

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

function sentenceWords(store: Store, id: number): string[] {
  const s = store.sentences.get(id);
  return wordsOf(s.text, s.tokens);
}

type InferenceMethods = 'evaluate.run' | 'pairs.similarity';

/** The methods the persistent inference worker answers besides the backend report: evaluation and pair similarity. */
function inferenceHandlers(inference: InferenceClient, nativeBinding: string | undefined): Pick<MlService, InferenceMethods> {
  return {
    'evaluate.run': async ({ modelId, lang, split }, ctx) => {
      const store = ctx.store();
      const model = store.models.runnable(modelId);
      if (store.project.language(lang) === null) throw new CoreError('NOT_FOUND', `no language ${lang} in this project`);
      const result = await inference.request<EvaluateResult>({
        kind: 'evaluate',
        modelDir: resolveModelDir(store.path, model.dir),
        dbPath: store.path,
        nativeBinding,
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
  };
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
  return {
    runner,
    inference,
    ...modelHandlers(runner, inference),
    ...runHandlers(runner, opts.tuning ?? {}, opts.nativeBinding),
    ...inferenceHandlers(inference, opts.nativeBinding),
    ...backendHandlers(inference, settings, workerEnv),

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
