// Language codes and names from ISO 639-3's own tables (iso-639-3) and the runtime's CLDR data
// (Intl), so that every living language is known, not a list kept by hand. The project stores a
// language by its ISO 639-1 code where it has one (`es`, `nl`) and by its 639-3 code otherwise.

import { iso6393, type Language } from 'iso-639-3';

/** Living languages with a code of their own: individual ones and macrolanguages (Arabic, Chinese, Persian…). */
const LIVING: readonly Language[] = iso6393.filter((l) => l.type === 'living' && (l.scope === 'individual' || l.scope === 'macrolanguage'));
const BY_CODE = new Map<string, Language>();
for (const l of LIVING) for (const c of [l.iso6393, l.iso6392B, l.iso6392T, l.iso6391]) if (c !== undefined) BY_CODE.set(c, l);

let displayNames: Intl.DisplayNames | undefined;
function cldrName(code: string): string | undefined {
  try {
    displayNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    return displayNames.of(code);
  } catch {
    return undefined;
  }
}

/** ISO 639-3 qualifiers that say which table an entry is, not which language. */
const plainName = (name: string): string => name.replace(/ \((?:individual language|macrolanguage)\)$/, '');

/**
 * The code the project stores for a language given by any ISO 639 code: 639-1 where there is one,
 * else the 639-1 code of its macrolanguage as CLDR aliases it (`cmn` → `zh`, `arb` → `ar`, `pes` → `fa`),
 * else the 639-3 code. Null for a code of no living language.
 */
export function storedCode(code: string): string | null {
  const l = BY_CODE.get(code.toLowerCase());
  if (l === undefined) return null;
  if (l.iso6391 !== undefined) return l.iso6391;
  const alias = canonical(l.iso6393);
  return alias !== null && /^[a-z]{2}$/.test(alias) && BY_CODE.has(alias) ? alias : l.iso6393;
}

function canonical(code: string): string | null {
  try {
    return Intl.getCanonicalLocales(code)[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * A language's English name: CLDR's where it has one (it says "Greek" where ISO 639-3 says
 * "Modern Greek (1453-)", "Chinese" for `cmn`), else ISO 639-3's. Null for an unknown code.
 */
export function languageName(code: string): string | null {
  const l = BY_CODE.get(code.toLowerCase());
  // A tag with a region or script (`pt-BR`) is CLDR's to name.
  if (l === undefined) return cldrName(code) ?? null;
  return cldrName(l.iso6391 ?? l.iso6393) ?? plainName(l.name);
}

/** Whether a language is well known enough to have an ISO 639-1 or 639-2 code (about 480 living languages). */
export const hasShortList = (l: Language): boolean => l.iso6391 !== undefined || l.iso6392B !== undefined;

/** Living languages by code (639-1, 639-2/B, 639-2/T, 639-3), lowercase. */
export const languageByCode = (code: string): Language | undefined => BY_CODE.get(code);

/** Living languages by single-word English name, lowercase: ISO 639-3's, and CLDR's for those with a 639-1 code. */
export const LANGUAGE_BY_NAME: ReadonlyMap<string, Language> = (() => {
  const out = new Map<string, Language>();
  const add = (name: string | undefined, l: Language): void => {
    const key = name === undefined ? '' : plainName(name).toLowerCase();
    // Where two languages share a name ("Tonga"), the one with a 639-1 code is meant far more often.
    if (/^\p{L}+$/u.test(key) && (!out.has(key) || (l.iso6391 !== undefined && out.get(key)!.iso6391 === undefined))) out.set(key, l);
  };
  for (const l of LIVING) add(l.name, l);
  for (const l of LIVING) if (l.iso6391 !== undefined) add(cldrName(l.iso6391), l);
  return out;
})();

/**
 * The 639-3 codes of the languages stored under a 639-1 code (`es`, and `cmn` as `zh`): the
 * major languages. The guess from text keeps to these, so that a language's close minor
 * neighbour in franc's models (Scots for English, Low German for Dutch) does not blur it.
 */
export const MAJOR_LANGUAGES: readonly string[] = LIVING.map((l) => l.iso6393).filter((c) => /^[a-z]{2}$/.test(storedCode(c) ?? ''));
