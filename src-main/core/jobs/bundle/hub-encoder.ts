// The encoder of a bundle: a pretrained checkpoint folder named as TrainingConfig.encoder names it
// (`bert:<dir>[#freeze=N,max-length=N,stride=N,dropout=X]`), checked for what the PyTorch trainer
// reads (config.json of a BERT, RoBERTa / XLM-R or DistilBERT model and model.safetensors), and
// copied into the bundle (hard links where the file system allows).

import { copyFileSync, existsSync, linkSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../errors.js';
import { bertEncoderConfig } from '../../ml/encoders/bert/index.js';
import { readJsonFile } from '../../ml/encoders/bert/config.js';

/** model_type values the trainer runs (resources/trainer/crosstag_trainer/hub.py). */
export const TRAINER_MODEL_TYPES = ['bert', 'roberta', 'xlm-roberta', 'camembert', 'distilbert'] as const;
const FILES = [
  'config.json',
  'model.safetensors',
  'vocab.txt',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'sentencepiece.bpe.model',
  'spiece.model',
  'merges.txt',
  'vocab.json',
  'added_tokens.json',
];

export interface HubEncoder {
  name: string;
  dir: string;
  modelType: string;
  freezeLayers: number;
  maxLength: number | null;
  stride: number | null;
  dropout: number | null;
}

export function hubEncoder(name: string): HubEncoder {
  const colon = name.indexOf(':');
  if (colon < 0 || name.startsWith('small')) {
    throw new CoreError(
      'BAD_REQUEST',
      `encoder "${name}" trains in the app only; the PyTorch trainer takes a pretrained checkpoint folder (BERT, XLM-R or DistilBERT), e.g. bert:<dir>`,
    );
  }
  const c = bertEncoderConfig(name.slice(colon + 1));
  const configFile = path.join(c.dir, 'config.json');
  const raw = readJsonFile(configFile) as { model_type?: unknown };
  const modelType = typeof raw.model_type === 'string' ? raw.model_type : 'bert';
  if (!(TRAINER_MODEL_TYPES as readonly string[]).includes(modelType)) {
    throw new CoreError(
      'BAD_REQUEST',
      `${configFile}: model_type "${modelType}" is not one the trainer runs (${TRAINER_MODEL_TYPES.join(', ')})`,
      {
        file: configFile,
      },
    );
  }
  if (!existsSync(path.join(c.dir, 'model.safetensors'))) {
    throw new CoreError('BAD_REQUEST', `${c.dir} has no model.safetensors, the only weights file the trainer reads`, { file: c.dir });
  }
  return {
    name,
    dir: path.resolve(c.dir),
    modelType,
    freezeLayers: c.freezeLayers ?? 0,
    maxLength: c.maxLength ?? null,
    stride: c.stride ?? null,
    dropout: c.dropout ?? null,
  };
}

/** The checkpoint's files in `to`, hard-linked where possible; returns their names. */
export function copyEncoder(e: HubEncoder, to: string): string[] {
  mkdirSync(to, { recursive: true });
  const copied: string[] = [];
  for (const name of FILES) {
    const from = path.join(e.dir, name);
    if (!existsSync(from)) continue;
    try {
      linkSync(from, path.join(to, name));
    } catch {
      copyFileSync(from, path.join(to, name));
    }
    copied.push(name);
  }
  return copied;
}
