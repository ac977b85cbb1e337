// An architecture (../<arch>/architecture.ts) as an encoder the registry lists: the schema, name
// and files of a pretrained encoder, shared by every architecture.

import type { EncoderDefinition } from '../types.js';
import type { Architecture } from './architecture.js';
import { PretrainedEncoder } from './encoder.js';
import { pretrainedForLoad, pretrainedForSave } from './model-files.js';
import { parsePretrainedName, pretrainedName, pretrainedSchema, type PretrainedEncoderConfig } from './settings.js';

export function pretrainedEncoder<K extends string>(kind: K, arch: Architecture): EncoderDefinition<K, PretrainedEncoderConfig<K>> {
  if (arch.kind !== kind) throw new Error(`architecture ${arch.kind} registered as ${kind}`);
  return {
    kind,
    schema: pretrainedSchema(kind),
    names: [`${kind}:<dir>`],
    parse: (name) => parsePretrainedName(name, kind),
    name: pretrainedName,
    build: (tf, config, vocab, rng) => new PretrainedEncoder(tf, arch, config, vocab, rng),
    folder: (config) => config.dir,
    withFolder: (config, dir) => ({ ...config, dir }),
    forSave: pretrainedForSave,
    forLoad: pretrainedForLoad,
    architecture: arch,
  };
}
