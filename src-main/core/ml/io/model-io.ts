// A model on disk is a folder:
//   config.json   kind, encoder config, label list, head dropout, training summary
//   vocab.json    word and character vocabularies
//   weights.bin   float32 little-endian values, one array after another
//   weights.json  manifest: name, shape, dtype, byte offset and length of each array
//   encoder/      bert encoders only: the checkpoint's config.json and vocab.txt (encoders/bert/model-files.ts)
// Each file is written atomically and config.json last, so a folder with a config.json is whole.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CoreError } from '../../errors.js';
import { getTf } from '../runtime/backend.js';
import { bertEncoderSchema, encoderForLoad, encoderForSave } from '../encoders/bert/model-files.js';
import type { EncoderConfig } from '../encoders/index.js';
import { buildModel, type NerModel, type TrainingSummary } from '../model/model.js';
import { writeFileAtomic } from './tensor-file.js';

const FORMAT = 'crosstag-model';
const VERSION = 1;

const sequenceSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('bilstm'),
    hidden: z.number().int().positive(),
    layers: z.number().int().positive(),
    dropout: z.number().min(0).max(1),
  }),
  z.object({
    type: z.literal('transformer'),
    layers: z.number().int().positive(),
    dim: z.number().int().positive(),
    heads: z.number().int().positive(),
    ff: z.number().int().positive(),
    dropout: z.number().min(0).max(1),
  }),
  z.object({
    type: z.literal('cnn'),
    layers: z.number().int().positive(),
    dim: z.number().int().positive(),
    width: z.number().int().positive(),
    dropout: z.number().min(0).max(1),
  }),
]);

const encoderSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('small'),
    wordDim: z.number().int().positive(),
    wordMinCount: z.number().int().min(1),
    wordDropout: z.number().min(0).max(1),
    frequentWords: z.number().int().min(0).default(0),
    frequentWordDropout: z.number().min(0).max(1).default(0),
    charDim: z.number().int().positive(),
    charFilters: z.number().int().min(0),
    charWidth: z.number().int().positive(),
    maxWordChars: z.number().int().positive(),
    foldChars: z.boolean(),
    casing: z.boolean(),
    featureDropout: z.number().min(0).max(1),
    sequence: sequenceSchema,
  }),
  bertEncoderSchema,
]);

const configSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  kind: z.enum(['teacher', 'student']),
  encoder: encoderSchema,
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
    encoder: encoderForSave(model.spec.encoder, dir),
    labels: model.spec.labels,
    headDropout: model.spec.headDropout,
    summary: model.summary,
  };
  writeFileAtomic(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
}

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  if (!existsSync(file)) throw new CoreError('NOT_FOUND', `${file}: not found (is this a Crosstag model folder?)`, { file });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CoreError('BAD_REQUEST', `${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, { file });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CoreError('BAD_REQUEST', `${file}: ${issue.path.join('.') || 'root'}: ${issue.message}`, { file });
  }
  return parsed.data;
}

/** Loads a model folder written by saveModel; throws a CoreError naming the file on any mismatch. */
export function loadModel(dir: string): NerModel {
  const tf = getTf();
  const configFile = path.join(dir, 'config.json');
  const config = readJson(configFile, configSchema);
  const vocab = readJson(path.join(dir, 'vocab.json'), vocabSchema);
  const manifestFile = path.join(dir, 'weights.json');
  const manifest = readJson(manifestFile, manifestSchema);
  const binFile = path.join(dir, 'weights.bin');
  if (!existsSync(binFile)) throw new CoreError('NOT_FOUND', `${binFile}: not found`, { file: binFile });
  const bin = readFileSync(binFile);
  const spec = {
    kind: config.kind,
    encoder: encoderForLoad(config.encoder as EncoderConfig, dir),
    labels: config.labels,
    vocab,
    headDropout: config.headDropout,
  };
  const model = buildModel(tf, spec, 0);
  try {
    const named = model.named();
    const entries = new Map(manifest.weights.map((w) => [w.name, w]));
    for (const [name, v] of named) {
      const w = entries.get(name);
      if (!w) throw new CoreError('BAD_REQUEST', `${manifestFile}: weight ${name} is missing`, { file: manifestFile });
      if (w.shape.join('x') !== v.shape.join('x')) {
        throw new CoreError(
          'BAD_REQUEST',
          `${manifestFile}: weight ${name} has shape ${w.shape.join('x')}, the config needs ${v.shape.join('x')}`,
          { file: manifestFile },
        );
      }
      if (w.length !== v.size * 4 || w.offset + w.length > bin.length) {
        throw new CoreError('BAD_REQUEST', `${binFile}: weight ${name} lies outside the file (truncated?)`, { file: binFile });
      }
      const values = new Float32Array(v.size);
      new Uint8Array(values.buffer).set(bin.subarray(w.offset, w.offset + w.length));
      tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    }
    model.summary = (config.summary ?? null) as TrainingSummary | null;
    return model;
  } catch (err) {
    model.dispose();
    throw err;
  }
}
