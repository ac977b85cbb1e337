// WordPiece as BERT uses it: the basic tokenizer (bert-basic.ts), then greedy longest-match-first
// over the vocabulary, continuation pieces marked `##`, and the whole word as [UNK] when it is
// longer than maxInputCharsPerWord code points or some remainder matches no piece.

import { readFileSync } from 'node:fs';
import { CoreError, formatError } from '../errors.js';
import { basicTokenize, type BasicTokenizerOptions } from './bert-basic.js';

export {
  basicTokenize,
  cleanText,
  isBertControl,
  isBertPunctuation,
  isBertWhitespace,
  isCjkIdeograph,
  stripAccents,
} from './bert-basic.js';
export type { BasicTokenizerOptions } from './bert-basic.js';

export interface WordPieceOptions extends BasicTokenizerOptions {
  /** Words longer than this (in code points) become [UNK]; BERT uses 100. */
  maxInputCharsPerWord: number;
  unkToken: string;
  clsToken: string;
  sepToken: string;
  padToken: string;
}

export const WORDPIECE_DEFAULTS: WordPieceOptions = {
  lowerCase: false,
  stripAccents: null,
  tokenizeChineseChars: true,
  maxInputCharsPerWord: 100,
  unkToken: '[UNK]',
  clsToken: '[CLS]',
  sepToken: '[SEP]',
  padToken: '[PAD]',
};

/** Pre-tokenised words as pieces: every word gets at least one piece ([UNK] if nothing is left). */
export interface WordPieces {
  pieces: string[];
  ids: number[];
  /** Index into pieces of each word's first piece. */
  first: number[];
}

/**
 * Reads a vocab.txt: one piece per line, the id is the 0-based line number (a repeated piece keeps
 * its last line, as Hugging Face's loader does). Errors name the file.
 */
export function readVocabFile(file: string): string[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CoreError('NOT_FOUND', `${file}: cannot read the vocabulary (${code === 'ENOENT' ? 'no such file' : String(err)})`, { file });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw formatError(file, badUtf8Line(bytes), 'not valid UTF-8 (a vocab.txt is UTF-8 text, one piece per line)');
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw formatError(file, 1, 'the vocabulary is empty');
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function badUtf8Line(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line += 1;
      start = i + 1;
    }
  }
  return line;
}

export class WordPieceTokenizer {
  readonly options: WordPieceOptions;
  readonly unkId: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly padId: number;
  private readonly index = new Map<string, number>();
  /** Longest piece in code points: no longer candidate can match, so the greedy search starts there. */
  private readonly longest: number;

  constructor(
    readonly vocab: readonly string[],
    options: Partial<WordPieceOptions> = {},
    source = 'the vocabulary',
  ) {
    this.options = { ...WORDPIECE_DEFAULTS, ...options };
    let longest = 1;
    vocab.forEach((piece, i) => {
      this.index.set(piece, i);
      longest = Math.max(longest, [...piece].length);
    });
    this.longest = longest;
    const need = (token: string): number => {
      const id = this.index.get(token);
      if (id === undefined) throw new CoreError('BAD_REQUEST', `${source} has no ${token} piece, which BERT inputs need`, { file: source });
      return id;
    };
    this.unkId = need(this.options.unkToken);
    this.clsId = need(this.options.clsToken);
    this.sepId = need(this.options.sepToken);
    this.padId = this.index.get(this.options.padToken) ?? 0;
  }

  get size(): number {
    return this.vocab.length;
  }

  id(piece: string): number | undefined {
    return this.index.get(piece);
  }

  basic(text: string): string[] {
    return basicTokenize(text, this.options);
  }

  /** Greedy longest-match-first pieces of one basic token. */
  wordPiece(word: string): string[] {
    const chars = [...word];
    if (chars.length > this.options.maxInputCharsPerWord) return [this.options.unkToken];
    const out: string[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = Math.min(chars.length, start + this.longest);
      let found: string | null = null;
      while (start < end) {
        const sub = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
        if (this.index.has(sub)) {
          found = sub;
          break;
        }
        end -= 1;
      }
      if (found === null) return [this.options.unkToken];
      out.push(found);
      start = end;
    }
    return out;
  }

  /** Basic tokenizer, then WordPiece on each token; no [CLS]/[SEP]. */
  tokenize(text: string): string[] {
    const out: string[] = [];
    for (const token of this.basic(text)) out.push(...this.wordPiece(token));
    return out;
  }

  /** [CLS] pieces [SEP] with their ids. */
  encode(text: string): { tokens: string[]; ids: number[] } {
    const tokens = [this.options.clsToken, ...this.tokenize(text), this.options.sepToken];
    return { tokens, ids: tokens.map((t) => this.index.get(t) ?? this.unkId) };
  }

  /** Each pre-tokenised word through the basic tokenizer and WordPiece on its own. */
  words(words: readonly string[]): WordPieces {
    const out: WordPieces = { pieces: [], ids: [], first: [] };
    for (const word of words) {
      out.first.push(out.pieces.length);
      const pieces = this.tokenize(word);
      // A word that cleaning empties (say, a lone zero-width space) still needs a vector.
      if (pieces.length === 0) pieces.push(this.options.unkToken);
      for (const p of pieces) {
        out.pieces.push(p);
        out.ids.push(this.index.get(p)!);
      }
    }
    return out;
  }
}
