// Bilingual dictionaries (tables of schema v2): word pairs for dictionary code-switching.
//
// Dictionary edits do not go through the edit log: undo there covers annotation work, and a
// dictionary edit is one word's list of translations that the user can simply set again.
// Translations are kept in the table's key order (source, target), so a word's targets come back
// sorted, not in file order; code-switching picks among them at random.

import type Database from 'better-sqlite3';
import type { DictionaryCoverage, DictionaryEntry } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { computeCoverage } from './dictionary-coverage.js';
import { now, stmt } from './rows.js';

export interface DictionaryRecord {
  id: number;
  name: string;
  srcLang: string;
  tgtLang: string;
  /** Base name of the file it came from, or null. */
  file: string | null;
  createdAt: string;
  words: number;
  entries: number;
}

export interface NewDictionary {
  name: string;
  srcLang: string;
  tgtLang: string;
  file?: string | null | undefined;
}

// Columns named as the record's fields, so a row is a DictionaryRecord as it comes.
const SELECT = `SELECT d.id, d.name, d.src_lang AS srcLang, d.tgt_lang AS tgtLang, d.source AS file, d.created_at AS createdAt,
  (SELECT COUNT(DISTINCT e.source) FROM dictionary_entries e WHERE e.dictionary_id = d.id) AS words,
  (SELECT COUNT(*) FROM dictionary_entries e WHERE e.dictionary_id = d.id) AS entries
  FROM dictionaries d`;

/** The longest word or translation kept: far beyond any dictionary word, and a bound on row size. */
export const MAX_DICTIONARY_WORD = 200;

function checkWord(word: string, what: string): void {
  if (word.trim() === '' || word !== word.trim()) throw new CoreError('BAD_REQUEST', `${what} must be a word without surrounding spaces`);
  if (word.length > MAX_DICTIONARY_WORD) throw new CoreError('BAD_REQUEST', `${what} is longer than ${MAX_DICTIONARY_WORD} characters`);
}

export class DictionaryRepo {
  /**
   * Coverage reads every sentence of two languages (about 0.7 s for a MUSE dictionary against
   * two CoNLL dev sets), and the Projects screen and the Train form ask for it on every list: it
   * is kept per dictionary until its words or the two languages' sentences change.
   */
  readonly #coverage = new Map<number, { stamp: string; value: DictionaryCoverage }>();
  #revision = 0;

  constructor(private readonly db: Database.Database) {}

  /**
   * Creates a dictionary with its pairs in one transaction: all of them, or on any error nothing.
   * Repeated pairs are stored once.
   */
  import(d: NewDictionary, pairs: Iterable<{ source: string; target: string }>): DictionaryRecord {
    const insert = stmt(this.db, 'INSERT OR IGNORE INTO dictionary_entries (dictionary_id, source, target) VALUES (?, ?, ?)');
    const id = this.db.transaction(() => {
      const created = Number(
        stmt(this.db, 'INSERT INTO dictionaries (name, src_lang, tgt_lang, source, created_at) VALUES (?, ?, ?, ?, ?)').run(
          d.name,
          d.srcLang,
          d.tgtLang,
          d.file ?? null,
          now(),
        ).lastInsertRowid,
      );
      for (const p of pairs) insert.run(created, p.source, p.target);
      return created;
    })();
    this.#revision++;
    return this.get(id);
  }

  get(id: number): DictionaryRecord {
    const r = stmt(this.db, `${SELECT} WHERE d.id = ?`).get(id) as DictionaryRecord | undefined;
    if (r === undefined) throw new CoreError('NOT_FOUND', `no dictionary ${id}`);
    return r;
  }

  /** In the order they were imported. */
  list(): DictionaryRecord[] {
    return stmt(this.db, `${SELECT} ORDER BY d.id`).all() as DictionaryRecord[];
  }

  remove(id: number): void {
    // Entries go with it (ON DELETE CASCADE).
    if (stmt(this.db, 'DELETE FROM dictionaries WHERE id = ?').run(id).changes === 0)
      throw new CoreError('NOT_FOUND', `no dictionary ${id}`);
    this.#coverage.delete(id);
  }

  /**
   * One page of source words with their translations. With `q`, words containing it (case-
   * insensitive), those starting with it first; otherwise all words in order.
   */
  entries(id: number, q: string | undefined, offset: number, limit: number): { total: number; rows: DictionaryEntry[] } {
    this.get(id);
    const needle = (q ?? '').trim().toLowerCase();
    let sources: string[];
    let total: number;
    if (needle === '') {
      total = (stmt(this.db, 'SELECT COUNT(DISTINCT source) AS n FROM dictionary_entries WHERE dictionary_id = ?').get(id) as { n: number })
        .n;
      sources = (
        stmt(this.db, 'SELECT DISTINCT source FROM dictionary_entries WHERE dictionary_id = ? ORDER BY source LIMIT ? OFFSET ?').all(
          id,
          limit,
          offset,
        ) as { source: string }[]
      ).map((r) => r.source);
    } else {
      total = (
        stmt(this.db, 'SELECT COUNT(DISTINCT source) AS n FROM dictionary_entries WHERE dictionary_id = ? AND ct_contains(source, ?)').get(
          id,
          needle,
        ) as { n: number }
      ).n;
      sources = (
        stmt(
          this.db,
          `SELECT DISTINCT source, substr(lower(source), 1, length(?)) = ? AS prefix FROM dictionary_entries
           WHERE dictionary_id = ? AND ct_contains(source, ?) ORDER BY prefix DESC, source LIMIT ? OFFSET ?`,
        ).all(needle, needle, id, needle, limit, offset) as { source: string }[]
      ).map((r) => r.source);
    }
    const targets = stmt(this.db, 'SELECT target FROM dictionary_entries WHERE dictionary_id = ? AND source = ? ORDER BY target');
    const rows = sources.map((source) => ({ source, targets: (targets.all(id, source) as { target: string }[]).map((r) => r.target) }));
    return { total, rows };
  }

  /** The translations of one source word; [] when it has none. */
  entry(id: number, source: string): DictionaryEntry {
    const targets = (
      stmt(this.db, 'SELECT target FROM dictionary_entries WHERE dictionary_id = ? AND source = ? ORDER BY target').all(id, source) as {
        target: string;
      }[]
    ).map((r) => r.target);
    return { source, targets };
  }

  /** Replaces the translations of `source` (adding the word if new); an empty list removes the word. */
  setEntry(id: number, source: string, targets: readonly string[]): DictionaryEntry {
    this.get(id);
    checkWord(source, 'the source word');
    for (const t of targets) checkWord(t, 'a translation');
    this.db.transaction(() => {
      stmt(this.db, 'DELETE FROM dictionary_entries WHERE dictionary_id = ? AND source = ?').run(id, source);
      const insert = stmt(this.db, 'INSERT OR IGNORE INTO dictionary_entries (dictionary_id, source, target) VALUES (?, ?, ?)');
      for (const t of targets) insert.run(id, source, t);
    })();
    this.#revision++;
    return this.entry(id, source);
  }

  /** Source word to its translations, for training. */
  load(id: number): Map<string, string[]> {
    this.get(id);
    const map = new Map<string, string[]>();
    for (const r of stmt(this.db, 'SELECT source, target FROM dictionary_entries WHERE dictionary_id = ? ORDER BY source, target').iterate(
      id,
    ) as Iterable<{
      source: string;
      target: string;
    }>) {
      const list = map.get(r.source);
      if (list === undefined) map.set(r.source, [r.target]);
      else list.push(r.target);
    }
    return map;
  }

  /** Every distinct translation, for target-side coverage. */
  targets(id: number): Set<string> {
    return new Set(
      (stmt(this.db, 'SELECT DISTINCT target FROM dictionary_entries WHERE dictionary_id = ?').all(id) as { target: string }[]).map(
        (r) => r.target,
      ),
    );
  }

  /** Shares of the project's source- and target-language words the dictionary covers. */
  coverage(id: number): DictionaryCoverage {
    const d = this.get(id);
    // Sentences are only added or deleted, never re-tokenised: a language's count and the newest
    // sentence id tell whether its words changed.
    const langs = stmt(this.db, 'SELECT lang, coalesce(sum(n), 0) AS n FROM sentence_counts WHERE lang IN (?, ?) GROUP BY lang').all(
      d.srcLang,
      d.tgtLang,
    ) as {
      lang: string;
      n: number;
    }[];
    const newest = (stmt(this.db, 'SELECT coalesce(max(id), 0) AS id FROM sentences').get() as { id: number }).id;
    const stamp = JSON.stringify([this.#revision, newest, langs]);
    const cached = this.#coverage.get(id);
    if (cached?.stamp === stamp) return cached.value;
    const value = computeCoverage(this.db, d, this.load(id), this.targets(id));
    this.#coverage.set(id, { stamp, value });
    return value;
  }
}
