// The `bert` encoder as a name, for the CLI's --encoder and the app's TrainingConfig.encoder:
//   bert:<dir>                                   all layers fine-tuned, default windows
//   bert:<dir>#freeze=4,max-length=128,stride=32,dropout=0.1
// Options follow the last `#`, so a folder path may contain anything but that character.

import { CoreError } from '../../../errors.js';
import type { BertEncoderConfig } from '../types.js';

const OPTIONS: Record<string, { key: 'freezeLayers' | 'maxLength' | 'stride' | 'dropout'; integer: boolean }> = {
  freeze: { key: 'freezeLayers', integer: true },
  'max-length': { key: 'maxLength', integer: true },
  stride: { key: 'stride', integer: true },
  dropout: { key: 'dropout', integer: false },
};

export function bertEncoderConfig(name: string): BertEncoderConfig {
  const spec = name.startsWith('bert:') ? name.slice('bert:'.length) : name;
  const hash = spec.lastIndexOf('#');
  const dir = hash < 0 ? spec : spec.slice(0, hash);
  if (!dir) throw new CoreError('BAD_REQUEST', `encoder "${name}": expected bert:<checkpoint folder>`);
  const config: BertEncoderConfig = { kind: 'bert', dir };
  if (hash < 0) return config;
  for (const part of spec.slice(hash + 1).split(',')) {
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
