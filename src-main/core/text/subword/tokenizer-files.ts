// The tokenizer of a model folder in hub layout. tokenizer.json when the folder has one (any hub
// repo's WordPiece, Unigram or BPE tokenizer); otherwise a WordPiece vocab.txt, from which the same
// tokenizer.json transformers would convert is built. tokenizer_config.json and
// special_tokens_map.json add what transformers takes from them: casing settings for BERT-family
// tokenizers, the names of special tokens, and the tokenizer's length limit.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CoreError } from '../../errors.js';
import { readJsonWith } from '../../json-file.js';
import { SubwordTokenizer } from './subword-tokenizer.js';
import { overrideBertNormalizer, tokenizerJsonSchema, wordPieceTokenizerJson, type TokenizerJson } from './tokenizer-json.js';
import { readVocabFile } from './vocab-file.js';

export const TOKENIZER_FILE = 'tokenizer.json';
export const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';
export const SPECIAL_TOKENS_FILE = 'special_tokens_map.json';
export const VOCAB_FILE = 'vocab.txt';
/** SentencePiece models that hub repos ship beside (or instead of) tokenizer.json. */
export const SENTENCEPIECE_FILES = ['sentencepiece.bpe.model', 'spiece.model'];
/** Every tokenizer file a folder may hold: what a download fetches and an export copies. */
export const TOKENIZER_FILES = [TOKENIZER_FILE, TOKENIZER_CONFIG_FILE, SPECIAL_TOKENS_FILE, VOCAB_FILE, ...SENTENCEPIECE_FILES];

const tokenName = z.union([z.string(), z.looseObject({ content: z.string() }).transform((t) => t.content)]);
const names = {
  unk_token: tokenName.optional(),
  cls_token: tokenName.optional(),
  sep_token: tokenName.optional(),
  pad_token: tokenName.optional(),
  mask_token: tokenName.optional(),
};
const configSchema = z.looseObject({
  ...names,
  do_lower_case: z.boolean().optional(),
  strip_accents: z.boolean().nullable().optional(),
  tokenize_chinese_chars: z.boolean().optional(),
  model_max_length: z.number().optional(),
});
const specialsSchema = z.looseObject(names);

export interface FolderTokenizer {
  tokenizer: SubwordTokenizer;
  /** The file the tokenizer was built from: tokenizer.json or vocab.txt. */
  file: string;
  /** model_max_length when tokenizer_config.json gives a real one (not the "unset" sentinel). */
  modelMaxLength: number | null;
}

function optionalJson<S extends z.ZodType>(file: string, schema: S): z.output<S> | Record<string, never> {
  return existsSync(file) ? readJsonWith(file, schema) : {};
}

/**
 * Reads a folder's tokenizer. `legacyLowerCase` is config.json's do_lower_case, which some old BERT
 * folders keep there; a folder that says nothing is treated as cased.
 */
export function openTokenizer(dir: string, legacyLowerCase?: boolean): FolderTokenizer {
  const config = optionalJson(path.join(dir, TOKENIZER_CONFIG_FILE), configSchema) as z.output<typeof configSchema>;
  const specials = optionalJson(path.join(dir, SPECIAL_TOKENS_FILE), specialsSchema) as z.output<typeof specialsSchema>;
  const named = { ...specials, ...config };
  const max = config.model_max_length;
  // Hugging Face writes 1e30 when a tokenizer has no length limit of its own.
  const modelMaxLength = max !== undefined && max > 0 && max < 1e9 ? Math.floor(max) : null;
  const options = { unkToken: named.unk_token, padToken: named.pad_token };
  const jsonFile = path.join(dir, TOKENIZER_FILE);
  if (existsSync(jsonFile)) {
    const json = readJsonWith(jsonFile, tokenizerJsonSchema);
    const settings = { ...config, do_lower_case: config.do_lower_case ?? legacyLowerCase };
    const adjusted: TokenizerJson = { ...json, normalizer: overrideBertNormalizer(json.normalizer, settings) };
    return { tokenizer: new SubwordTokenizer(adjusted, jsonFile, options), file: jsonFile, modelMaxLength };
  }
  const vocabFile = path.join(dir, VOCAB_FILE);
  if (!existsSync(vocabFile)) {
    const spm = SENTENCEPIECE_FILES.find((f) => existsSync(path.join(dir, f)));
    throw new CoreError(
      'NOT_FOUND',
      spm
        ? `${dir}: has ${spm} but no ${TOKENIZER_FILE}; SentencePiece tokenizers are read from ${TOKENIZER_FILE}, which the model's hub repository has (crosstag download-encoder fetches it)`
        : `${dir}: no ${TOKENIZER_FILE} or ${VOCAB_FILE}, so there is no tokenizer to read`,
      { file: dir },
    );
  }
  const vocab = readVocabFile(vocabFile);
  const lowerCase = config.do_lower_case ?? legacyLowerCase ?? false;
  let json: TokenizerJson;
  try {
    json = wordPieceTokenizerJson(
      vocab,
      {
        lowerCase,
        stripAccents: config.strip_accents ?? null,
        tokenizeChineseChars: config.tokenize_chinese_chars ?? true,
        unkToken: named.unk_token ?? '[UNK]',
        clsToken: named.cls_token ?? '[CLS]',
        sepToken: named.sep_token ?? '[SEP]',
        padToken: named.pad_token ?? '[PAD]',
        maskToken: named.mask_token ?? '[MASK]',
      },
      vocabFile,
    );
  } catch (err) {
    throw new CoreError('BAD_REQUEST', err instanceof Error ? err.message : String(err), { file: vocabFile });
  }
  return { tokenizer: new SubwordTokenizer(json, vocabFile, options), file: vocabFile, modelMaxLength };
}
