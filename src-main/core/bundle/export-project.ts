// A project's training run as a bundle: the data a run with this TrainingConfig would train on
// (loadTrainingData), its sources and code-switching as the app's run maps them (core/pipeline),
// and every option with the engine's defaults, written by writeRunBundle.

import path from 'node:path';
import type { TrainingConfig } from '../../contract/api.js';
import type { Store } from '../store/index.js';
import type { EngineTuning } from '../jobs/index.js';
import { checkTrainingConfig, loadTrainingData, withTrainingDefaults } from '../jobs/index.js';
import { targetConventions } from '../ml/index.js';
import { projectSources, teacherData } from '../pipeline/index.js';
import { hubEncoder } from './hub-encoder.js';
import { runSettings, type SettingOverrides } from './run-json.js';
import { writeRunBundle, type BundleReport } from './write-bundle.js';

export interface ProjectBundleOptions {
  dir: string;
  tuning?: EngineTuning | undefined;
  overrides?: SettingOverrides | undefined;
  copyEncoder?: boolean | undefined;
  createdBy: string;
}

export function exportProjectBundle(store: Store, given: TrainingConfig, o: ProjectBundleOptions): BundleReport {
  const config = withTrainingDefaults(given);
  checkTrainingConfig(store, config);
  // Refused before any data is read: the encoder must be one the trainer runs.
  const encoder = hubEncoder(config.encoder);
  const data = loadTrainingData(store, config);
  // The teacher's sentences and code-switching exactly as the app's run would train them.
  const mode = o.overrides?.translateTrain ? ('translate' as const) : undefined;
  const sources = projectSources(data, config).map((src) =>
    mode && src.codeSwitch ? { ...src, codeSwitch: { ...src.codeSwitch, mode } } : src,
  );
  const teacher = teacherData(sources);
  // The source sentences cased as the target writes case, as the app's run trains them
  // (ml/data/target-conventions.ts); the trainer casts switched words like the word they replace.
  const train =
    config.targetConventions === true && data.target.length > 0
      ? targetConventions({ ...teacher, targetText: data.target, vocabFilter: false }).train
      : teacher.train;
  const name = store.project.meta('name') ?? path.basename(store.path);
  return writeRunBundle(o.dir, {
    train,
    dev: data.dev,
    devUsed: data.summary.devUsed,
    target: config.mode === 'pipeline' ? data.target : [],
    links: data.links,
    codeSwitch: teacher.codeSwitch,
    sources: teacher.sources,
    settings: runSettings(config, o.tuning, o.overrides),
    encoder: config.encoder,
    encoderRepo: store.encoders.byDir(encoder.dir)?.repo ?? null,
    copyEncoder: o.copyEncoder,
    project: { name, path: store.path, sourceLangs: config.sourceLangs, targetLang: config.targetLang },
    createdBy: o.createdBy,
  });
}
