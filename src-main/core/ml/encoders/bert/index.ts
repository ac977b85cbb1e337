// BERT-family checkpoints as encoders (registered as `bert` in ../index.ts).
//
//   validateEncoderFolder(dir)              -> EncoderFolderReport   "Add pretrained encoder… (folder)"
//   downloadEncoder({ repo, dir, ... })     -> Promise<DownloadReport>  from the Hugging Face hub
//   embedText(dir, text)                    -> { tokens, hidden }    `crosstag embed`
//   new BertEncoder(tf, config, vocab, rng)  via createEncoder({ kind: 'bert', dir, ... })

export { BertEncoder, windowSettings, type BertBatch, type WindowSettings } from './encoder.js';
export { openBertFolder, validateEncoderFolder, type BertFolder, type EncoderFolderReport } from './folder.js';
export { readBertConfig, readTokenizerSettings, type BertModelConfig, type TokenizerSettings } from './config.js';
export { bertForward, type WindowBatch } from './network.js';
export { planWindows, type WindowPlan } from './windows.js';
export {
  downloadEncoder,
  HUB_ENDPOINT,
  type DownloadOptions,
  type DownloadProgress,
  type DownloadReport,
  type DownloadedFile,
} from './hub.js';
export { embedText, type EmbedResult } from './embed.js';
export { bertEncoderConfig } from './name.js';
