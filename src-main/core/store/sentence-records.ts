// Whole sentences with words and spans, for export and for building training data.

import type Database from 'better-sqlite3';
import type { SentenceStatus, Span, Split, TokenOffsets } from '../../contract/entities.js';
import type { RawRow, RawSpan } from './rows.js';
import { SPAN_COLUMNS, stmt, toSpan } from './rows.js';
import { decodeTokens, wordsOf } from './tokens-codec.js';

/** One sentence with its words and current spans, for export and for building training data. */
export interface SentenceRecord {
  id: number;
  docId: number;
  docName: string;
  lang: string;
  split: Split;
  status: SentenceStatus;
  text: string;
  tokens: TokenOffsets[];
  words: string[];
  tokenizer: string;
  /** The latest prediction's uncertainty in 0..1, or null. */
  uncertainty: number | null;
  spans: Span[];
}

export interface RecordFilter {
  lang?: string | undefined;
  splits?: readonly Split[] | undefined;
  statuses?: readonly SentenceStatus[] | undefined;
}

/** Sentences in document order with their words and current spans. */
export function readRecords(db: Database.Database, filter: RecordFilter): SentenceRecord[] {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.lang !== undefined) {
    parts.push('s.lang = ?');
    params.push(filter.lang);
  }
  for (const [column, values] of [
    ['s.split', filter.splits],
    ['s.status', filter.statuses],
  ] as const) {
    if (values === undefined) continue;
    if (values.length === 0) return [];
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  }
  const where = parts.length === 0 ? '1' : parts.join(' AND ');
  const spanStmt = stmt(db, `SELECT ${SPAN_COLUMNS} FROM annotations WHERE sentence_id = ? ORDER BY start_token`);
  const out: SentenceRecord[] = [];
  for (const r of stmt(
    db,
    `SELECT s.id, s.doc_id, d.name AS doc_name, s.lang, s.split, s.status, s.uncertainty, s.text, s.tokens, s.tokenizer
     FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE ${where} ORDER BY s.ordinal`,
  ).iterate(...params) as Iterable<RawRow & { doc_name: string; text: string; tokens: Buffer; tokenizer: string }>) {
    const tokens = decodeTokens(r.tokens);
    out.push({
      id: r.id,
      docId: r.doc_id,
      docName: r.doc_name,
      lang: r.lang,
      split: r.split,
      status: r.status,
      text: r.text,
      tokens,
      words: wordsOf(r.text, tokens),
      tokenizer: r.tokenizer,
      uncertainty: r.uncertainty,
      spans: [],
    });
  }
  // Spans are read after the sentence scan: a statement cannot run while another iterates.
  for (const rec of out) rec.spans = (spanStmt.all(rec.id) as RawSpan[]).map(toSpan);
  return out;
}
