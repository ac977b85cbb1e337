// Snapshots of one edit target (a sentence's annotation layer and status, or a pair's links):
// what the edit log stores before and after every action, and what undo and redo write back.

import type Database from 'better-sqlite3';
import type { LinkValue, Provenance, SentenceStatus, TokenLink } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import type { ProjectRepo } from './project-repo.js';
import { stmt } from './rows.js';

export interface SnapSpan {
  start: number;
  end: number;
  label: string;
  provenance: Provenance;
  modelId: number | null;
  confidence: number | null;
}

export interface SentenceSnapshot {
  status: SentenceStatus;
  spans: SnapSpan[];
}

export interface PairSnapshot {
  links: TokenLink[];
}

export function readSentenceSnapshot(db: Database.Database, sentenceId: number): SentenceSnapshot {
  const s = stmt(db, 'SELECT status FROM sentences WHERE id = ?').get(sentenceId) as { status: SentenceStatus } | undefined;
  if (s === undefined) throw new CoreError('NOT_FOUND', `no sentence ${sentenceId}`);
  const spans = stmt(
    db,
    `SELECT start_token AS start, end_token AS end, label, provenance, model_id AS modelId, confidence
     FROM annotations WHERE sentence_id = ? ORDER BY start_token, end_token`,
  ).all(sentenceId) as SnapSpan[];
  return { status: s.status, spans };
}

/** Replaces the sentence's whole annotation layer and status. Labels removed since are added back. */
export function writeSentenceSnapshot(db: Database.Database, project: ProjectRepo, sentenceId: number, snap: SentenceSnapshot): void {
  project.ensureLabels(snap.spans.map((s) => s.label));
  stmt(db, 'DELETE FROM annotations WHERE sentence_id = ?').run(sentenceId);
  // A model deleted since the snapshot leaves its spans without a model id.
  const insert = stmt(
    db,
    `INSERT INTO annotations (sentence_id, start_token, end_token, label, provenance, model_id, confidence)
     VALUES (?, ?, ?, ?, ?, (SELECT id FROM models WHERE id = ?), ?)`,
  );
  for (const sp of snap.spans) insert.run(sentenceId, sp.start, sp.end, sp.label, sp.provenance, sp.modelId, sp.confidence);
  stmt(db, 'UPDATE sentences SET status = ? WHERE id = ?').run(snap.status, sentenceId);
}

export function readPairSnapshot(db: Database.Database, pairId: number): PairSnapshot {
  const links = stmt(db, 'SELECT i, j, value, source FROM links WHERE pair_id = ? ORDER BY i, j').all(pairId) as {
    i: number;
    j: number;
    value: LinkValue;
    source: 'user' | 'model';
  }[];
  return { links };
}

export function writePairSnapshot(db: Database.Database, pairId: number, snap: PairSnapshot): void {
  stmt(db, 'DELETE FROM links WHERE pair_id = ?').run(pairId);
  const insert = stmt(db, 'INSERT INTO links (pair_id, i, j, value, source) VALUES (?, ?, ?, ?, ?)');
  for (const l of snap.links) insert.run(pairId, l.i, l.j, l.value, l.source);
}

export function sameSentenceSnapshot(a: SentenceSnapshot, b: SentenceSnapshot): boolean {
  if (a.status !== b.status || a.spans.length !== b.spans.length) return false;
  return a.spans.every((x, k) => {
    const y = b.spans[k]!;
    return (
      x.start === y.start &&
      x.end === y.end &&
      x.label === y.label &&
      x.provenance === y.provenance &&
      x.modelId === y.modelId &&
      x.confidence === y.confidence
    );
  });
}

export function samePairSnapshot(a: PairSnapshot, b: PairSnapshot): boolean {
  if (a.links.length !== b.links.length) return false;
  return a.links.every((x, k) => {
    const y = b.links[k]!;
    return x.i === y.i && x.j === y.j && x.value === y.value && x.source === y.source;
  });
}
