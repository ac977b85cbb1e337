// languages.casing: how each of the project's languages writes letter case, learnt from its own
// sentences (core/text/casing-profile.ts), so the Projects screen can say why a language is hard
// for a model that learnt English casing. Whether a language capitalises common words is told
// from a dictionary into it: the translations of its source language's common words.

import type { CasingConventions } from '../../contract/entities.js';
import { spansToTags } from '../formats/scheme.js';
import type { Store } from '../store/index.js';
import { casingConventions, CasingProfile, commonSourceWords, commonTranslations, type CommonWordEvidence } from '../text/index.js';

/** The source's common words from its labelled sentences (words kept outside names), or from its casing when none is labelled. */
function sourceCommonWords(store: Store, lang: string): Set<string> {
  const labelled = store.sentences
    .records({ lang, statuses: ['gold', 'corrected'] })
    .map((r) => ({ tokens: r.words, tags: spansToTags(r.spans, r.words.length, 'iob2') }));
  if (labelled.length > 0) return commonSourceWords(labelled);
  return commonSourceWords([...store.sentences.words(lang)].map((tokens) => ({ tokens })));
}

/** The largest dictionary into `lang` gives the evidence; none, and whether common words are capitalised stays unknown. */
function evidenceFor(store: Store, lang: string): CommonWordEvidence | null {
  const dict = store.dictionaries
    .list()
    .filter((d) => d.tgtLang === lang && d.words > 0)
    .sort((a, b) => b.words - a.words)[0];
  if (!dict) return null;
  const translations = commonTranslations(store.dictionaries.load(dict.id), sourceCommonWords(store, dict.srcLang));
  return { dictionary: dict.name, sourceLang: dict.srcLang, translations };
}

export function languageCasing(store: Store): CasingConventions[] {
  return store.project
    .languages()
    .map((l) => casingConventions(l.code, CasingProfile.learn(store.sentences.words(l.code)), evidenceFor(store, l.code)));
}
