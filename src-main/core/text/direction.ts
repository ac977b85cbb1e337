// Writing direction of a language or a piece of text, for the editor's dir attribute.

export type Direction = 'ltr' | 'rtl';

// ISO 639 codes of languages normally written right to left: Arabic-script languages (ar, arz, ckb,
// fa, ks, pnb, ps, sd, ug, ur), Hebrew-script ones (he, iw as the old code, yi), Aramaic and Syriac
// (arc, syr) and Dhivehi (dv, Thaana script).
const RTL_LANGS = new Set(['ar', 'arc', 'arz', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'pnb', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);
// ISO 15924 script subtags that are right to left, e.g. `az-Arab`, `pa-Arab`, `uz-Arab`.
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'thaa', 'syrc', 'nkoo', 'adlm', 'rohg', 'samr', 'mand']);
// Language tags as BCP 47 writes them: a 2-3 letter language, then optional subtags.
const LANG_TAG = /^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i;
const RTL_CHAR =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;
const LETTER = /\p{L}/u;

/** Direction of a BCP 47 language tag, or null if `tag` does not look like one. */
export function directionOfLang(tag: string): Direction | null {
  if (!LANG_TAG.test(tag)) return null;
  const parts = tag.toLowerCase().split(/[-_]/);
  const script = parts.find((p, i) => i > 0 && p.length === 4);
  if (script !== undefined) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  return RTL_LANGS.has(parts[0] as string) ? 'rtl' : 'ltr';
}

/** Direction by majority of letters: right-to-left letters against all other letters. */
export function directionOfText(text: string): Direction {
  let rtl = 0;
  let ltr = 0;
  for (const ch of text) {
    if (!LETTER.test(ch)) continue;
    if (RTL_CHAR.test(ch)) rtl++;
    else ltr++;
  }
  return rtl > ltr ? 'rtl' : 'ltr';
}

/**
 * Direction of a language tag (`ar`, `he-IL`, `pa-Arab`) or, for anything that is not shaped like
 * one, of the text by script majority.
 */
export function directionOf(textOrLang: string): Direction {
  return directionOfLang(textOrLang.trim()) ?? directionOfText(textOrLang);
}
