// Code-point arithmetic. Every offset the project stores counts Unicode code points, so a sentence
// with an emoji or a rare Han character has the same offsets in JavaScript, Python and SQLite.

import type { TokenOffsets } from '../../contract/entities.js';

const SURROGATE = /[\uD800-\uDFFF]/;

/** True when UTF-16 indices and code-point indices coincide (no astral characters). */
export function isBmpOnly(s: string): boolean {
  return !SURROGATE.test(s);
}

export function cpLength(s: string): number {
  if (isBmpOnly(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i += unitsAt(s, i)) n++;
  return n;
}

/** The UTF-16 index where code point `cp` starts; `cpLength(s)` maps to `s.length`. */
export function cpToUtf16(s: string, cp: number): number {
  if (cp < 0) throw new RangeError(`code-point offset ${cp} is negative`);
  if (isBmpOnly(s)) {
    if (cp > s.length) throw new RangeError(`code-point offset ${cp} is past the end (${s.length})`);
    return cp;
  }
  let i = 0;
  let n = 0;
  while (n < cp) {
    if (i >= s.length) throw new RangeError(`code-point offset ${cp} is past the end (${n})`);
    i += unitsAt(s, i);
    n++;
  }
  return i;
}

/** The code-point offset of UTF-16 index `unit` (which must not split a surrogate pair). */
export function utf16ToCp(s: string, unit: number): number {
  if (unit < 0 || unit > s.length) throw new RangeError(`UTF-16 offset ${unit} is outside 0..${s.length}`);
  if (isBmpOnly(s)) return unit;
  let i = 0;
  let n = 0;
  while (i < unit) {
    i += unitsAt(s, i);
    n++;
  }
  if (i !== unit) throw new RangeError(`UTF-16 offset ${unit} splits a surrogate pair`);
  return n;
}

/** Like String.prototype.slice, but with code-point offsets (no negative indices). */
export function cpSlice(s: string, start: number, end?: number): string {
  if (isBmpOnly(s)) return s.slice(start, end);
  const from = cpToUtf16(s, Math.min(start, cpLength(s)));
  const to = end === undefined ? s.length : cpToUtf16(s, Math.min(end, cpLength(s)));
  return s.slice(from, to);
}

/** The strings of `tokens` in `text`, in one pass whatever the number of tokens. */
export function tokenTexts(text: string, tokens: readonly TokenOffsets[]): string[] {
  if (isBmpOnly(text)) return tokens.map((t) => text.slice(t.start, t.end));
  const index = utf16Index(text);
  const n = index.length - 1;
  return tokens.map((t) => {
    if (t.start < 0 || t.end > n || t.start > t.end) throw new RangeError(`token ${t.start}..${t.end} is outside 0..${n}`);
    return text.slice(index[t.start], index[t.end]);
  });
}

/**
 * Offsets of `words` found in order in `text`, each after the previous one; only whitespace may
 * lie between them. Returns null when a word is not where it should be.
 */
export function locateWords(text: string, words: readonly string[]): TokenOffsets[] | null {
  const tokens: TokenOffsets[] = [];
  let unit = 0;
  let cp = 0;
  for (const word of words) {
    if (word.length === 0) return null;
    while (unit < text.length && /\s/.test(text[unit] ?? '')) {
      unit++;
      cp++;
    }
    if (!text.startsWith(word, unit)) return null;
    const len = cpLength(word);
    tokens.push({ start: cp, end: cp + len });
    unit += word.length;
    cp += len;
  }
  return tokens;
}

/** Words joined by single spaces, with their code-point offsets. */
export function tokensFromWords(words: readonly string[]): { text: string; tokens: TokenOffsets[] } {
  const tokens: TokenOffsets[] = new Array(words.length);
  let cp = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const len = cpLength(w);
    tokens[i] = { start: cp, end: cp + len };
    cp += len + 1;
  }
  return { text: words.join(' '), tokens };
}

/** UTF-16 index of every code point, plus the end: index[cp] is where code point cp starts. */
export function utf16Index(s: string): Uint32Array {
  const index = new Uint32Array(cpLength(s) + 1);
  let n = 0;
  for (let i = 0; i < s.length; i += unitsAt(s, i)) index[n++] = i;
  index[n] = s.length;
  return index;
}

/** 2 at the start of a surrogate pair, else 1 (a lone surrogate counts as one code point). */
function unitsAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}
