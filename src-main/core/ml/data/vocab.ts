// Word and character vocabularies and the host-side batch the `small` encoder consumes.
// Words are looked up lowercased with digits mapped to 0, so casing reaches the model only
// through the character CNN and the casing features, and number variants share one row.
// Characters are folded to their base letter (é -> e) so a target language's accented words share
// character features with the source language instead of all becoming the unknown character.

import type { CasingProfile } from '../../text/index.js';
import type { Rng } from '../runtime/rng.js';

export const PAD = 0;
export const UNK = 1;
export const CASINGS = ['lower', 'upper', 'title', 'digit', 'punct', 'other'] as const;

export interface Vocab {
  /** Index 0 is padding, 1 the unknown word. */
  words: string[];
  /** Index 0 is padding, 1 the unknown character. */
  chars: string[];
}

export interface VocabOptions {
  minCount: number;
  foldChars: boolean;
  /** Normalised words to leave out (they share the unknown-word row). */
  exclude?: ReadonlySet<string> | undefined;
  /** Further words with their (possibly fractional) expected counts, e.g. code-switching translations. */
  extra?: ReadonlyMap<string, number> | undefined;
}

export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/\p{Nd}/gu, '0');
}

export function foldChar(ch: string, fold: boolean): string {
  if (!fold) return ch;
  const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
  return base.length > 0 ? base : ch;
}

export function casingOf(word: string): number {
  if (/\p{Nd}/u.test(word)) return 3;
  if (!/\p{L}/u.test(word)) return /^[\p{P}\p{S}]+$/u.test(word) ? 4 : 5;
  const lower = word.toLowerCase();
  const upper = word.toUpperCase();
  if (word === lower) return 0;
  if (word === upper) return [...word].length > 1 ? 1 : 2;
  const first = [...word][0]!;
  const rest = word.slice(first.length);
  if (first === first.toUpperCase() && rest === rest.toLowerCase()) return 2;
  return 5;
}

export function buildVocab(sentences: readonly (readonly string[])[], opts: VocabOptions): Vocab {
  const wordCounts = new Map<string, number>();
  const charSet = new Set<string>();
  for (const tokens of sentences) {
    for (const token of tokens) {
      const w = normalizeWord(token);
      wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
      for (const ch of token) charSet.add(foldChar(ch, opts.foldChars));
    }
  }
  for (const [token, n] of opts.extra ?? []) {
    const w = normalizeWord(token);
    wordCounts.set(w, (wordCounts.get(w) ?? 0) + n);
    for (const ch of token) charSet.add(foldChar(ch, opts.foldChars));
  }
  const words = [...wordCounts.entries()]
    .filter(([w, n]) => n >= opts.minCount && !opts.exclude?.has(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([w]) => w);
  const chars = [...charSet].sort();
  return { words: ['<pad>', '<unk>', ...words], chars: ['<pad>', '<unk>', ...chars] };
}

/**
 * `base` followed by the words and characters of `sentences` that it lacks (words seen at least
 * `minCount` times), so a student can learn rows for target-language words its teacher never saw.
 */
export function extendVocab(base: Vocab, sentences: readonly (readonly string[])[], opts: VocabOptions): Vocab {
  const extra = buildVocab(sentences, opts);
  const words = new Set(base.words);
  const chars = new Set(base.chars);
  return {
    words: [...base.words, ...extra.words.slice(2).filter((w) => !words.has(w))],
    chars: [...base.chars, ...extra.chars.slice(2).filter((c) => !chars.has(c))],
  };
}

/**
 * Source words that the target text uses as everyday words at least `factor` times more often
 * than the source does: in CoNLL English, "el", "la", "los" and "de" occur almost only inside
 * names (El Salvador, Los Angeles, de Klerk), so their rows learn "entity", and a Spanish
 * sentence starting with "El" was tagged LOC a hundred times in 800 dev sentences. Leaving such
 * false friends out of the vocabulary sends them to the unknown-word row in both languages.
 *
 * Which target words are everyday words comes from the target's own casing (`target`, its
 * casing profile): words it writes in lower case mid-sentence, words of a script without case,
 * and, in languages that capitalise common nouns, the capitalised words in `common` (the
 * dictionary's translations of the source's common words, see commonTranslations()).
 */
export function falseFriends(
  source: readonly (readonly string[])[],
  target: CasingProfile,
  opts: { common?: ReadonlySet<string> | undefined; factor?: number | undefined } = {},
): Set<string> {
  const factor = opts.factor ?? 10;
  const src = new Map<string, number>();
  let srcTotal = 0;
  for (const tokens of source) {
    srcTotal += tokens.length;
    for (const token of tokens) {
      const w = token.toLowerCase();
      src.set(w, (src.get(w) ?? 0) + 1);
    }
  }
  const tgtTotal = Math.max(1, target.totals.tokens);
  const out = new Set<string>();
  for (const [w, t] of target.entries()) {
    const s = src.get(w);
    // Ten target occurrences at least, so a handful of chance matches decides nothing.
    if (!s || t.count < 10) continue;
    if (target.looksCommon(w) !== true && !opts.common?.has(w)) continue;
    if (t.count / tgtTotal >= factor * (s / Math.max(1, srcTotal))) out.add(normalizeWord(w));
  }
  return out;
}

/** Fast lookups over a Vocab. */
export class VocabIndex {
  readonly words: Map<string, number>;
  readonly chars: Map<string, number>;

  constructor(
    readonly vocab: Vocab,
    readonly foldChars: boolean,
  ) {
    this.words = new Map(vocab.words.map((w, i) => [w, i]));
    this.chars = new Map(vocab.chars.map((c, i) => [c, i]));
  }

  word(token: string): number {
    return this.words.get(normalizeWord(token)) ?? UNK;
  }

  char(ch: string): number {
    return this.chars.get(foldChar(ch, this.foldChars)) ?? UNK;
  }
}

/** Numeric form of B sentences padded to length T, rows batch-major (row = b*T + t). */
export interface WordBatch {
  size: number;
  length: number;
  lengths: number[];
  tokens: number;
  wordIds: Int32Array;
  /** Per word slot and char position, the ids of a width-`width` window: [B*T*L*width]. */
  charWindows: Int32Array;
  charLength: number;
  casing: Float32Array;
  /** 1 for real tokens, 0 for padding: [B*T]. */
  mask: Float32Array;
}

export interface BatchOptions {
  maxWordChars: number;
  charWidth: number;
  /** Replace a known word by UNK with this probability (training only). */
  wordDropout: number;
  /** The most frequent words (the first `frequentWords` after padding and UNK) drop with this probability instead. */
  frequentWords: number;
  frequentWordDropout: number;
  rng: Rng | null;
}

export function makeWordBatch(index: VocabIndex, sentences: readonly (readonly string[])[], opts: BatchOptions): WordBatch {
  const B = sentences.length;
  const lengths = sentences.map((s) => s.length);
  const T = Math.max(1, ...lengths);
  const charSeqs = sentences.map((s) => s.map((tok) => [...tok].slice(0, opts.maxWordChars).map((c) => index.char(c))));
  let L = 1;
  for (const s of charSeqs) for (const w of s) L = Math.max(L, w.length);
  const width = opts.charWidth;
  const half = Math.floor(width / 2);
  const wordIds = new Int32Array(B * T);
  const casing = new Float32Array(B * T * CASINGS.length);
  const mask = new Float32Array(B * T);
  const charWindows = new Int32Array(B * T * L * width);
  let tokens = 0;
  for (let b = 0; b < B; b++) {
    const sent = sentences[b]!;
    for (let t = 0; t < sent.length; t++) {
      const row = b * T + t;
      const token = sent[t]!;
      let id = index.word(token);
      if (opts.rng && id !== UNK) {
        const p = id < 2 + opts.frequentWords ? opts.frequentWordDropout : opts.wordDropout;
        if (p > 0 && opts.rng.next() < p) id = UNK;
      }
      wordIds[row] = id;
      casing[row * CASINGS.length + casingOf(token)] = 1;
      mask[row] = 1;
      tokens += 1;
      const chars = charSeqs[b]![t]!;
      const n = chars.length;
      for (let p = 0; p < L; p++) {
        // Positions past the word's end repeat its last window, so max-pooling needs no mask.
        const centre = n === 0 ? 0 : Math.min(p, n - 1);
        for (let k = 0; k < width; k++) {
          const q = centre + k - half;
          charWindows[(row * L + p) * width + k] = n > 0 && q >= 0 && q < n ? chars[q]! : PAD;
        }
      }
    }
  }
  return { size: B, length: T, lengths, tokens, wordIds, charWindows, charLength: L, casing, mask };
}
