// Model folders a project lists: Crosstag's own (weights.bin) and Hugging Face token-classification
// folders (model.safetensors), such as the teacher/ and student/ the PyTorch trainer writes, whose
// crosstag.json carries the training summary the model's figures come from.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openModel, type NerModel, type TrainingSummary } from '../../ml/index.js';

const WEIGHTS = ['weights.bin', 'model.safetensors'];
/** What the PyTorch trainer writes beside a Hugging Face folder (resources/trainer/crosstag_trainer/output.py). */
const TRAINER_FILE = 'crosstag.json';

/** The folder's weights file (whose change means the model changed), or null when it has none. */
export function weightsFile(dir: string): string | null {
  for (const name of WEIGHTS) if (existsSync(path.join(dir, name))) return path.join(dir, name);
  return null;
}

/** The training summary the PyTorch trainer recorded for a folder, or null. */
function trainerSummary(dir: string): TrainingSummary | null {
  const file = path.join(dir, TRAINER_FILE);
  if (!existsSync(file)) return null;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; summary?: { stages?: unknown } };
    return info.format === 'crosstag-hf-model' && Array.isArray(info.summary?.stages) ? (info.summary as TrainingSummary) : null;
  } catch {
    // The summary only gives the model's figures; a folder without a readable one still loads.
    return null;
  }
}

/** Either kind of model folder as a model, with the trainer's summary where the folder has one. */
export function openProjectModel(dir: string): NerModel {
  const model = openModel(dir);
  model.summary ??= trainerSummary(dir);
  return model;
}
