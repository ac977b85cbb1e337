// The word pieces of every word a bundle can feed its encoder, computed here so that the cluster
// needs only torch. Folders with a WordPiece vocab.txt (BERT, DistilBERT) are tokenized with the
// engine's own WordPiece tokenizer, word by word as the bert encoder does; for other tokenizers
// (XLM-R's sentencepiece) the bundle carries none and the trainer tokenizes with the `tokenizers`,
// `transformers` or `sentencepiece` package.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { readTokenizerSettings } from '../../ml/encoders/bert/index.js';
import { readVocabFile, WordPieceTokenizer } from '../../text/wordpiece.js';

export interface PieceTable {
  tokenizer: 'wordpiece';
  cls: number;
  sep: number;
  pad: number;
  unk: number;
  /** Word to piece ids (at least one each). */
  pieces: Map<string, number[]>;
}

/** Pieces of `words` with the folder's tokenizer, or null when it has no vocab.txt. */
export function wordPieces(dir: string, words: Iterable<string>): PieceTable | null {
  const vocabFile = path.join(dir, 'vocab.txt');
  if (!existsSync(vocabFile)) return null;
  const settings = readTokenizerSettings(dir);
  const tokenizer = new WordPieceTokenizer(readVocabFile(vocabFile), settings.options, vocabFile);
  const pieces = new Map<string, number[]>();
  for (const word of words) if (!pieces.has(word)) pieces.set(word, tokenizer.words([word]).ids);
  return { tokenizer: 'wordpiece', cls: tokenizer.clsId, sep: tokenizer.sepId, pad: tokenizer.padId, unk: tokenizer.unkId, pieces };
}
