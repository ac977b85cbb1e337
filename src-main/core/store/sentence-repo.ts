// Reading sentences: the paged, filtered, sorted list, single sentences, positions and counts.

import type Database from 'better-sqlite3';
import type { Sentence, SentenceFilter, SentenceRow, SentenceSort, SentenceStatus, Split, SplitCount } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import type { RawRow } from './rows.js';
import { ROW_COLUMNS, spansOf, stmt, toRow } from './rows.js';
import type { RecordFilter, SentenceRecord } from './sentence-records.js';
import { readRecords } from './sentence-records.js';
import { decodeTokens, wordsOf } from './tokens-codec.js';

const UNREVIEWED: SentenceStatus[] = ['unlabelled', 'predicted'];

interface Where {
  sql: string;
  params: unknown[];
}

/** SQL for a filter. A non-ASCII search goes through `ct_contains`, a JS function, because SQLite's LIKE folds ASCII case only. */
function whereOf(filter: SentenceFilter, statuses?: readonly SentenceStatus[]): Where {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.lang !== undefined) {
    parts.push('s.lang = ?');
    params.push(filter.lang);
  }
  if (filter.split !== undefined) {
    parts.push('s.split = ?');
    params.push(filter.split);
  }
  if (filter.status !== undefined) {
    parts.push('s.status = ?');
    params.push(filter.status);
  } else if (statuses !== undefined) {
    parts.push(`s.status IN (${statuses.map(() => '?').join(', ')})`);
    params.push(...statuses);
  }
  if (filter.q !== undefined && filter.q !== '') {
    if (/^[\x20-\x7e]*$/.test(filter.q)) {
      parts.push(`s.text LIKE ? ESCAPE '\\'`);
      params.push(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    } else {
      parts.push('ct_contains(s.text, ?)');
      params.push(filter.q.toLowerCase());
    }
  }
  return { sql: parts.length === 0 ? '1' : parts.join(' AND '), params };
}

/**
 * The FROM clause for a listing. Sorting by uncertainty under a filter with no index of its own
 * would sort every matching row; walking the uncertainty index in order and testing the filter
 * columns it carries costs at most one pass over that index instead.
 */
function fromOf(filter: SentenceFilter, sort: SentenceSort): string {
  const noText = filter.q === undefined || filter.q === '';
  const ownIndex = filter.split === undefined && (filter.status === undefined || filter.lang !== undefined);
  return sort === 'uncertainty' && noText && !ownIndex ? 'sentences s INDEXED BY sentences_u_cover' : 'sentences s';
}

function orderOf(sort: SentenceSort): string {
  // NULLs sort lowest in SQLite, so DESC puts never-predicted sentences last.
  return sort === 'uncertainty' ? 's.uncertainty DESC, s.ordinal' : 's.ordinal';
}

interface Anchor {
  ordinal: number;
  uncertainty: number | null;
}

/**
 * Rows strictly before (or after) the anchor in the sort order, as disjoint parts in that order.
 * Each part is one index range; a single OR of them makes SQLite scan the whole index.
 */
function relativeTo(anchor: Anchor, sort: SentenceSort, side: 'before' | 'after'): Where[] {
  const { ordinal: o, uncertainty: u } = anchor;
  if (sort === 'document') return [{ sql: side === 'before' ? 's.ordinal < ?' : 's.ordinal > ?', params: [o] }];
  if (side === 'before') {
    return u === null
      ? [
          { sql: 's.uncertainty IS NOT NULL', params: [] },
          { sql: 's.uncertainty IS NULL AND s.ordinal < ?', params: [o] },
        ]
      : [
          { sql: 's.uncertainty > ?', params: [u] },
          { sql: 's.uncertainty = ? AND s.ordinal < ?', params: [u, o] },
        ];
  }
  return u === null
    ? [{ sql: 's.uncertainty IS NULL AND s.ordinal > ?', params: [o] }]
    : [
        { sql: 's.uncertainty = ? AND s.ordinal > ?', params: [u, o] },
        { sql: 's.uncertainty < ?', params: [u] },
        { sql: 's.uncertainty IS NULL', params: [] },
      ];
}

interface RawSentence extends RawRow {
  text: string;
  tokens: Buffer;
  tokenizer: string;
  direction: 'ltr' | 'rtl';
  doc_name: string;
}

export class SentenceRepo {
  constructor(private readonly db: Database.Database) {}

  list(filter: SentenceFilter, sort: SentenceSort, offset: number, limit: number): { total: number; rows: SentenceRow[] } {
    const w = whereOf(filter);
    const total = this.total(filter);
    // Page over bare ids first, so skipped rows never read the sentence text. (As a join, the
    // planner was seen to scan the whole table against the page instead.)
    const rows = stmt(
      this.db,
      `SELECT ${ROW_COLUMNS} FROM sentences s
       WHERE s.id IN (SELECT s.id FROM ${fromOf(filter, sort)} WHERE ${w.sql} ORDER BY ${orderOf(sort)} LIMIT ? OFFSET ?) ORDER BY ${orderOf(sort)}`,
    ).all(...w.params, limit, offset) as RawRow[];
    return { total, rows: rows.map(toRow) };
  }

  exists(id: number): boolean {
    return stmt(this.db, 'SELECT 1 AS x FROM sentences WHERE id = ?').get(id) !== undefined;
  }

  get(id: number): Sentence {
    const r = stmt(
      this.db,
      `SELECT ${ROW_COLUMNS}, s.text, s.tokens, s.tokenizer, l.direction, d.name AS doc_name
       FROM sentences s JOIN languages l ON l.code = s.lang JOIN documents d ON d.id = s.doc_id WHERE s.id = ?`,
    ).get(id) as RawSentence | undefined;
    if (r === undefined) throw new CoreError('NOT_FOUND', `no sentence ${id}`);
    return {
      ...toRow(r),
      text: r.text,
      tokens: decodeTokens(r.tokens),
      tokenizer: r.tokenizer,
      spans: spansOf(this.db, id),
      direction: r.direction,
      docName: r.doc_name,
    };
  }

  rows(ids: readonly number[]): Map<number, SentenceRow> {
    const out = new Map<number, SentenceRow>();
    const one = stmt(this.db, `SELECT ${ROW_COLUMNS} FROM sentences s WHERE s.id = ?`);
    for (const id of ids) {
      const r = one.get(id) as RawRow | undefined;
      if (r !== undefined) out.set(id, toRow(r));
    }
    return out;
  }

  private anchor(id: number): Anchor | null {
    return (stmt(this.db, 'SELECT ordinal, uncertainty FROM sentences WHERE id = ?').get(id) as Anchor | undefined) ?? null;
  }

  /** Index of the sentence in the filtered, sorted list, or -1 when the filter excludes it. */
  locate(id: number, filter: SentenceFilter, sort: SentenceSort): number {
    const w = whereOf(filter);
    const anchor = this.anchor(id);
    if (anchor === null) throw new CoreError('NOT_FOUND', `no sentence ${id}`);
    if (stmt(this.db, `SELECT 1 AS x FROM sentences s WHERE s.id = ? AND ${w.sql}`).get(id, ...w.params) === undefined) return -1;
    let index = 0;
    for (const part of relativeTo(anchor, sort, 'before')) {
      const n = stmt(this.db, `SELECT count(*) AS n FROM ${fromOf(filter, sort)} WHERE ${w.sql} AND ${part.sql}`).get(
        ...w.params,
        ...part.params,
      ) as { n: number };
      index += n.n;
    }
    return index;
  }

  /**
   * The next sentence to work on: the first unreviewed one (or, when the filter names a status, one
   * with that status) after `after` in the sort order, wrapping around to the start; null if none.
   */
  next(after: number | null, filter: SentenceFilter, sort: SentenceSort): number | null {
    const w = whereOf(filter, UNREVIEWED);
    const order = orderOf(sort);
    if (after !== null) {
      const anchor = this.anchor(after);
      if (anchor === null) throw new CoreError('NOT_FOUND', `no sentence ${after}`);
      for (const part of relativeTo(anchor, sort, 'after')) {
        const hit = stmt(this.db, `SELECT s.id FROM ${fromOf(filter, sort)} WHERE ${w.sql} AND ${part.sql} ORDER BY ${order} LIMIT 1`).get(
          ...w.params,
          ...part.params,
        ) as { id: number } | undefined;
        if (hit !== undefined) return hit.id;
      }
    }
    const first = stmt(this.db, `SELECT s.id FROM ${fromOf(filter, sort)} WHERE ${w.sql} AND s.id <> ? ORDER BY ${order} LIMIT 1`).get(
      ...w.params,
      after ?? -1,
    ) as { id: number } | undefined;
    return first?.id ?? null;
  }

  /** The sentence and up to `radius` sentences either side of it in its document. */
  neighbours(id: number, radius: number): SentenceRow[] {
    const r = stmt(this.db, 'SELECT doc_id, ordinal FROM sentences WHERE id = ?').get(id) as
      { doc_id: number; ordinal: number } | undefined;
    if (r === undefined) throw new CoreError('NOT_FOUND', `no sentence ${id}`);
    const before = stmt(
      this.db,
      `SELECT ${ROW_COLUMNS} FROM sentences s WHERE s.doc_id = ? AND s.ordinal < ? ORDER BY s.ordinal DESC LIMIT ?`,
    ).all(r.doc_id, r.ordinal, radius) as RawRow[];
    const rest = stmt(
      this.db,
      `SELECT ${ROW_COLUMNS} FROM sentences s WHERE s.doc_id = ? AND s.ordinal >= ? ORDER BY s.ordinal LIMIT ?`,
    ).all(r.doc_id, r.ordinal, radius + 1) as RawRow[];
    return [...before.reverse(), ...rest].map(toRow);
  }

  /** Counts per language and split by status, from the trigger-kept counts table. */
  counts(): SplitCount[] {
    const rows = stmt(this.db, 'SELECT lang, split, status, n FROM sentence_counts WHERE n > 0 ORDER BY lang, split').all() as {
      lang: string;
      split: Split;
      status: SentenceStatus;
      n: number;
    }[];
    const out = new Map<string, SplitCount>();
    for (const r of rows) {
      const key = `${r.lang}\u0000${r.split}`;
      let c = out.get(key);
      if (c === undefined) {
        c = { lang: r.lang, split: r.split, total: 0, unlabelled: 0, predicted: 0, gold: 0, corrected: 0 };
        out.set(key, c);
      }
      c.total += r.n;
      c[r.status] += r.n;
    }
    return [...out.values()];
  }

  /** Sentences matching a filter; without a text search, a sum over the counts table. */
  total(filter: SentenceFilter): number {
    if (filter.q !== undefined && filter.q !== '') {
      const w = whereOf(filter);
      return (stmt(this.db, `SELECT count(*) AS n FROM sentences s WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
    }
    const w = whereOf(filter);
    return (stmt(this.db, `SELECT coalesce(sum(n), 0) AS n FROM sentence_counts s WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
  }

  /** Sentences in document order with their words and current spans. */
  records(filter: RecordFilter): SentenceRecord[] {
    return readRecords(this.db, filter);
  }

  /** The words of every sentence of `lang`, in document order, one sentence at a time (no spans read). */
  *words(lang: string): Generator<string[]> {
    for (const r of stmt(this.db, 'SELECT text, tokens FROM sentences WHERE lang = ? ORDER BY ordinal').iterate(lang) as Iterable<{
      text: string;
      tokens: Buffer;
    }>) {
      yield wordsOf(r.text, decodeTokens(r.tokens));
    }
  }
}
