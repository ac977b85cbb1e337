// A saved model with a `bert` encoder is self-contained: the fine-tuned weights are in the model's
// weights.bin like any other, and the checkpoint's config.json, vocab.txt (and
// tokenizer_config.json) are copied into its `encoder/` subfolder, which the saved encoder config
// points to by a relative path. Loading builds the encoder from that subfolder with zeroed weights
// (init 'none') that loadModel then overwrites, so the original checkpoint need not exist any more.

import { copyFileSync, existsSync, mkdirSync, realpathSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { BertEncoderConfig, EncoderConfig } from '../types.js';
import { CONFIG_FILE, TOKENIZER_CONFIG_FILE, VOCAB_FILE } from './config.js';

/** Subfolder of a model folder that holds the encoder's config and vocabulary. */
export const ENCODER_SUBDIR = 'encoder';

export const bertEncoderSchema = z.object({
  kind: z.literal('bert'),
  dir: z.string().min(1),
  freezeLayers: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(3).optional(),
  stride: z.number().int().min(0).optional(),
  dropout: z.number().min(0).max(1).optional(),
  init: z.enum(['pretrained', 'random', 'none']).optional(),
  source: z.string().optional(),
});

function sameFolder(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

function copyAtomic(from: string, to: string): void {
  const tmp = path.join(path.dirname(to), `.${path.basename(to)}.${process.pid}.tmp`);
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

/** Copies a bert encoder's files into the model folder; returns the encoder config to record. */
export function encoderForSave(encoder: EncoderConfig, modelDir: string): EncoderConfig {
  if (encoder.kind !== 'bert') return encoder;
  const target = path.join(modelDir, ENCODER_SUBDIR);
  if (!sameFolder(encoder.dir, target)) {
    mkdirSync(target, { recursive: true });
    for (const name of [CONFIG_FILE, VOCAB_FILE, TOKENIZER_CONFIG_FILE]) {
      const from = path.join(encoder.dir, name);
      if (existsSync(from)) copyAtomic(from, path.join(target, name));
    }
  }
  const saved: BertEncoderConfig = { ...encoder, dir: ENCODER_SUBDIR, source: encoder.source ?? path.resolve(encoder.dir) };
  delete saved.init;
  return saved;
}

/** The encoder config to build a saved model with: its own subfolder, weights to be overwritten. */
export function encoderForLoad(encoder: EncoderConfig, modelDir: string): EncoderConfig {
  if (encoder.kind !== 'bert') return encoder;
  return { ...encoder, dir: path.resolve(modelDir, encoder.dir), init: 'none' };
}
