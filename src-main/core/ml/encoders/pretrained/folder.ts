// A checkpoint folder in hub layout: config.json, model.safetensors and the tokenizer
// (tokenizer.json, or vocab.txt; tokenizer_config.json and special_tokens_map.json optional).
// validateEncoderFolder is the check behind "Add pretrained encoder… (folder)": it reads the
// configs, the tokenizer and the safetensors header, never the weights themselves.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../../errors.js';
import { openTokenizer, type SubwordTokenizer, type TokenizerModelType } from '../../../text/subword/index.js';
import { SafetensorsFile } from '../../io/safetensors.js';
import { positionOffset, type Architecture, type TransformerShape } from './architecture.js';
import { checkCheckpoint, paramSpecs } from './checkpoint.js';
import { CONFIG_FILE, readCheckpointConfig, refuse, WEIGHTS_FILE } from './config.js';

export interface PretrainedFolder {
  dir: string;
  arch: Architecture;
  shape: TransformerShape;
  tokenizer: SubwordTokenizer;
  /** The id windows are padded with: config.json's pad_token_id, else the tokenizer's, else 0. */
  padId: number;
  /** The longest window the checkpoint takes: its positions (less RoBERTa's offset), and the tokenizer's own limit. */
  maxLength: number;
}

export function checkDir(dir: string): void {
  if (!existsSync(dir)) throw new CoreError('NOT_FOUND', `${dir}: no such folder`, { file: dir });
  if (!statSync(dir).isDirectory())
    throw new CoreError(
      'BAD_REQUEST',
      `${dir}: not a folder (expected a checkpoint folder with ${CONFIG_FILE}, ${WEIGHTS_FILE} and tokenizer.json or vocab.txt)`,
      { file: dir },
    );
}

/** Reads config.json and the tokenizer (not the weights); refuses a folder of another architecture. */
export function openPretrainedFolder(dir: string, arch: Architecture): PretrainedFolder {
  checkDir(dir);
  const config = readCheckpointConfig(dir);
  if (!arch.modelTypes.includes(config.modelType)) {
    throw refuse(config.file, `model_type "${config.modelType}" is not read by the ${arch.kind} encoder (${arch.modelTypes.join(', ')})`);
  }
  const shape = arch.readConfig(config.raw, config.file);
  const legacyLowerCase = typeof config.raw['do_lower_case'] === 'boolean' ? config.raw['do_lower_case'] : undefined;
  const { tokenizer, modelMaxLength } = openTokenizer(dir, legacyLowerCase);
  if (tokenizer.size > shape.vocabSize) {
    throw new CoreError(
      'BAD_REQUEST',
      `${tokenizer.source}: ${tokenizer.size} tokens, more than vocab_size ${shape.vocabSize} in ${CONFIG_FILE}`,
      { file: tokenizer.source },
    );
  }
  const maxLength = Math.min(shape.maxPositions - positionOffset(arch, shape), modelMaxLength ?? Infinity);
  const specials = tokenizer.prefix.length + tokenizer.suffix.length;
  if (maxLength < specials + 1)
    throw refuse(config.file, `max_position_embeddings ${shape.maxPositions} leaves no room for a token beside the special ones`);
  return { dir, arch, shape, tokenizer, padId: shape.padTokenId ?? tokenizer.padId ?? 0, maxLength };
}

export interface EncoderFolderReport {
  dir: string;
  /** The encoder kind that reads it (`bert`, `xlm-roberta`, ...). */
  kind: string;
  modelType: string;
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocabSize: number;
  maxPositions: number;
  lowerCase: boolean;
  /** The tokenizer's model and the file it was read from (tokenizer.json or vocab.txt). */
  tokenizer: TokenizerModelType;
  tokenizerFile: string;
  /** `bert.`, `roberta.`, … or empty: how the checkpoint names its tensors. */
  prefix: string;
  /** Stored weight types, such as F32 or F16 (all are used as float32). */
  dtypes: string[];
  parameters: number;
  weightBytes: number;
}

/** Checks a checkpoint folder completely without loading its weights; throws a CoreError naming the file and tensor. */
export function validateFolderAs(dir: string, arch: Architecture): EncoderFolderReport {
  const folder = openPretrainedFolder(dir, arch);
  const weightsFile = path.join(dir, WEIGHTS_FILE);
  const st = SafetensorsFile.open(weightsFile);
  try {
    const { prefix, dtypes } = checkCheckpoint(st, arch, folder.shape);
    const c = folder.shape;
    return {
      dir: path.resolve(dir),
      kind: arch.kind,
      modelType: c.modelType,
      layers: c.numLayers,
      hidden: c.hiddenSize,
      heads: c.numHeads,
      intermediate: c.intermediateSize,
      vocabSize: c.vocabSize,
      maxPositions: c.maxPositions,
      lowerCase: folder.tokenizer.lowerCase,
      tokenizer: folder.tokenizer.model,
      tokenizerFile: path.basename(folder.tokenizer.source),
      prefix,
      dtypes,
      parameters: paramSpecs(arch, c).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0),
      weightBytes: statSync(weightsFile).size,
    };
  } finally {
    st.close();
  }
}
