// The ML service: the contract's training, prediction, model, evaluation and similarity methods
// over the job runner (one worker process per run), the persistent inference worker, and the
// project store. createCore builds one when a shell passes its Spawner.

import type { BackendReport } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { InferenceClient, JobRunner, resolveModelDir, type EngineTuning, type EvaluateResult, type Spawner } from '../jobs/index.js';
import { wordsOf, type Store } from '../store/index.js';
import type { MlService } from './ml.js';
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
  cancelGraceMs?: number | undefined;
  shutdownGraceMs?: number | undefined;
  inferenceIdleMs?: number | undefined;
}

export type MlEngine = MlService & {
  readonly runner: JobRunner;
  readonly inference: InferenceClient;
};

const GPU_HINT =
  'CUDA is not in use: GPU training needs an NVIDIA GPU with CUDA 11.x and cuDNN 8 and the package @tensorflow/tfjs-node-gpu (npm install @tensorflow/tfjs-node-gpu)';
const CPU_HINT = 'without a GPU, @tensorflow/tfjs-node (npm install @tensorflow/tfjs-node) is the fastest CPU backend';

/** The engine's report, with what to install when it is not on CUDA. */
export function withInstallHints(r: BackendReport): BackendReport {
  if (r.chosen === 'tfjs-node-gpu') return r;
  return { ...r, reason: `${r.reason}. ${GPU_HINT}${r.chosen === 'tfjs-node' ? '' : `; ${CPU_HINT}`}` };
}

function sentenceWords(store: Store, id: number): string[] {
  const s = store.sentences.get(id);
  return wordsOf(s.text, s.tokens);
}

type InferenceMethods = 'backend.info' | 'evaluate.run' | 'pairs.similarity';

/** The methods the persistent inference worker answers: the backend report, evaluation and pair similarity. */
function inferenceHandlers(inference: InferenceClient, nativeBinding: string | undefined): Pick<MlService, InferenceMethods> {
  let backend: Promise<BackendReport> | null = null;
  return {
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
  const runner = new JobRunner({
    spawner: opts.spawner,
    workerEntry: opts.workerEntry,
    nativeBinding: opts.nativeBinding,
    env: opts.env,
    cancelGraceMs: opts.cancelGraceMs,
    shutdownGraceMs: opts.shutdownGraceMs,
  });
  const inference = new InferenceClient({
    spawner: opts.spawner,
    workerEntry: opts.workerEntry,
    env: opts.env,
    idleMs: opts.inferenceIdleMs,
  });
  return {
    runner,
    inference,
    ...modelHandlers(runner, inference),
    ...runHandlers(runner, opts.tuning ?? {}, opts.nativeBinding),
    ...inferenceHandlers(inference, opts.nativeBinding),

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
