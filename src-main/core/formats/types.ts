// The in-memory corpus every reader produces and every writer consumes. Offsets are code points.

import type { CorpusFormat, TagScheme, TokenOffsets } from '../../contract/entities.js';

/** An entity over token indices, half-open. */
export interface TokenSpan {
  start: number;
  end: number;
  label: string;
}

/** A model's entity with the model's own score for it (any scale the model uses), or null. */
export interface ScoredSpan extends TokenSpan {
  score: number | null;
}

/** One model's tags for a sentence, kept apart from its gold annotation. */
export interface CorpusPrediction {
  /** The model's name or version, as the file gives it ('' when it names none). */
  model: string;
  /** The model's score for the whole sentence, or null. */
  score: number | null;
  spans: ScoredSpan[];
}

export interface CorpusSentence {
  text: string;
  tokens: TokenOffsets[];
  /** Entity spans; null when the sentence carries no annotation at all (unlabelled). */
  spans: TokenSpan[] | null;
  /** A model's predictions (Label Studio only); formats without predictions ignore it. */
  prediction?: CorpusPrediction | undefined;
  /** 1-based line in the source file where the sentence starts, for error messages. */
  line?: number | undefined;
  /** Where the sentence is in a file without lines to point at, e.g. `task 3 (id 17)`. */
  where?: string | undefined;
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

export interface ReadOptions {
  /** Name used in messages and for document names: a path or a file name. */
  file: string;
  /** Detected from the bytes and the file name when absent. */
  format?: CorpusFormat | undefined;
  /** Ignore any tags: every sentence comes back with spans null. */
  unlabelled?: boolean | undefined;
  /** HF-style files with integer tags: the tag of each integer (default: the CoNLL-2003 order). */
  labelNames?: readonly string[] | undefined;
}

export interface WriteOptions {
  format: CorpusFormat;
  /** Tag scheme for CoNLL and HF output; IOB2 when absent. */
  scheme?: TagScheme | undefined;
  /** CoNLL only: a `-DOCSTART-` line before each document (default: when there are several). */
  includeDocstart?: boolean | undefined;
}

/** What a format reader produces before readCorpus adds the format and encoding. */
export type ReaderResult = Pick<Corpus, 'scheme' | 'tokenizer' | 'documents' | 'warnings'>;
