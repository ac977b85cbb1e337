// Which language a corpus file is in, guessed before import so the preview can propose it: from
// the file name (a language's ISO 639 code or English name as part of it) and from the text (its
// letter trigrams, by franc, which also knows the languages that a script names on its own).
// A guess only: the import dialog shows it with its reason and the person can change it.

import { francAll } from 'franc';
import { hasShortList, languageByCode, LANGUAGE_BY_NAME, languageName, MAJOR_LANGUAGES, storedCode } from './language-codes.js';

// Corpus names ISO 639 does not know or gives to another language: CoNLL-2002 names its Spanish
// files `esp` (no ISO code) and its Dutch ones `ned` (ISO 639-3's Nde-Gbite).
const CORPUS_NAMES = new Map([
  ['esp', 'es'],
  ['ned', 'nl'],
]);
// Words that name a file's split or format, never its language (`dev` is also ISO 639-3's Domung).
const FILE_WORDS = new Set(
  'train dev test testa testb valid validation val unlabelled unlabeled labelled labeled raw gold silver tagged data corpus'.split(' '),
);

/**
 * The language a file name names. A language name (`spanish`, `Dutch`) counts anywhere in the
 * name; a code (`es`, `deu`, `esp`) only as the first or last part of the name without its
 * extension, since codes are also words (`it`, `to`, `how`). A code or name of a language without
 * a 639-1 or 639-2 code counts only when the rest of the name is split words (`swh.train`).
 */
export function languageFromFileName(file: string): string | null {
  const base = (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '').toLowerCase();
  const parts = base.split(/[^\p{L}]+/u).filter((p) => p.length >= 2);
  const onlySplitWords = (i: number): boolean => parts.every((p, j) => j === i || FILE_WORDS.has(p));
  for (const [i, part] of parts.entries()) {
    if (FILE_WORDS.has(part)) continue;
    const byName = LANGUAGE_BY_NAME.get(part);
    if (byName !== undefined && (hasShortList(byName) || onlySplitWords(i))) return storedCode(byName.iso6393);
    if (i !== 0 && i !== parts.length - 1) continue;
    const corpus = CORPUS_NAMES.get(part);
    if (corpus !== undefined) return corpus;
    const byCode = languageByCode(part);
    if (byCode !== undefined && (hasShortList(byCode) || onlySplitWords(i))) return storedCode(part);
  }
  return null;
}

export interface ContentGuess {
  lang: string;
  /** How it was told, e.g. "its letter trigrams (franc), well ahead of Portuguese". */
  why: string;
}

const MAX_SAMPLE_CHARS = 50_000;
// franc reads 2,048 characters at most; the sample is cut into passages it reads whole, and
// their scores averaged, so a long file is judged on more than its first lines.
const PASSAGE_CHARS = 500;
// Measured on CoNLL and WikiANN dev (en, es, nl; 200 samples per size): under about 50 words,
// franc is wrong on up to a fifth of samples, even with a margin; from 100 words on a margin of
// 0.02, or the same language first in every passage of three or more, left no wrong guess and
// told 91 to 100% of the samples of 300 words (close relatives such as Spanish and Galician stay
// within the margin, which is what the every-passage rule is for).
const MIN_CHARS = 250;
const MIN_MARGIN = 0.02;
const MIN_PASSAGES = 3;

/**
 * The language of some sentences' words, when their letter trigrams tell it clearly: a script
 * that only one language writes (Hangul, Greek, Thai…), or enough text (MIN_CHARS) whose best
 * language scores MIN_MARGIN above the next. Languages franc does not model get no guess or,
 * written in a shared script, may be taken for a neighbour.
 */
export function languageFromWords(words: readonly string[]): ContentGuess | null {
  // A sample is plenty: a file of one enormous line must not make the guess slow.
  const text = words.join(' ').slice(0, MAX_SAMPLE_CHARS);
  const scores = new Map<string, number>();
  const firsts = new Map<string, number>();
  let passages = 0;
  // Equal passages of PASSAGE_CHARS to twice that: no short tail, whose trigrams would be noise.
  const count = Math.max(1, Math.floor(text.length / PASSAGE_CHARS));
  const size = Math.ceil(text.length / count);
  for (let at = 0; at < text.length; at += size) {
    const ranked = francAll(text.slice(at, at + size), { only: MAJOR_LANGUAGES as string[] });
    if (ranked[0]?.[0] === 'und') continue;
    passages++;
    firsts.set(ranked[0]![0], (firsts.get(ranked[0]![0]) ?? 0) + 1);
    for (const [lang, score] of ranked) scores.set(lang, (scores.get(lang) ?? 0) + score);
  }
  const [best, next] = [...scores].sort((a, b) => b[1] - a[1]);
  if (best === undefined) return null;
  const lang = storedCode(best[0]) ?? best[0];
  if (next === undefined) return { lang, why: `its script, which only ${languageName(lang) ?? lang} uses here (franc)` };
  const margin = (best[1] - next[1]) / passages;
  const runnerUp = languageName(storedCode(next[0]) ?? next[0]) ?? next[0];
  if (text.length >= MIN_CHARS && margin >= MIN_MARGIN)
    return { lang, why: `its letter trigrams (franc), ${margin.toFixed(2)} ahead of ${runnerUp}` };
  // Close relatives (Spanish and Galician) stay within the margin, but the language that leads
  // every passage of a long enough sample is told all the same.
  if (passages >= MIN_PASSAGES && firsts.get(best[0]) === passages)
    return { lang, why: `its letter trigrams (franc), first in all ${passages} passages, ahead of ${runnerUp}` };
  return null;
}
