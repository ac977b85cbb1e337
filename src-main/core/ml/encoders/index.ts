// Encoders by name: `small`, trained from scratch (small/), and pretrained checkpoints in hub
// layout (pretrained/, one folder per architecture: bert/, xlm-roberta/, distilbert/), listed once
// in registry.ts.
//
//   encoderConfig(name) / encoderName(config)   `small`, `small-cnn`, `xlm-roberta:<dir>#freeze=2`, …
//   createEncoder(tf, config, vocab, rng)       via the registry
//   validateEncoderFolder(dir)                  "Add pretrained encoder… (folder)": headers only
//   downloadEncoder({ repo, dir, ... })         from the Hugging Face hub (hub/)
//   embedText(dir, text)                        `crosstag embed`

export type { Encoder, EncoderBatch, EncoderConfigBase, EncoderDefinition } from './types.js';
export {
  architectureFor,
  architectures,
  createEncoder,
  encoderConfig,
  encoderDefinition,
  encoderFolder,
  encoderKinds,
  encoderName,
  encoderNames,
  ENCODERS,
  folderEncoderName,
  parseEncoderConfig,
  resolveEncoderFolder,
  validateEncoderFolder,
  type EncoderConfig,
  type EncoderKind,
} from './registry.js';
export { REFERENCE_TRANSFORMER, SMALL_DEFAULTS, smallEncoders, type SequenceConfig, type SmallEncoderConfig } from './small/index.js';
export type { Architecture, TransformerShape } from './pretrained/architecture.js';
export type { EncoderFolderReport } from './pretrained/folder.js';
export type { PretrainedEncoderConfig } from './pretrained/settings.js';
export { PretrainedEncoder, type PretrainedBatch } from './pretrained/encoder.js';
export { embedText, type EmbedResult } from './embed.js';
export {
  downloadEncoder,
  HUB_ENDPOINT,
  type DownloadedFile,
  type DownloadOptions,
  type DownloadProgress,
  type DownloadReport,
} from './hub/index.js';
