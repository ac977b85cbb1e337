// The encoder of a bundle: a pretrained checkpoint folder named as TrainingConfig.encoder names it
// (`bert:<dir>`, `xlm-roberta:<dir>`, `roberta:<dir>`, `distilbert:<dir>`, each with
// `#freeze=N,max-length=N,stride=N,dropout=X`), read with the engine's own folder reader (config,
// tokenizer, window settings), and copied into the bundle (hard links where the file system allows).

import { copyFileSync, existsSync, linkSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../errors.js';
import { encoderConfig, encoderDefinition, type PretrainedEncoderConfig } from '../ml/encoders/index.js';
import { windowSettings } from '../ml/encoders/pretrained/encoder.js';
import { openPretrainedFolder, type PretrainedFolder } from '../ml/encoders/pretrained/folder.js';
import { TOKENIZER_FILES } from '../text/subword/index.js';

/** config.json model_type values the PyTorch trainer runs (resources/trainer/crosstag_trainer/hub.py). */
export const TRAINER_MODEL_TYPES = ['bert', 'roberta', 'xlm-roberta', 'camembert', 'distilbert'] as const;
const FILES = ['config.json', 'model.safetensors', ...TOKENIZER_FILES];

export interface HubEncoder {
  name: string;
  kind: string;
  dir: string;
  modelType: string;
  freezeLayers: number;
  /** The windows the engine would cut, resolved against the checkpoint's limits. */
  maxLength: number;
  stride: number;
  dropout: number | null;
  folder: PretrainedFolder;
}

export function hubEncoder(name: string): HubEncoder {
  const config = encoderConfig(name);
  const def = encoderDefinition(config.kind);
  const dir = def.folder(config);
  if (dir === null || !def.architecture) {
    throw new CoreError(
      'BAD_REQUEST',
      `encoder "${name}" trains in the app only; the PyTorch trainer takes a pretrained checkpoint folder (bert:<dir>, xlm-roberta:<dir>, distilbert:<dir>, ...)`,
    );
  }
  const folder = openPretrainedFolder(dir, def.architecture);
  const modelType = folder.shape.modelType;
  if (!(TRAINER_MODEL_TYPES as readonly string[]).includes(modelType)) {
    throw new CoreError(
      'BAD_REQUEST',
      `${dir}: model_type "${modelType}" is not one the PyTorch trainer runs (${TRAINER_MODEL_TYPES.join(', ')})`,
    );
  }
  if (!existsSync(path.join(dir, 'model.safetensors'))) {
    throw new CoreError('BAD_REQUEST', `${dir} has no model.safetensors, the only weights file the trainer reads`, { file: dir });
  }
  const c = config as PretrainedEncoderConfig;
  const specials = folder.tokenizer.prefix.length + folder.tokenizer.suffix.length;
  const windows = windowSettings(c, folder.maxLength, specials);
  return {
    name,
    kind: config.kind,
    dir: path.resolve(dir),
    modelType,
    freezeLayers: c.freezeLayers ?? 0,
    maxLength: windows.maxLength,
    stride: windows.stride,
    dropout: c.dropout ?? null,
    folder,
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
      try {
        copyFileSync(from, path.join(to, name));
      } catch (err) {
        throw new CoreError(
          'BAD_REQUEST',
          `${from}: cannot copy it into the bundle (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
          {
            file: from,
          },
        );
      }
    }
    copied.push(name);
  }
  return copied;
}
