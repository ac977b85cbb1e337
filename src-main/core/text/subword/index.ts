// Tokenizers of pretrained encoders, read from a model folder in hub layout (tokenizer-files.ts)
// and run by @huggingface/tokenizers (subword-tokenizer.ts).

export { SubwordTokenizer, type SubwordTokenizerOptions, type WordPieces } from './subword-tokenizer.js';
export {
  openTokenizer,
  SENTENCEPIECE_FILES,
  SPECIAL_TOKENS_FILE,
  TOKENIZER_CONFIG_FILE,
  TOKENIZER_FILE,
  TOKENIZER_FILES,
  VOCAB_FILE,
  type FolderTokenizer,
} from './tokenizer-files.js';
export { wordPieceTokenizerJson, type TokenizerJson, type TokenizerModelType, type WordPieceSettings } from './tokenizer-json.js';
export { isCjkIdeograph } from './normalizers.js';
export { PrecompiledCharsMap } from './precompiled.js';
export { readVocabFile } from './vocab-file.js';
