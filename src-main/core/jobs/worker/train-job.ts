// A training run inside the worker: data from the project, the teacher (recognizer, then
// similarity evaluator), in pipeline mode the MTMT student, models saved and registered, and
// optionally the target sentences predicted and written back.
//
// Files per run (paths.ts): runs/<id>/data.json is the data snapshot, so that a resume trains on
// exactly the sentences the run started with even if the user kept annotating; checkpoints/ holds
// one file per stage; teacher/ and student/ are the model folders.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TrainingConfig } from '../../../contract/api.js';
import {
  encoderConfig,
  loadModel,
  saveModel,
  trainTeacher,
  distillStudent,
  TEACHER_DEFAULTS,
  type CodeSwitchOptions,
  type NerModel,
  type SourceGroup,
  type TrainCommon,
} from '../../ml/index.js';
import type { Store } from '../../store/index.js';
import { writeFileAtomic } from '../files.js';
import { checkpointDir, runDir } from '../paths.js';
import { DEFAULT_PREDICT_BATCH, predictInto, unreviewed } from './predict-job.js';
import type { ProgressRecorder } from './progress.js';
import type { EngineTuning } from '../protocol.js';
import { recordRunData, recordRunNote, registerModel } from './run-records.js';
import { DEFAULT_CODE_SWITCH, loadTrainingData, type TrainingData } from '../training-data.js';

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

/**
 * The teacher's code-switching: each dictionary over the sentences in its own source language
 * only, so that another source language or target gold sentences are never looked up in it. A
 * dictionary covering every sentence is plain code-switching (as are snapshots of older runs
 * that switched every sentence).
 */
function codeSwitching(data: TrainingData, config: TrainingConfig): { codeSwitch?: CodeSwitchOptions; sources?: SourceGroup[] } {
  const options = (words: [string, string[]][]): CodeSwitchOptions => ({
    dictionary: new Map(words),
    p: config.codeSwitch ?? DEFAULT_CODE_SWITCH,
    keepNames: config.keepNames === true,
  });
  const ranges =
    data.switchedBy ??
    (data.dictionary === undefined
      ? []
      : [{ start: data.switched?.start ?? 0, end: data.switched?.end ?? data.train.length, words: data.dictionary }]);
  const used = ranges.filter((r) => r.end > r.start);
  if (used.length === 0) return {};
  if (used.length === 1 && used[0]!.start === 0 && used[0]!.end === data.train.length) return { codeSwitch: options(used[0]!.words) };
  const groups: SourceGroup[] = [];
  let next = 0;
  for (const r of [...used].sort((a, b) => a.start - b.start)) {
    if (r.start > next) groups.push({ start: next, end: r.start });
    groups.push({ start: r.start, end: r.end, codeSwitch: options(r.words) });
    next = r.end;
  }
  if (next < data.train.length) groups.push({ start: next, end: data.train.length });
  return { sources: groups };
}

function snapshotData(ctx: TrainContext, config: RunConfig, file: string): TrainingData {
  if (ctx.resume && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as TrainingData;
  const data = loadTrainingData(ctx.store, config);
  writeFileAtomic(file, JSON.stringify(data));
  return data;
}

/** The model saved in `dir` by an earlier attempt of this run, or a freshly trained one (then saved). */
async function trainedOrSaved(dir: string, resume: boolean, train: () => Promise<NerModel>): Promise<NerModel> {
  if (resume && existsSync(path.join(dir, 'config.json'))) return loadModel(dir);
  const model = await train();
  try {
    saveModel(model, dir);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}

export async function runTraining(ctx: TrainContext): Promise<void> {
  const { store, runId } = ctx;
  const config = store.runs.get(runId).config as unknown as RunConfig;
  const tuning = config.engine ?? {};
  const dir = runDir(store.path, runId);
  const data = snapshotData(ctx, config, path.join(dir, 'data.json'));
  recordRunData(store, runId, data.summary);
  ctx.touched();

  const common: TrainCommon = {
    seed: config.seed,
    batchSize: tuning.batchSize,
    checkpointDir: checkpointDir(store.path, runId),
    checkpointEvery: tuning.checkpointEvery,
    resume: ctx.resume,
    onProgress: ctx.progress.onProgress,
    onNote: (note) => {
      recordRunNote(store, runId, note);
      ctx.touched();
    },
    signal: ctx.signal,
  };
  const dev = data.dev.length > 0 ? data.dev : null;
  const selectOn = data.summary.devUsed;
  const langs = `${config.sourceLangs.join('+')}→${config.targetLang}`;

  const teacher = await trainedOrSaved(path.join(dir, 'teacher'), ctx.resume, () =>
    trainTeacher({
      ...common,
      train: data.train,
      dev,
      selectOn,
      links: data.links,
      encoder: config.encoder.startsWith('bert:') ? config.encoder : encoderConfig(config.encoder, tuning.encoderOverrides ?? {}),
      epochs: config.epochs,
      evaluatorEpochs: tuning.evaluatorEpochs ?? TEACHER_DEFAULTS.evaluatorEpochs,
      ...codeSwitching(data, config),
      // The target's casing and false friends (target-conventions.ts), for runs recorded with it.
      targetText: config.targetConventions === true ? data.target : undefined,
    }),
  );
  let student: NerModel | null = null;
  try {
    const teacherId = registerModel(store, runId, teacher, {
      name: `teacher, run ${runId} (${langs})`,
      encoder: config.encoder,
      dir: path.join(dir, 'teacher'),
    });
    ctx.touched();
    let finalId = teacherId;
    if (config.mode === 'pipeline' && config.studentEpochs > 0 && data.target.length > 0) {
      student = await trainedOrSaved(path.join(dir, 'student'), ctx.resume, () =>
        distillStudent({
          ...common,
          teacher,
          target: data.target,
          dev,
          selectOn,
          epochs: config.studentEpochs,
          weights: { alpha: config.alpha, beta: config.beta, gamma: config.gamma },
          kd: config.kd ? 'mse' : false,
          // The labelled training sentences vote as a gazetteer (type-votes.ts).
          types: config.consistentTypes === true ? { gazetteer: data.train } : undefined,
        }),
      );
      finalId = registerModel(store, runId, student, {
        name: `student, run ${runId} (${langs})`,
        encoder: config.encoder,
        dir: path.join(dir, 'student'),
      });
      ctx.touched();
    }
    if (config.predictAfter) {
      const result = await predictInto(store, student ?? teacher, finalId, unreviewed(store, config.targetLang), {
        batch: tuning.predictBatch ?? DEFAULT_PREDICT_BATCH,
        signal: ctx.signal,
        progress: ctx.progress,
      });
      if (result.written > 0) ctx.changed();
    }
  } finally {
    teacher.dispose();
    student?.dispose();
  }
}
