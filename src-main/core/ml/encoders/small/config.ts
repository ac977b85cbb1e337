// The `small` encoder's config: its schema (the type is inferred from it), its defaults and its
// names: `small` (the default BiLSTM) and `small-<type>` for each sequence encoder.

import { z } from 'zod';
import { CoreError } from '../../../errors.js';

const rate = z.number().min(0).max(1);
const count = z.number().int().positive();

const sequenceSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('bilstm'), hidden: count, layers: count, dropout: rate }),
  z.strictObject({ type: z.literal('transformer'), layers: count, dim: count, heads: count, ff: count, dropout: rate }),
  z.strictObject({ type: z.literal('cnn'), layers: count, dim: count, width: count, dropout: rate }),
]);

export const smallEncoderSchema = z.strictObject({
  kind: z.literal('small'),
  wordDim: count,
  /** Training words seen fewer times than this share the unknown-word row. */
  wordMinCount: z.number().int().min(1),
  /** Probability of replacing a known word by the unknown word while training. */
  wordDropout: rate,
  /**
   * The `frequentWords` most frequent training words (function words, mostly) are replaced by
   * the unknown word with probability `frequentWordDropout` instead: in another language those
   * positions hold words the model has never seen. Models saved before these existed have neither.
   */
  frequentWords: z.number().int().min(0).default(0),
  frequentWordDropout: rate.default(0),
  charDim: count,
  charFilters: z.number().int().min(0),
  charWidth: count,
  maxWordChars: count,
  foldChars: z.boolean(),
  casing: z.boolean(),
  /** Dropout on the concatenated word, character and casing features. */
  featureDropout: rate,
  sequence: sequenceSchema,
});

export type SmallEncoderConfig = z.infer<typeof smallEncoderSchema>;
export type SequenceConfig = SmallEncoderConfig['sequence'];

export const SMALL_DEFAULTS: SmallEncoderConfig = {
  kind: 'small',
  wordDim: 100,
  wordMinCount: 2,
  wordDropout: 0.05,
  frequentWords: 0,
  frequentWordDropout: 0,
  charDim: 30,
  charFilters: 50,
  charWidth: 3,
  maxWordChars: 20,
  foldChars: true,
  casing: true,
  featureDropout: 0.5,
  sequence: { type: 'bilstm', hidden: 128, layers: 1, dropout: 0.5 },
};

/** The reference shape of the speed figures: a 2-layer transformer, d=128, 4 heads, ff=256. */
export const REFERENCE_TRANSFORMER: SmallEncoderConfig = {
  ...SMALL_DEFAULTS,
  sequence: { type: 'transformer', layers: 2, dim: 128, heads: 4, ff: 256, dropout: 0.1 },
};

const SEQUENCE_DEFAULTS: Record<SequenceConfig['type'], SequenceConfig> = {
  bilstm: SMALL_DEFAULTS.sequence,
  transformer: REFERENCE_TRANSFORMER.sequence,
  cnn: { type: 'cnn', layers: 3, dim: 200, width: 3, dropout: 0.3 },
};

/** The built-in small encoders by name, with the sequence encoder each stands for. */
export function smallEncoders(): { name: string; sequence: SequenceConfig }[] {
  const out = [{ name: 'small', sequence: SMALL_DEFAULTS.sequence }];
  for (const seq of Object.values(SEQUENCE_DEFAULTS))
    if (seq.type !== SMALL_DEFAULTS.sequence.type) out.push({ name: `small-${seq.type}`, sequence: seq });
  return out;
}

/** `small` or `small-<type>` with the overrides, or null for a name that is not a small encoder's. */
export function parseSmallName(name: string, overrides: Partial<SmallEncoderConfig> = {}): SmallEncoderConfig | null {
  const [kind, variant] = name.split('-', 2) as [string, string | undefined];
  if (kind !== 'small') return null;
  let sequence: SequenceConfig = overrides.sequence ?? SMALL_DEFAULTS.sequence;
  if (variant !== undefined) {
    const seq = Object.hasOwn(SEQUENCE_DEFAULTS, variant) ? SEQUENCE_DEFAULTS[variant as SequenceConfig['type']] : undefined;
    if (!seq) throw new CoreError('BAD_REQUEST', `unknown sequence encoder "${variant}": expected bilstm, transformer or cnn`);
    sequence = overrides.sequence && overrides.sequence.type === seq.type ? overrides.sequence : seq;
  }
  return { ...SMALL_DEFAULTS, ...overrides, sequence };
}

/** The name a small config goes by: `small` for a BiLSTM, else `small-<type>`. */
export function smallName(config: SmallEncoderConfig): string {
  return config.sequence.type === 'bilstm' ? 'small' : `small-${config.sequence.type}`;
}
