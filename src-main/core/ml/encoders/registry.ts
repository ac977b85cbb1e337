// The one list of encoders. Each is a folder (small/, bert/, xlm-roberta/, distilbert/) whose
// index.ts exports its definition (types.ts, EncoderDefinition): the saved config's schema, its
// names and its builder. Adding an encoder is that folder and one line in ENCODERS; the config
// type, the saved-model schema, name parsing and the model_type lookup all follow from the list.
// docs/walkthroughs/add-an-encoder.md walks through it.

import { CoreError } from '../../errors.js';
import type { Rng } from '../runtime/rng.js';
import type { Tf } from '../runtime/tf-types.js';
import type { Vocab } from '../data/vocab.js';
import { bertEncoder } from './bert/index.js';
import { distilbertEncoder } from './distilbert/index.js';
import { readCheckpointConfig } from './pretrained/config.js';
import { checkDir, validateFolderAs, type EncoderFolderReport } from './pretrained/folder.js';
import type { Architecture } from './pretrained/architecture.js';
import { parseSmallName, smallEncoder, type SmallEncoderConfig } from './small/index.js';
import type { Encoder, EncoderConfigBase, EncoderDefinition } from './types.js';
import { robertaEncoder, xlmRobertaEncoder } from './xlm-roberta/index.js';

export const ENCODERS = [smallEncoder, bertEncoder, xlmRobertaEncoder, robertaEncoder, distilbertEncoder] as const;

type Definitions = (typeof ENCODERS)[number];
/** Every encoder config: the union of the registered schemas' types. */
export type EncoderConfig = Definitions extends EncoderDefinition<string, infer C> ? C : never;
export type EncoderKind = Definitions['kind'];

const byKind = new Map<string, EncoderDefinition>(ENCODERS.map((d) => [d.kind, d as unknown as EncoderDefinition]));

export function encoderKinds(): string[] {
  return [...byKind.keys()];
}

/** The definition of a config's encoder; an unknown kind is refused with the known ones. */
export function encoderDefinition(kind: string): EncoderDefinition {
  const def = byKind.get(kind);
  if (!def) throw new CoreError('BAD_REQUEST', `encoder "${kind}" is not available here (available: ${encoderKinds().join(', ')})`);
  return def;
}

/** Builds an encoder with freshly initialised weights (drawn from rng). */
export function createEncoder(tf: Tf, config: EncoderConfigBase, vocab: Vocab, rng: Rng): Encoder {
  return encoderDefinition(config.kind).build(tf, config, vocab, rng);
}

/** Every name the registry takes, for help and errors. */
export function encoderNames(): string[] {
  return ENCODERS.flatMap((d) => d.names);
}

/**
 * A full encoder config from a name (`small`, `small-cnn`, `bert:<dir>`, `xlm-roberta:<dir>#freeze=2`,
 * …); small encoders take `overrides`.
 */
export function encoderConfig(name: string, overrides: Partial<SmallEncoderConfig> = {}): EncoderConfig {
  const small = parseSmallName(name, overrides);
  if (small) return small;
  for (const def of byKind.values()) {
    const config = def.parse(name);
    if (config) return config as EncoderConfig;
  }
  throw new CoreError('BAD_REQUEST', `unknown encoder "${name}": expected ${encoderNames().join(', ')}`);
}

/** The name of a config, as encoderConfig takes it. */
export function encoderName(config: EncoderConfigBase): string {
  return encoderDefinition(config.kind).name(config);
}

/** The checkpoint folder an encoder name reads, or null (a small encoder, or not a name at all). */
export function encoderFolder(name: string): string | null {
  try {
    const config = encoderConfig(name);
    return encoderDefinition(config.kind).folder(config);
  } catch {
    return null;
  }
}

/** The name with its checkpoint folder passed through `resolve` (relative paths made absolute, say). */
export function resolveEncoderFolder(name: string, resolve: (dir: string) => string): string {
  const config = encoderConfig(name);
  const def = encoderDefinition(config.kind);
  const dir = def.folder(config);
  return dir === null ? name : def.name(def.withFolder(config, resolve(dir)));
}

/** Checks a saved encoder config against its encoder's schema; `file` names it in errors. */
export function parseEncoderConfig(value: unknown, file: string): EncoderConfig {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string') throw new CoreError('BAD_REQUEST', `${file}: encoder.kind: expected a string`, { file });
  if (!byKind.has(kind))
    throw new CoreError('BAD_REQUEST', `${file}: encoder.kind: "${kind}" is not an encoder here (${encoderKinds().join(', ')})`, { file });
  const parsed = encoderDefinition(kind).schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CoreError('BAD_REQUEST', `${file}: encoder.${issue.path.join('.')}: ${issue.message}`, { file });
  }
  return parsed.data as EncoderConfig;
}

/** The pretrained architectures, one per registered checkpoint encoder. */
export function architectures(): Architecture[] {
  return ENCODERS.flatMap((d) => (d.architecture ? [d.architecture] : []));
}

/** The architecture that reads a config.json model_type; an unsupported one is refused with the supported ones. */
export function architectureFor(modelType: string, file: string): Architecture {
  const arch = architectures().find((a) => a.modelTypes.includes(modelType));
  if (!arch) {
    const supported = architectures().flatMap((a) => a.modelTypes);
    throw new CoreError('BAD_REQUEST', `${file}: model_type "${modelType}" is not supported (supported: ${supported.sort().join(', ')})`, {
      file,
    });
  }
  return arch;
}

/** Checks a checkpoint folder of any supported architecture (headers only, never the weights). */
export function validateEncoderFolder(dir: string): EncoderFolderReport {
  checkDir(dir);
  const config = readCheckpointConfig(dir);
  return validateFolderAs(dir, architectureFor(config.modelType, config.file));
}

/** The encoder name that trains from a checkpoint folder: `<kind>:<dir>`. */
export function folderEncoderName(report: EncoderFolderReport): string {
  return `${report.kind}:${report.dir}`;
}
