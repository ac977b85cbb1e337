// A model on disk is a folder:
//   config.json   kind, encoder config, label list, head dropout, training summary
//   vocab.json    word and character vocabularies
//   weights.bin   float32 little-endian values, one array after another
//   weights.json  manifest: name, shape, dtype, byte offset and length of each array
//   encoder/      pretrained encoders only: the checkpoint's config.json and tokenizer files
//                 (encoders/pretrained/model-files.ts)
// Each file is written atomically and config.json last, so a folder with a config.json is whole.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CoreError } from '../../errors.js';
import { getTf } from '../runtime/backend.js';
import { encoderDefinition, parseEncoderConfig, type EncoderConfig } from '../encoders/index.js';
import type { Vocab } from '../data/vocab.js';
import { readJsonWith } from '../../json-file.js';
import { buildModel, type NerModel, type TrainingSummary } from '../model/model.js';
import { writeFileAtomic } from '../../files/index.js';

const FORMAT = 'crosstag-model';
const VERSION = 1;

const configSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  kind: z.enum(['teacher', 'student']),
  encoder: z.unknown(),
  labels: z.array(z.string()).min(1),
  headDropout: z.number().min(0).max(1),
  summary: z.unknown(),
});

const vocabSchema = z.object({ words: z.array(z.string()).min(2), chars: z.array(z.string()).min(2) });

const manifestSchema = z.object({
  byteOrder: z.literal('little'),
  weights: z.array(
    z.object({
      name: z.string(),
      shape: z.array(z.number().int().min(0)),
      dtype: z.literal('float32'),
      offset: z.number().int().min(0),
      length: z.number().int().min(0),
    }),
  ),
});

/** Writes the model folder (created if needed); existing model files in it are replaced. */
export async function saveModel(model: NerModel, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const named = [...model.named()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const manifest: z.infer<typeof manifestSchema> = { byteOrder: 'little', weights: [] };
  let offset = 0;
  for (const [name, v] of named) {
    manifest.weights.push({ name, shape: [...v.shape], dtype: 'float32', offset, length: v.size * 4 });
    offset += v.size * 4;
  }
  const bin = new Uint8Array(offset);
  for (const [i, [, v]] of named.entries()) {
    const entry = manifest.weights[i]!;
    bin.set(new Uint8Array(((await v.data()) as Float32Array).slice().buffer), entry.offset);
  }
  writeFileAtomic(path.join(dir, 'weights.bin'), bin);
  writeFileAtomic(path.join(dir, 'weights.json'), JSON.stringify(manifest, null, 1));
  writeFileAtomic(path.join(dir, 'vocab.json'), JSON.stringify(model.spec.vocab));
  const config = {
    format: FORMAT,
    version: VERSION,
    kind: model.kind,
    encoder: encoderDefinition(model.spec.encoder.kind).forSave(model.spec.encoder, dir),
    labels: model.spec.labels,
    headDropout: model.spec.headDropout,
    summary: model.summary,
  };
  writeFileAtomic(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
}

function readJson<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  if (!existsSync(file)) throw new CoreError('NOT_FOUND', `${file}: not found (is this a Crosstag model folder?)`, { file });
  return readJsonWith(file, schema);
}

/** A saved model's files, read and checked, with its weights read one at a time. */
export interface SavedModel {
  kind: 'teacher' | 'student';
  /** The encoder config as saved (its folder relative to the model folder). */
  encoder: EncoderConfig;
  labels: string[];
  headDropout: number;
  vocab: Vocab;
  summary: TrainingSummary | null;
  /** The values of a weight, checked against the shape the model needs. */
  weight(name: string, shape: readonly number[]): Float32Array;
}

/** Reads a model folder written by saveModel (not the weights themselves); errors name the file. */
export function readSavedModel(dir: string): SavedModel {
  const configFile = path.join(dir, 'config.json');
  const config = readJson(configFile, configSchema);
  const vocab = readJson(path.join(dir, 'vocab.json'), vocabSchema);
  const manifestFile = path.join(dir, 'weights.json');
  const manifest = readJson(manifestFile, manifestSchema);
  const binFile = path.join(dir, 'weights.bin');
  if (!existsSync(binFile)) throw new CoreError('NOT_FOUND', `${binFile}: not found`, { file: binFile });
  const bin = readFileSync(binFile);
  const entries = new Map(manifest.weights.map((w) => [w.name, w]));
  const weight = (name: string, shape: readonly number[]): Float32Array => {
    const w = entries.get(name);
    if (!w) throw new CoreError('BAD_REQUEST', `${manifestFile}: weight ${name} is missing`, { file: manifestFile });
    if (w.shape.join('x') !== shape.join('x')) {
      throw new CoreError(
        'BAD_REQUEST',
        `${manifestFile}: weight ${name} has shape ${w.shape.join('x')}, the config needs ${shape.join('x')}`,
        {
          file: manifestFile,
        },
      );
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (w.length !== size * 4 || w.offset + w.length > bin.length) {
      throw new CoreError('BAD_REQUEST', `${binFile}: weight ${name} lies outside the file (truncated?)`, { file: binFile });
    }
    const values = new Float32Array(size);
    new Uint8Array(values.buffer).set(bin.subarray(w.offset, w.offset + w.length));
    return values;
  };
  return {
    kind: config.kind,
    encoder: parseEncoderConfig(config.encoder, configFile),
    labels: config.labels,
    headDropout: config.headDropout,
    vocab,
    summary: (config.summary ?? null) as TrainingSummary | null,
    weight,
  };
}

/** Loads a model folder written by saveModel; throws a CoreError naming the file on any mismatch. */
export function loadModel(dir: string): NerModel {
  const tf = getTf();
  const saved = readSavedModel(dir);
  const spec = {
    kind: saved.kind,
    encoder: encoderDefinition(saved.encoder.kind).forLoad(saved.encoder, dir) as EncoderConfig,
    labels: saved.labels,
    vocab: saved.vocab,
    headDropout: saved.headDropout,
  };
  const model = buildModel(tf, spec, 0);
  try {
    for (const [name, v] of model.named()) {
      const values = saved.weight(name, v.shape);
      tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    }
    model.summary = saved.summary;
    return model;
  } catch (err) {
    model.dispose();
    throw err;
  }
}
