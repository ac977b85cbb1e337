// The in-memory corpus every reader produces and every writer consumes. Offsets are code points.

import type { CorpusFormat, TagScheme, TokenOffsets } from '../../contract/entities.js';

/** An entity over token indices, half-open. */
export interface TokenSpan {
  start: number;
  end: number;
  label: string;
}

export interface CorpusSentence {
  text: string;
  tokens: TokenOffsets[];
  /** Entity spans; null when the sentence carries no annotation at all (unlabelled). */
  spans: TokenSpan[] | null;
  /** 1-based line in the source file where the sentence starts, for error messages. */
  line?: number | undefined;
}

export interface CorpusDocument {
  name: string;
  sentences: CorpusSentence[];
}

export interface Corpus {
  format: CorpusFormat;
  /** The tag scheme found in the input (CoNLL and HF only). */
  scheme: TagScheme | null;
  encoding: 'utf-8' | 'latin-1';
  tokenizer: string;
  documents: CorpusDocument[];
  warnings: string[];
}
