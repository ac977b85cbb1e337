// A project's training run as a bundle: the data a run with this TrainingConfig would train on
// (loadTrainingData), its code-switching as the worker would apply it, and every option with
// the engine's defaults, written by writeRunBundle.

import path from 'node:path';
import type { TrainingConfig } from '../../../contract/api.js';
import type { Store } from '../../store/index.js';
import type { EngineTuning } from '../protocol.js';
import { checkTrainingConfig, loadTrainingData, withTrainingDefaults } from '../training-data.js';
import { codeSwitching } from '../worker/train-job.js';
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
  const switching = codeSwitching(data, config);
  const mode = o.overrides?.translateTrain ? ('translate' as const) : undefined;
  const withMode = <T extends { codeSwitch?: { mode?: 'dynamic' | 'translate' | undefined } | undefined }>(x: T): T =>
    mode && x.codeSwitch ? { ...x, codeSwitch: { ...x.codeSwitch, mode } } : x;
  const name = store.project.meta('name') ?? path.basename(store.path);
  return writeRunBundle(o.dir, {
    train: data.train,
    dev: data.dev,
    devUsed: data.summary.devUsed,
    target: config.mode === 'pipeline' ? data.target : [],
    links: data.links,
    codeSwitch: switching.codeSwitch ? withMode(switching).codeSwitch : undefined,
    sources: switching.sources?.map(withMode),
    settings: runSettings(config, o.tuning, o.overrides),
    encoder: config.encoder,
    encoderRepo: store.encoders.byDir(encoder.dir)?.repo ?? null,
    copyEncoder: o.copyEncoder,
    project: { name, path: store.path, sourceLangs: config.sourceLangs, targetLang: config.targetLang },
    createdBy: o.createdBy,
  });
}
