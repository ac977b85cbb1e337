// Two tokenizer.json normalizers put in place of @huggingface/tokenizers' own, which differ from
// the Rust library that wrote the files (and that transformers runs):
// - BertNormalizer: the library walks UTF-16 code units, so it never spaces out CJK ideographs
//   beyond the Basic Multilingual Plane (U+20000 and up), and its control-character test leaves
//   unassigned code points (Cn) in. Here: code points, and every category C character but \t \n \r.
// - Precompiled: the library applies NFKC; here the model's own map is applied (precompiled.ts).
// Every other normalizer stays the library's.

import type { Tokenizer } from '@huggingface/tokenizers';
import { PrecompiledCharsMap } from './precompiled.js';

/**
 * What the library calls a normalizer: a function (the Tokenizer calls it) with a `normalize`
 * method (a Sequence calls that). The package's type declarations do not resolve under NodeNext,
 * so its Normalizer class is not extended here.
 */
export type LibraryNormalizer = ((text: string) => string) & { normalize(text: string): string };

function asLibraryNormalizer(normalize: (text: string) => string): LibraryNormalizer {
  return Object.assign((text: string) => normalize(text), { normalize });
}

interface BertNormalizerConfig {
  type: 'BertNormalizer';
  clean_text?: boolean;
  handle_chinese_chars?: boolean;
  strip_accents?: boolean | null;
  lowercase?: boolean;
}

const CONTROL = /\p{C}/u;
const WHITESPACE = /\s/u;
const MARK = /\p{Mn}/gu;

/** The CJK Unified Ideographs blocks (extensions A-E, compatibility) of BERT's tokenizer. */
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

/** BertNormalizer: cleaning, CJK spacing, lower-casing and accent stripping as tokenizer.json configures them. */
export function bertNormalize(s: BertNormalizerConfig, text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (s.clean_text !== false) {
      if (cp === 0 || cp === 0xfffd || (ch !== '\t' && ch !== '\n' && ch !== '\r' && CONTROL.test(ch))) continue;
      if (WHITESPACE.test(ch)) {
        out += ' ';
        continue;
      }
    }
    out += s.handle_chinese_chars !== false && isCjkIdeograph(cp) ? ` ${ch} ` : ch;
  }
  if (s.lowercase) {
    out = out.toLowerCase();
    if (s.strip_accents !== false) out = stripAccents(out);
  } else if (s.strip_accents === true) {
    out = stripAccents(out);
  }
  return out;
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(MARK, '');
}

type Any = { type?: unknown; precompiled_charsmap?: unknown; normalizers?: unknown };

function replacement(config: Any, source: string): LibraryNormalizer | null {
  if (config.type === 'BertNormalizer') {
    const settings = config as BertNormalizerConfig;
    return asLibraryNormalizer((text) => bertNormalize(settings, text));
  }
  if (config.type === 'Precompiled' && typeof config.precompiled_charsmap === 'string') {
    const map = PrecompiledCharsMap.fromBase64(config.precompiled_charsmap, source);
    return asLibraryNormalizer((text) => map.normalize(text));
  }
  return null;
}

/** Puts the two normalizers above in place of the library's, at the top or inside a Sequence. */
export function replaceNormalizers(tokenizer: Tokenizer, config: unknown, source: string): void {
  if (config === null || typeof config !== 'object') return;
  const holder = tokenizer as unknown as { normalizer: LibraryNormalizer | { normalizers?: unknown } | null };
  const top = replacement(config as Any, source);
  if (top) {
    holder.normalizer = top;
    return;
  }
  const seq = holder.normalizer as { normalizers?: unknown } | null;
  const parts = (config as Any).normalizers;
  if ((config as Any).type === 'Sequence' && Array.isArray(parts) && seq !== null && Array.isArray(seq.normalizers)) {
    const slots = seq.normalizers as unknown[];
    parts.forEach((part: Any, i) => {
      const mine = part !== null && typeof part === 'object' ? replacement(part, source) : null;
      if (mine) slots[i] = mine;
    });
  }
}
