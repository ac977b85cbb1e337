// The `unicode-v1` word tokenizer. Deterministic and locale-free (no Intl.Segmenter, whose
// dictionaries change with the ICU version), so stored tokens stay valid across Node releases.
// Changing the rules below means a new tokenizer id, because offsets are stored with its name.

import type { TokenOffsets } from '../../contract/entities.js';

export const TOKENIZER_ID = 'unicode-v1';

const SPACE = /[\s\u200B\uFEFF]/u;
// Combining marks, joiners and emoji modifiers belong to the character before them.
const JOINER = /[\p{M}\u200C\u200D\p{Emoji_Modifier}]/u;
// Scripts written without spaces between words: one token per character (with its marks).
const ONE_PER_CHAR =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\u3005\u30FC\uFF70]/u;
const PUNCT = /[\p{P}\p{S}]/u;
const DIGIT = /\p{Nd}/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const HEBREW_LETTER = /(?=\p{L})\p{Script=Hebrew}/u;
const REGIONAL_INDICATOR = /[\u{1F1E6}-\u{1F1FF}]/u;
const ZWJ = '\u200D';

type Kind = 'word' | 'char' | 'punct';

/** Tokens of `text` as code-point offsets. */
export function tokenize(text: string): { tokens: TokenOffsets[]; tokenizer: 'unicode-v1' } {
  const cps = Array.from(text);
  const tokens: TokenOffsets[] = [];
  let start = -1;
  let kind: Kind | null = null;
  let glueNext = false;

  const close = (at: number): void => {
    if (kind !== null) tokens.push({ start, end: at });
    kind = null;
    glueNext = false;
  };
  const open = (at: number, k: Kind): void => {
    close(at);
    start = at;
    kind = k;
  };

  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i] as string;
    if (SPACE.test(ch)) {
      close(i);
      continue;
    }
    if (kind !== null && (glueNext || JOINER.test(ch))) {
      glueNext = ch === ZWJ;
      continue;
    }
    glueNext = false;
    if (ONE_PER_CHAR.test(ch)) {
      open(i, 'char');
    } else if (PUNCT.test(ch)) {
      if (kind === 'word' && staysInWord(cps, i)) continue;
      // A flag is a pair of regional indicators.
      if (kind === 'punct' && i - start === 1 && REGIONAL_INDICATOR.test(ch) && REGIONAL_INDICATOR.test(cps[start] ?? '')) continue;
      open(i, 'punct');
    } else if (kind !== 'word') {
      open(i, 'word');
    }
  }
  close(cps.length);
  return { tokens, tokenizer: TOKENIZER_ID };
}

/** Punctuation that is part of a word: 3.5 and 1,000; well-known; Hebrew acronyms such as צה״ל. */
function staysInWord(cps: readonly string[], i: number): boolean {
  const ch = cps[i] as string;
  const prev = cps[i - 1] ?? '';
  const next = cps[i + 1] ?? '';
  if ('.,\u066B\u066C'.includes(ch)) return DIGIT.test(prev) && DIGIT.test(next);
  if ('-\u2010\u2011'.includes(ch)) return WORD_CHAR.test(prev) && WORD_CHAR.test(next) && !ONE_PER_CHAR.test(next);
  if ('"\'\u05F3\u05F4'.includes(ch)) return HEBREW_LETTER.test(prev) && HEBREW_LETTER.test(next);
  return false;
}
