// Named engine sizes a shell may start its ML service with, outside the contract's
// TrainingConfig. `tiny` is a test and development knob (CROSSTAG_TUNING=tiny for the web
// shell): models of a few hundred weights that train a pipeline run on a handful of sentences in
// seconds, so browser tests can start, watch, cancel and resume real runs. Never a product size.

import { CoreError } from '../errors.js';
import type { EngineTuning } from '../jobs/index.js';

export const TUNING_PRESETS: Readonly<Record<string, EngineTuning>> = {
  tiny: {
    encoderOverrides: {
      wordDim: 8,
      wordMinCount: 1,
      wordDropout: 0,
      charDim: 4,
      charFilters: 6,
      featureDropout: 0.1,
      sequence: { type: 'bilstm', hidden: 8, layers: 1, dropout: 0.1 },
    },
    batchSize: 4,
    evaluatorEpochs: 1,
    // A checkpoint every few steps, so that a run killed mid-epoch resumes inside that epoch.
    checkpointEvery: 2,
    predictBatch: 4,
  },
};

/** The tuning a preset name stands for; unset or empty means the engine's own defaults. */
export function tuningPreset(name: string | undefined, source = 'CROSSTAG_TUNING'): EngineTuning | undefined {
  if (name === undefined || name === '') return undefined;
  const preset = Object.prototype.hasOwnProperty.call(TUNING_PRESETS, name) ? TUNING_PRESETS[name] : undefined;
  if (preset !== undefined) return structuredClone(preset);
  const known = Object.keys(TUNING_PRESETS).join(', ');
  throw new CoreError('BAD_REQUEST', `${source} must be one of ${known} (or unset for the default sizes), not "${name.slice(0, 40)}"`);
}
