// A pretrained encoder's settings: the schema of its saved config (the type is inferred from it),
// and its name, for the CLI's --encoder and the app's TrainingConfig.encoder:
//   <kind>:<dir>                                  all layers fine-tuned, default windows
//   <kind>:<dir>#freeze=4,max-length=128,stride=32,dropout=0.1
// where <kind> is the architecture (bert, xlm-roberta, roberta, distilbert). Options follow the
// last `#`, so a folder path may contain anything but that character. The defaults come from the
// checkpoint (encoder.ts): all layers trained, windows of min(512, positions), config.json's dropout.

import { z } from 'zod';
import { CoreError } from '../../../errors.js';

export function pretrainedSchema<K extends string>(kind: K) {
  return z.strictObject({
    kind: z.literal(kind),
    /** The checkpoint folder: config.json, model.safetensors, tokenizer.json or vocab.txt. */
    dir: z.string().min(1),
    /** Keep the embeddings and the lowest N layers fixed while fine-tuning (default 0: train all). */
    freezeLayers: z.number().int().min(0).optional(),
    /** Pieces per window, special tokens included (default min(512, the checkpoint's positions)). */
    maxLength: z.number().int().min(3).optional(),
    /** Pieces shared by consecutive windows of a long sentence (default min(128, half a window)). */
    stride: z.number().int().min(0).optional(),
    /** Hidden and attention dropout (default: config.json's). */
    dropout: z.number().min(0).max(1).optional(),
    /** Initial weights: the checkpoint (default), the architecture's random init, or zeros that loading overwrites. */
    init: z.enum(['pretrained', 'random', 'none']).optional(),
    /** In a saved model: the checkpoint folder it was fine-tuned from (informational). */
    source: z.string().optional(),
  });
}

export type PretrainedEncoderConfig<K extends string = string> = z.infer<ReturnType<typeof pretrainedSchema<K>>>;

type OptionKey = 'freezeLayers' | 'maxLength' | 'stride' | 'dropout';
const OPTIONS: Record<string, { key: OptionKey; integer: boolean }> = {
  freeze: { key: 'freezeLayers', integer: true },
  'max-length': { key: 'maxLength', integer: true },
  stride: { key: 'stride', integer: true },
  dropout: { key: 'dropout', integer: false },
};

/** `<kind>:<dir>[#options]` split up, or null when the name does not start with `<kind>:`. */
export function splitPretrainedName(name: string, kind: string): { dir: string; options: string | null } | null {
  if (!name.startsWith(`${kind}:`)) return null;
  const spec = name.slice(kind.length + 1);
  const hash = spec.lastIndexOf('#');
  return hash < 0 ? { dir: spec, options: null } : { dir: spec.slice(0, hash), options: spec.slice(hash + 1) };
}

/** The config a `<kind>:<dir>#options` name stands for, or null for another encoder's name. */
export function parsePretrainedName<K extends string>(name: string, kind: K): PretrainedEncoderConfig<K> | null {
  const split = splitPretrainedName(name, kind);
  if (split === null) return null;
  if (!split.dir) throw new CoreError('BAD_REQUEST', `encoder "${name}": expected ${kind}:<checkpoint folder>`);
  const config = { kind, dir: split.dir } as PretrainedEncoderConfig<K>;
  if (split.options === null) return config;
  for (const part of split.options.split(',')) {
    const [key, value] = part.split('=', 2) as [string, string | undefined];
    // Own keys only: `constructor=1` or `__proto__=1` is an unknown option, not an Object.prototype member.
    const option = Object.hasOwn(OPTIONS, key.trim()) ? OPTIONS[key.trim()] : undefined;
    const n = Number(value);
    if (!option || value === undefined || value.trim() === '' || !Number.isFinite(n) || (option.integer && !Number.isInteger(n))) {
      throw new CoreError(
        'BAD_REQUEST',
        `encoder "${name}": bad option "${part}" (expected ${Object.keys(OPTIONS)
          .map((k) => `${k}=N`)
          .join(', ')})`,
      );
    }
    config[option.key] = n;
  }
  return config;
}

/** The name of a config: `<kind>:<dir>` and its options. */
export function pretrainedName(config: PretrainedEncoderConfig): string {
  const options = Object.entries(OPTIONS)
    .filter(([, o]) => config[o.key] !== undefined)
    .map(([name, o]) => `${name}=${config[o.key]}`);
  return `${config.kind}:${config.dir}${options.length > 0 ? `#${options.join(',')}` : ''}`;
}
