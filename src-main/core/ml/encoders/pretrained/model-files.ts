// A saved model with a pretrained encoder is self-contained: the fine-tuned weights are in the
// model's weights.bin like any other, and the checkpoint's config.json and tokenizer files are
// copied into its `encoder/` subfolder, which the saved encoder config points to by a relative
// path. Loading builds the encoder from that subfolder with zeroed weights (init 'none') that
// loadModel then overwrites, so the original checkpoint need not exist any more.

import { copyFileSync, existsSync, mkdirSync, realpathSync, renameSync } from 'node:fs';
import path from 'node:path';
import { TOKENIZER_FILES } from '../../../text/subword/index.js';
import { CONFIG_FILE } from './config.js';
import type { PretrainedEncoderConfig } from './settings.js';

/** Subfolder of a model folder that holds the encoder's config and tokenizer. */
export const ENCODER_SUBDIR = 'encoder';
/** What a saved model keeps of its checkpoint (everything but the weights). */
export const ENCODER_FILES = [CONFIG_FILE, ...TOKENIZER_FILES];

function sameFolder(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

export function copyAtomic(from: string, to: string): void {
  const tmp = path.join(path.dirname(to), `.${path.basename(to)}.${process.pid}.tmp`);
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

/** Copies the files of `files` that `from` has into `to` (created if needed). */
export function copyFiles(from: string, to: string, files: readonly string[]): void {
  mkdirSync(to, { recursive: true });
  for (const name of files) {
    const file = path.join(from, name);
    if (existsSync(file)) copyAtomic(file, path.join(to, name));
  }
}

/** Copies a pretrained encoder's files into the model folder; returns the encoder config to record. */
export function pretrainedForSave<C extends PretrainedEncoderConfig>(encoder: C, modelDir: string): C {
  const target = path.join(modelDir, ENCODER_SUBDIR);
  if (!sameFolder(encoder.dir, target)) copyFiles(encoder.dir, target, ENCODER_FILES);
  const saved: C = { ...encoder, dir: ENCODER_SUBDIR, source: encoder.source ?? path.resolve(encoder.dir) };
  delete saved.init;
  return saved;
}

/** The encoder config to build a saved model with: its own subfolder, weights to be overwritten. */
export function pretrainedForLoad<C extends PretrainedEncoderConfig>(encoder: C, modelDir: string): C {
  return { ...encoder, dir: path.resolve(modelDir, encoder.dir), init: 'none' };
}
