// Encoders by name (docs/ARCHITECTURE.md, "Plug-in points"): `small`, trained from scratch, and
// `bert`, a BERT-family checkpoint folder (./bert/).

import { CoreError } from '../../errors.js';
import type { Rng } from '../runtime/rng.js';
import type { Tf } from '../runtime/tf-types.js';
import type { Vocab } from '../data/vocab.js';
import { BertEncoder } from './bert/encoder.js';
import { bertEncoderConfig } from './bert/name.js';
import { REFERENCE_TRANSFORMER, SMALL_DEFAULTS, SmallEncoder } from './small.js';
import type { BertEncoderConfig, Encoder, EncoderConfig, SequenceConfig, SmallEncoderConfig } from './types.js';

export type { Encoder, EncoderBatch, EncoderConfig, SequenceConfig, SmallEncoderConfig, BertEncoderConfig } from './types.js';
export { SMALL_DEFAULTS, REFERENCE_TRANSFORMER } from './small.js';

export type EncoderFactory = (tf: Tf, config: EncoderConfig, vocab: Vocab, rng: Rng) => Encoder;

const registry = new Map<string, EncoderFactory>([
  ['small', (tf, config, vocab, rng) => new SmallEncoder(tf, config as SmallEncoderConfig, vocab, rng)],
  ['bert', (tf, config, vocab, rng) => new BertEncoder(tf, config as BertEncoderConfig, vocab, rng)],
]);

/** Makes an encoder kind available to createEncoder (for example `bert`). */
export function registerEncoder(kind: string, factory: EncoderFactory): void {
  registry.set(kind, factory);
}

export function encoderKinds(): string[] {
  return [...registry.keys()];
}

/** Builds an encoder with freshly initialised weights (drawn from rng). */
export function createEncoder(tf: Tf, config: EncoderConfig, vocab: Vocab, rng: Rng): Encoder {
  const factory = registry.get(config.kind);
  if (!factory) {
    throw new CoreError('BAD_REQUEST', `encoder "${config.kind}" is not available here (available: ${encoderKinds().join(', ')})`);
  }
  return factory(tf, config, vocab, rng);
}

const SEQUENCE_DEFAULTS: Record<SequenceConfig['type'], SequenceConfig> = {
  bilstm: SMALL_DEFAULTS.sequence,
  transformer: REFERENCE_TRANSFORMER.sequence,
  cnn: { type: 'cnn', layers: 3, dim: 200, width: 3, dropout: 0.3 },
};

/**
 * The built-in small encoders by the names encoderConfig takes: `small` (the default sequence
 * encoder) and `small-<type>` for each other one, with the sequence encoder each stands for.
 */
export function smallEncoders(): { name: string; sequence: SequenceConfig }[] {
  const out = [{ name: 'small', sequence: SMALL_DEFAULTS.sequence }];
  for (const seq of Object.values(SEQUENCE_DEFAULTS))
    if (seq.type !== SMALL_DEFAULTS.sequence.type) out.push({ name: `small-${seq.type}`, sequence: seq });
  return out;
}

/**
 * A full encoder config from a name and overrides: `small` (the default BiLSTM), `small-bilstm`,
 * `small-transformer`, `small-cnn`, or `bert:<dir>` for a checkpoint folder (options: bert/name.ts).
 */
export function encoderConfig(name: string, overrides: Partial<SmallEncoderConfig> = {}): EncoderConfig {
  if (name.startsWith('bert:')) return bertEncoderConfig(name);
  const [kind, variant] = name.split('-', 2) as [string, string | undefined];
  if (kind !== 'small') {
    throw new CoreError(
      'BAD_REQUEST',
      `unknown encoder "${name}": expected small, small-bilstm, small-transformer, small-cnn or bert:<dir>`,
    );
  }
  let sequence: SequenceConfig = overrides.sequence ?? SMALL_DEFAULTS.sequence;
  if (variant) {
    const seq = SEQUENCE_DEFAULTS[variant as SequenceConfig['type']];
    if (!seq) throw new CoreError('BAD_REQUEST', `unknown sequence encoder "${variant}": expected bilstm, transformer or cnn`);
    sequence = overrides.sequence && overrides.sequence.type === seq.type ? overrides.sequence : seq;
  }
  return { ...SMALL_DEFAULTS, ...overrides, sequence };
}
