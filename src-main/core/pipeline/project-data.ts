// A project's training run as a pipeline: the TrainingConfig a shell sent (and the engine
// tuning recorded with it) over the run's data snapshot (jobs/training-data.ts), mapped onto the
// pipeline's data, teacher and student settings. New training options are mapped here.

import type { TrainingConfig } from '../../contract/api.js';
import { DEFAULT_CODE_SWITCH, type EngineTuning, type TrainingData } from '../jobs/index.js';
import { encoderConfig, TEACHER_DEFAULTS, type CodeSwitchOptions } from '../ml/index.js';
import type { PipelineOptions, PipelineSource } from './types.js';

/**
 * The teacher's sources: each dictionary switches the sentences in its own source language only,
 * so that another source language or target gold sentences are never looked up in it. One
 * dictionary over every sentence is one source (as are snapshots of older runs that switched
 * every sentence); otherwise the switched ranges and the sentences between them are sources of
 * their own.
 */
export function projectSources(data: TrainingData, config: TrainingConfig): PipelineSource[] {
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
  const sources: PipelineSource[] = [];
  let next = 0;
  for (const r of ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start)) {
    if (r.start > next) sources.push({ sentences: data.train.slice(next, r.start) });
    sources.push({ sentences: data.train.slice(r.start, r.end), codeSwitch: options(r.words) });
    next = r.end;
  }
  if (next < data.train.length || sources.length === 0) sources.push({ sentences: data.train.slice(next) });
  return sources;
}

/** The stages and data of a project's run; the caller adds checkpoints, progress and folders. */
export function projectPipeline(
  data: TrainingData,
  config: TrainingConfig,
  tuning: EngineTuning = {},
): Pick<PipelineOptions, 'data' | 'teachers' | 'student' | 'seed' | 'batchSize' | 'checkpointEvery'> {
  const student = config.mode === 'pipeline' && config.studentEpochs > 0 && data.target.length > 0;
  return {
    data: {
      sources: projectSources(data, config),
      links: data.links,
      dev: data.dev.length > 0 ? data.dev : null,
      selectOn: data.summary.devUsed,
      target: data.target,
    },
    teachers: {
      train: {
        encoder: encoderConfig(config.encoder, tuning.encoderOverrides ?? {}),
        epochs: config.epochs,
        // A run recorded without the field trains with its tuning's, or the engine's, as it did.
        evaluatorEpochs: config.evaluatorEpochs ?? tuning.evaluatorEpochs ?? TEACHER_DEFAULTS.evaluatorEpochs,
        // The target's casing and false friends (ml/data/target-conventions.ts), for runs recorded with it.
        targetText: config.targetConventions === true ? data.target : undefined,
      },
    },
    student: student
      ? {
          epochs: config.studentEpochs,
          weights: { alpha: config.alpha, beta: config.beta, gamma: config.gamma },
          loss: config.kd ? 'kd-mse' : 'mtmt',
          // The labelled training sentences vote as a gazetteer (type-votes.ts).
          types: config.consistentTypes === true ? { gazetteer: data.train } : undefined,
        }
      : null,
    seed: config.seed,
    // A run recorded without it trains with its tuning's, or the engine's, as it did.
    batchSize: config.batchSize ?? tuning.batchSize,
    checkpointEvery: tuning.checkpointEvery,
  };
}
