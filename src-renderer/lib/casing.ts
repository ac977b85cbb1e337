// What the Projects screen says about a language's letter case (languages.casing): one verdict,
// the figures behind it, and what training does about it. A model that learnt names from English
// takes a capital in mid-sentence for a name; these lines say where that cue fails and why.

import type { CasingConventions } from '../../src-main/contract/entities.js';
import { count } from './format.js';

export interface CasingLines {
  /** "Capitalises common words: yes" and the like. */
  verdict: string;
  /** The evidence, one figure a line. */
  figures: string[];
  /** What training does with it. */
  training: string;
  /** A capital is not a reliable sign of a name in this language. */
  hard: boolean;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function verdictOf(c: CasingConventions): string {
  const common = c.commonWords;
  const evidence = common
    ? `${pct(common.words === 0 ? 0 : common.capitalised / common.words)} of ${count(common.words)} dictionary translations of common ${common.sourceLang} words (“${common.dictionary}”) appear capitalised mid-sentence`
    : '';
  switch (c.convention) {
    case 'caseless':
      return 'No letter case: its script has no capitals';
    case 'no-capitals':
      return 'Written without capitals, names included';
    case 'capitalises-common-words':
      return `Capitalises common words: yes, ${evidence}`;
    case 'capitalises-names':
      return `Capitalises common words: no, ${evidence}`;
    default:
      if (c.words === 0) return 'No sentences yet';
      if (!common) return `Capitalises common words: unknown; import a dictionary into ${c.lang} to tell`;
      return `Capitalises common words: unknown, too little text (${evidence})`;
  }
}

function trainingOf(c: CasingConventions): string {
  switch (c.convention) {
    case 'caseless':
    case 'no-capitals':
      return 'A capital cannot mark a name here: training lowercases the source sentences, so names are learnt from words and context.';
    case 'capitalises-common-words':
      return 'A capital does not mark a name here: training capitalises the source words this text capitalises, and inserts translations as it writes them.';
    case 'capitalises-names':
      return 'Like English, a capital in mid-sentence mostly marks a name; training keeps the source sentences as they are written.';
    default:
      return 'Too little text to tell; training keeps the source casing until the target text shows a convention.';
  }
}

export function casingLines(c: CasingConventions): CasingLines {
  const figures = [`${count(c.words)} words, ${pct(c.casedShare)} in a script with letter case`];
  if (c.sentenceStartsCapitalised !== null) figures.push(`${pct(c.sentenceStartsCapitalised)} of sentences start with a capital`);
  if (c.midSentenceCapitalised !== null) figures.push(`${pct(c.midSentenceCapitalised)} of words in mid-sentence are capitalised`);
  return {
    verdict: verdictOf(c),
    figures,
    training: trainingOf(c),
    hard: c.convention === 'capitalises-common-words' || c.convention === 'caseless' || c.convention === 'no-capitals',
  };
}
