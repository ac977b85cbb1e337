// A BERT checkpoint folder: config.json, vocab.txt and model.safetensors (tokenizer_config.json
// optional), as downloaded from a model hub. validateEncoderFolder is the check behind "Add
// pretrained encoder… (folder)": it reads the configs, the vocabulary and the safetensors header,
// never the weights themselves.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../../errors.js';
import { readVocabFile, WordPieceTokenizer } from '../../../text/wordpiece.js';
import { SafetensorsFile } from '../../io/safetensors.js';
import { checkCheckpoint, paramSpecs } from './checkpoint.js';
import { CONFIG_FILE, readBertConfig, readTokenizerSettings, VOCAB_FILE, WEIGHTS_FILE, type BertModelConfig } from './config.js';

export interface BertFolder {
  dir: string;
  config: BertModelConfig;
  tokenizer: WordPieceTokenizer;
  /** The tokenizer's own length limit, when tokenizer_config.json sets one. */
  modelMaxLength: number | null;
}

function checkDir(dir: string): void {
  if (!existsSync(dir)) throw new CoreError('NOT_FOUND', `${dir}: no such folder`, { file: dir });
  if (!statSync(dir).isDirectory())
    throw new CoreError(
      'BAD_REQUEST',
      `${dir}: not a folder (expected a checkpoint folder with ${CONFIG_FILE}, ${VOCAB_FILE} and ${WEIGHTS_FILE})`,
      { file: dir },
    );
}

/** Reads config.json, the tokenizer settings and vocab.txt (not the weights). */
export function openBertFolder(dir: string): BertFolder {
  checkDir(dir);
  const config = readBertConfig(dir);
  const settings = readTokenizerSettings(dir);
  const vocabFile = path.join(dir, VOCAB_FILE);
  const vocab = readVocabFile(vocabFile);
  if (vocab.length > config.vocabSize) {
    throw new CoreError('BAD_REQUEST', `${vocabFile}: ${vocab.length} pieces, more than vocab_size ${config.vocabSize} in ${CONFIG_FILE}`, {
      file: vocabFile,
    });
  }
  const tokenizer = new WordPieceTokenizer(vocab, settings.options, vocabFile);
  return { dir, config, tokenizer, modelMaxLength: settings.modelMaxLength };
}

export interface EncoderFolderReport {
  dir: string;
  modelType: string;
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocabSize: number;
  maxPositions: number;
  lowerCase: boolean;
  /** `bert.` or empty: how the checkpoint names its tensors. */
  prefix: string;
  /** Stored weight types, such as F32 or F16 (all are used as float32). */
  dtypes: string[];
  parameters: number;
  weightBytes: number;
}

/** Checks a checkpoint folder completely without loading its weights; throws a CoreError naming the file and tensor. */
export function validateEncoderFolder(dir: string): EncoderFolderReport {
  const folder = openBertFolder(dir);
  const weightsFile = path.join(dir, WEIGHTS_FILE);
  const st = SafetensorsFile.open(weightsFile);
  try {
    const { prefix, dtypes } = checkCheckpoint(st, folder.config);
    const c = folder.config;
    return {
      dir: path.resolve(dir),
      modelType: c.modelType,
      layers: c.numLayers,
      hidden: c.hiddenSize,
      heads: c.numHeads,
      intermediate: c.intermediateSize,
      vocabSize: c.vocabSize,
      maxPositions: c.maxPositions,
      lowerCase: folder.tokenizer.options.lowerCase,
      prefix,
      dtypes,
      parameters: paramSpecs(c).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0),
      weightBytes: statSync(weightsFile).size,
    };
  } finally {
    st.close();
  }
}
