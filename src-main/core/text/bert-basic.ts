// BERT's basic tokenizer, the step before WordPiece: clean the text, put spaces around CJK
// ideographs, split on whitespace, optionally lower-case and strip accents, then split off every
// punctuation character. The character classes are BERT's own, not Unicode's word boundaries:
// - whitespace: space, \t, \n, \r and category Zs;
// - control (removed): category C*, except \t, \n and \r (Hugging Face's BertTokenizer);
// - punctuation: ASCII 33-47, 58-64, 91-96, 123-126 (so $, +, <, ^, ` and | count) and category P*;
// - CJK: the ideograph blocks listed in BERT's tokenization.py; kana and Hangul are not among them.
// Text is handled in code points, so astral ideographs (U+20000...) count as one character.

export interface BasicTokenizerOptions {
  /** do_lower_case: lower-case every token (and strip accents unless stripAccents is false). */
  lowerCase: boolean;
  /** strip_accents: null follows lowerCase, as Hugging Face does. */
  stripAccents: boolean | null;
  /** tokenize_chinese_chars: every CJK ideograph becomes a token of its own. */
  tokenizeChineseChars: boolean;
}

export const CASED_BASIC: BasicTokenizerOptions = { lowerCase: false, stripAccents: null, tokenizeChineseChars: true };

const ZS = /\p{Zs}/u;
const CONTROL = /\p{C}/u;
const PUNCT = /\p{P}/u;
const MN = /\p{Mn}/gu;

export function isBertWhitespace(ch: string): boolean {
  if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') return true;
  return ZS.test(ch);
}

export function isBertControl(ch: string): boolean {
  if (ch === '\t' || ch === '\n' || ch === '\r') return false;
  return CONTROL.test(ch);
}

export function isBertPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  return PUNCT.test(ch);
}

/** The CJK Unified Ideographs blocks (and extensions A-E, compatibility) of BERT's tokenizer. */
export function isCjkIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** NFD, then every non-spacing mark (category Mn) dropped: é -> e, مُ -> م. */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(MN, '');
}

/** Drops NUL, U+FFFD and control characters, maps whitespace to a space, spaces out CJK. */
export function cleanText(text: string, tokenizeChineseChars = true): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0 || cp === 0xfffd) continue;
    // ASCII letters and digits are by far the most common characters: skip the regex tests.
    if ((cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122)) {
      out += ch;
      continue;
    }
    if (isBertControl(ch)) continue;
    if (isBertWhitespace(ch)) out += ' ';
    else if (tokenizeChineseChars && isCjkIdeograph(cp)) out += ` ${ch} `;
    else out += ch;
  }
  return out;
}

function splitOnPunctuation(token: string, out: string[]): void {
  let current = '';
  for (const ch of token) {
    if (isBertPunctuation(ch)) {
      if (current) out.push(current);
      current = '';
      out.push(ch);
    } else {
      current += ch;
    }
  }
  if (current) out.push(current);
}

/** BERT's basic tokenizer over raw text. */
export function basicTokenize(text: string, opts: BasicTokenizerOptions = CASED_BASIC): string[] {
  const out: string[] = [];
  // Like Python's str.split(), which also breaks at U+2028 and U+2029 (not BERT whitespace).
  for (const raw of cleanText(text, opts.tokenizeChineseChars).split(/\s+/u)) {
    if (!raw) continue;
    let token = raw;
    if (opts.lowerCase) {
      token = token.toLowerCase();
      if (opts.stripAccents !== false) token = stripAccents(token);
    } else if (opts.stripAccents === true) {
      token = stripAccents(token);
    }
    splitOnPunctuation(token, out);
  }
  return out;
}
