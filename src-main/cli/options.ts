// Option values shared by several commands, checked once.

import type { CorpusFormat, TagScheme } from '../contract/entities.js';
import { CliError } from './io.js';

export const FORMATS: readonly CorpusFormat[] = ['conll', 'jsonl', 'hf', 'text', 'labelstudio', 'labelstudio-min', 'webanno'];
const SCHEMES: readonly TagScheme[] = ['iob1', 'iob2', 'bioes'];

export function formatOption(value: string | undefined, flag: string): CorpusFormat | undefined {
  if (value === undefined) return undefined;
  if ((FORMATS as readonly string[]).includes(value)) return value as CorpusFormat;
  throw new CliError(`${flag} must be one of ${FORMATS.join(', ')}, not "${value}"`);
}

export function schemeOption(value: string | undefined): TagScheme | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if ((SCHEMES as readonly string[]).includes(lower)) return lower as TagScheme;
  throw new CliError(`--scheme must be one of ${SCHEMES.join(', ')}, not "${value}"`);
}
