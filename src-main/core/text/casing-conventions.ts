// What a casing profile says about a language as a whole, in the form the Projects screen shows
// and a model summary records: whether its script has case, whether it writes capitals at all,
// and whether it capitalises common words (German nouns) or only names (English).

import type { CasingConventions } from '../../contract/entities.js';
import type { CasingProfile } from './casing-profile.js';

/** Fewer word tokens than this tell nothing about a language. */
export const MIN_WORDS = 200;
/** Common-word translations seen in a clear shape needed before deciding how the language writes them. */
export const MIN_COMMON_WORDS = 20;
/**
 * Share of those translations written capitalised above which the language capitalises common
 * words. English-like languages capitalise a few (months or weekdays in some, titles), German
 * capitalises about every noun, half or more of a dictionary's common words.
 */
export const COMMON_CAPITALISED = 0.25;

export interface CommonWordEvidence {
  /** The dictionary's name. */
  dictionary: string;
  sourceLang: string;
  /** commonTranslations(): the dictionary's translations of the source's common words. */
  translations: ReadonlySet<string>;
}

/** How the profile's language writes its common words, from the translations of a source's common words. */
export function commonWordShapes(profile: CasingProfile, translations: ReadonlySet<string>): { words: number; capitalised: number } {
  let words = 0;
  let capitalised = 0;
  for (const t of translations) {
    const shape = profile.usualShape(t);
    if (shape === null) continue;
    words += 1;
    if (shape === 'capitalised') capitalised += 1;
  }
  return { words, capitalised };
}

export function casingConventions(lang: string, profile: CasingProfile, evidence?: CommonWordEvidence | null): CasingConventions {
  const t = profile.totals;
  const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  const common = evidence
    ? { dictionary: evidence.dictionary, sourceLang: evidence.sourceLang, ...commonWordShapes(profile, evidence.translations) }
    : null;
  return {
    lang,
    words: t.words,
    casedShare: t.words === 0 ? 0 : 1 - t.caseless / t.words,
    sentenceStartsCapitalised: share(t.startsCapitalised, t.starts),
    midSentenceCapitalised: share(t.midCapitalised, t.mid),
    commonWords: common,
    convention: conventionOf(profile, common),
  };
}

function conventionOf(profile: CasingProfile, common: { words: number; capitalised: number } | null): CasingConventions['convention'] {
  if (profile.totals.words < MIN_WORDS) return 'unknown';
  if (!profile.hasCase) return 'caseless';
  if (!profile.writesCapitals) return 'no-capitals';
  if (!common || common.words < MIN_COMMON_WORDS) return 'unknown';
  return common.capitalised >= COMMON_CAPITALISED * common.words ? 'capitalises-common-words' : 'capitalises-names';
}
