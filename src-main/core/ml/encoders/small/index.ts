// The `small` encoder, trained from scratch (encoder.ts), as the registry sees it.

import type { EncoderDefinition } from '../types.js';
import { parseSmallName, smallEncoders, smallEncoderSchema, smallName, type SmallEncoderConfig } from './config.js';
import { SmallEncoder } from './encoder.js';

export {
  parseSmallName,
  REFERENCE_TRANSFORMER,
  SMALL_DEFAULTS,
  smallEncoders,
  type SequenceConfig,
  type SmallEncoderConfig,
} from './config.js';
export { SmallEncoder } from './encoder.js';

export const smallEncoder: EncoderDefinition<'small', SmallEncoderConfig> = {
  kind: 'small',
  schema: smallEncoderSchema,
  names: smallEncoders().map((e) => e.name),
  parse: (name) => parseSmallName(name),
  name: smallName,
  build: (tf, config, vocab, rng) => new SmallEncoder(tf, config, vocab, rng),
  folder: () => null,
  withFolder: (config) => config,
  forSave: (config) => config,
  forLoad: (config) => config,
  architecture: null,
};
