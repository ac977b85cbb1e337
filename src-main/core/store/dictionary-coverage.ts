// How much of the project a dictionary covers, counted over every sentence of a language.

import type Database from 'better-sqlite3';
import type { CoverageSide, DictionaryCoverage } from '../../contract/entities.js';
import { stmt } from './rows.js';
import { decodeTokens, wordsOf } from './tokens-codec.js';

/** Each distinct word of the language's sentences with its number of occurrences. */
export function wordCounts(db: Database.Database, lang: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of stmt(db, 'SELECT text, tokens FROM sentences WHERE lang = ?').iterate(lang) as Iterable<{
    text: string;
    tokens: Buffer;
  }>) {
    for (const w of wordsOf(r.text, decodeTokens(r.tokens))) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}

/** A word counts as covered when it, or its lowercase form, is known (sentence-initial capitals). */
function side(lang: string, counts: ReadonlyMap<string, number>, known: (w: string) => boolean): CoverageSide {
  const out: CoverageSide = { lang, types: 0, coveredTypes: 0, tokens: 0, coveredTokens: 0 };
  for (const [w, n] of counts) {
    out.types++;
    out.tokens += n;
    if (known(w) || known(w.toLowerCase())) {
      out.coveredTypes++;
      out.coveredTokens += n;
    }
  }
  return out;
}

export function computeCoverage(
  db: Database.Database,
  dict: { srcLang: string; tgtLang: string },
  sources: ReadonlyMap<string, unknown>,
  targets: ReadonlySet<string>,
): DictionaryCoverage {
  return {
    source: side(dict.srcLang, wordCounts(db, dict.srcLang), (w) => sources.has(w)),
    target: side(dict.tgtLang, wordCounts(db, dict.tgtLang), (w) => targets.has(w)),
  };
}
