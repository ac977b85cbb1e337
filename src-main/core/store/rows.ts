// Row shapes and mappers shared by the repositories.

import type Database from 'better-sqlite3';
import type { Provenance, SentenceRow, SentenceStatus, Span, Split } from '../../contract/entities.js';

/** Code points of text shown in a list row. */
export const PREVIEW_LENGTH = 120;

export const ROW_COLUMNS = `s.id, s.ordinal, s.doc_id, s.lang, s.split, s.status, substr(s.text, 1, ${PREVIEW_LENGTH}) AS preview, s.uncertainty`;

export interface RawRow {
  id: number;
  ordinal: number;
  doc_id: number;
  lang: string;
  split: Split;
  status: SentenceStatus;
  preview: string;
  uncertainty: number | null;
}

export function toRow(r: RawRow): SentenceRow {
  return {
    id: r.id,
    ordinal: r.ordinal,
    docId: r.doc_id,
    lang: r.lang,
    split: r.split,
    status: r.status,
    preview: r.preview,
    uncertainty: r.uncertainty,
  };
}

export interface RawSpan {
  start_token: number;
  end_token: number;
  label: string;
  provenance: Provenance;
  model_id: number | null;
  confidence: number | null;
}

export function toSpan(r: RawSpan): Span {
  return {
    start: r.start_token,
    end: r.end_token,
    label: r.label,
    provenance: r.provenance,
    confidence: r.confidence,
    modelId: r.model_id,
  };
}

export const SPAN_COLUMNS = 'start_token, end_token, label, provenance, model_id, confidence';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement compiled once per connection and SQL text, so hot paths skip re-parsing. Never pluck() these. */
export function stmt(db: Database.Database, sql: string): Database.Statement {
  let byDb = cache.get(db);
  if (byDb === undefined) {
    byDb = new Map();
    cache.set(db, byDb);
  }
  let s = byDb.get(sql);
  if (s === undefined) {
    s = db.prepare(sql);
    byDb.set(sql, s);
  }
  return s;
}

export function spansOf(db: Database.Database, sentenceId: number): Span[] {
  const rows = stmt(db, `SELECT ${SPAN_COLUMNS} FROM annotations WHERE sentence_id = ? ORDER BY start_token, end_token`).all(
    sentenceId,
  ) as RawSpan[];
  return rows.map(toSpan);
}

export function now(): string {
  return new Date().toISOString();
}
