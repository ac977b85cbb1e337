// The word pieces of every word a bundle can feed its encoder, computed here with the engine's own
// tokenizer of the checkpoint (tokenizer.json or vocab.txt, word by word as the encoder reads
// words), so that the cluster needs only PyTorch.

import type { SubwordTokenizer } from '../text/subword/index.js';

export interface PieceTable {
  /** The tokenizer model: WordPiece, Unigram (SentencePiece) or BPE. */
  tokenizer: string;
  /** Ids before and after every window's pieces ([CLS] … [SEP], <s> … </s>). */
  prefix: number[];
  suffix: number[];
  pad: number;
  unk: number;
  /** Word to piece ids (at least one each). */
  pieces: Map<string, number[]>;
}

export function wordPieces(tokenizer: SubwordTokenizer, padId: number, words: Iterable<string>): PieceTable {
  const pieces = new Map<string, number[]>();
  for (const word of words) if (!pieces.has(word)) pieces.set(word, tokenizer.wordIds(word));
  return {
    tokenizer: tokenizer.model,
    prefix: [...tokenizer.prefix],
    suffix: [...tokenizer.suffix],
    pad: padId,
    unk: tokenizer.unkId,
    pieces,
  };
}
