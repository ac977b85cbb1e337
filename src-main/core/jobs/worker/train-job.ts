// A training run inside the worker: data from the project, the teacher (recognizer, then
// similarity evaluator), in pipeline mode the MTMT student, models saved and registered, and
// optionally the target sentences predicted and written back.
//
// Files per run (paths.ts): runs/<id>/data.json is the data snapshot, so that a resume trains on
// exactly the sentences the run started with even if the user kept annotating; checkpoints/ holds
// one file per stage; teacher/ and student/ are the model folders.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TrainingConfig } from '../../../contract/api.js';
import { modelFolders, projectPipeline, runPipeline } from '../../pipeline/index.js';
import type { Store } from '../../store/index.js';
import { writeFileAtomic } from '../../files/index.js';
import { checkpointDir, runDir } from '../paths.js';
import { DEFAULT_PREDICT_BATCH, predictInto, unreviewed } from './predict-job.js';
import type { ProgressRecorder } from './progress.js';
import type { EngineTuning } from '../protocol.js';
import { recordRunData, recordRunNote, registerModel } from './run-records.js';
import { loadTrainingData, type TrainingData } from '../training-data.js';

export type RunConfig = TrainingConfig & { engine?: EngineTuning | undefined };

export interface TrainContext {
  store: Store;
  runId: number;
  resume: boolean;
  signal: AbortSignal;
  progress: ProgressRecorder;
  /** Called after predictions were written back. */
  changed: () => void;
  /** Called after the run's row changed outside the progress recorder. */
  touched: () => void;
}

function snapshotData(ctx: TrainContext, config: RunConfig, file: string): TrainingData {
  if (ctx.resume && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as TrainingData;
  const data = loadTrainingData(ctx.store, config);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, JSON.stringify(data));
  return data;
}

export async function runTraining(ctx: TrainContext): Promise<void> {
  const { store, runId } = ctx;
  const config = store.runs.get(runId).config as unknown as RunConfig;
  const dir = runDir(store.path, runId);
  const data = snapshotData(ctx, config, path.join(dir, 'data.json'));
  recordRunData(store, runId, data.summary);
  ctx.touched();

  const langs = `${config.sourceLangs.join('+')}→${config.targetLang}`;
  const ids: number[] = [];
  const run = await runPipeline({
    ...projectPipeline(data, config, config.engine),
    checkpointDir: checkpointDir(store.path, runId),
    resume: ctx.resume,
    onProgress: ctx.progress.onProgress,
    onNote: (note) => {
      recordRunNote(store, runId, note);
      ctx.touched();
    },
    signal: ctx.signal,
    folders: {
      ...modelFolders(dir),
      // A resumed run keeps the models an earlier attempt finished.
      reuse: true,
      onSaved: (role, model, folder) => {
        ids.push(registerModel(store, runId, model, { name: `${role}, run ${runId} (${langs})`, encoder: config.encoder, dir: folder }));
        ctx.touched();
      },
    },
  });
  try {
    if (config.predictAfter) {
      const result = await predictInto(store, run.student ?? run.teachers[0]!, ids.at(-1)!, unreviewed(store, config.targetLang), {
        batch: config.engine?.predictBatch ?? DEFAULT_PREDICT_BATCH,
        signal: ctx.signal,
        progress: ctx.progress,
      });
      if (result.written > 0) ctx.changed();
    }
  } finally {
    run.dispose();
  }
}
