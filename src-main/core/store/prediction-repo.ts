// Model predictions written back in bulk by the ML jobs. They never overwrite the user's work.

import type Database from 'better-sqlite3';
import { CoreError } from '../errors.js';
import type { ProjectRepo } from './project-repo.js';
import { stmt } from './rows.js';

export interface PredictedSpan {
  start: number;
  end: number;
  label: string;
  /** Model confidence in 0..1. */
  confidence: number;
}

export interface SentencePrediction {
  sentenceId: number;
  spans: PredictedSpan[];
  /** Uncertainty in 0..1 for active learning (higher = more useful to label), or null. */
  uncertainty: number | null;
}

export interface PredictionResult {
  /** Sentences now holding these predictions (status predicted). */
  written: number;
  /** Sentences left alone because the user labelled, confirmed or corrected them. */
  skipped: number;
  /** Sentence ids that no longer exist. */
  missing: number;
}

const inUnit = (x: number): boolean => Number.isFinite(x) && x >= 0 && x <= 1;

/**
 * Replaces the predictions of every listed sentence whose status is unlabelled or predicted and
 * sets it to predicted; gold and corrected sentences are skipped. One transaction for the batch.
 */
export function writePredictions(
  db: Database.Database,
  project: ProjectRepo,
  modelId: number,
  items: readonly SentencePrediction[],
): PredictionResult {
  return db
    .transaction((): PredictionResult => {
      if (stmt(db, 'SELECT 1 AS x FROM models WHERE id = ?').get(modelId) === undefined)
        throw new CoreError('NOT_FOUND', `no model ${modelId}`);
      const labels = project.labelNames();
      const read = stmt(db, 'SELECT status, n_tokens FROM sentences WHERE id = ?');
      const clear = stmt(db, 'DELETE FROM annotations WHERE sentence_id = ?');
      const insert = stmt(
        db,
        `INSERT INTO annotations (sentence_id, start_token, end_token, label, provenance, model_id, confidence) VALUES (?, ?, ?, ?, 'predicted', ?, ?)`,
      );
      const mark = stmt(db, `UPDATE sentences SET status = 'predicted', uncertainty = ? WHERE id = ?`);
      const result: PredictionResult = { written: 0, skipped: 0, missing: 0 };
      for (const item of items) {
        const s = read.get(item.sentenceId) as { status: string; n_tokens: number } | undefined;
        if (s === undefined) {
          result.missing++;
          continue;
        }
        if (s.status !== 'unlabelled' && s.status !== 'predicted') {
          result.skipped++;
          continue;
        }
        if (item.uncertainty !== null && !inUnit(item.uncertainty)) {
          throw new CoreError('BAD_REQUEST', `sentence ${item.sentenceId}: uncertainty ${item.uncertainty} is not in 0..1`);
        }
        const spans = [...item.spans].sort((a, b) => a.start - b.start);
        let previousEnd = 0;
        for (const sp of spans) {
          const where = `sentence ${item.sentenceId}: span ${sp.label} [${sp.start}, ${sp.end})`;
          if (!labels.has(sp.label)) throw new CoreError('BAD_REQUEST', `${where}: label is not in the project's label set`);
          if (
            !Number.isInteger(sp.start) ||
            !Number.isInteger(sp.end) ||
            sp.start < previousEnd ||
            sp.end <= sp.start ||
            sp.end > s.n_tokens
          ) {
            throw new CoreError('BAD_REQUEST', `${where}: outside the ${s.n_tokens} tokens or overlapping another span`);
          }
          if (!inUnit(sp.confidence)) throw new CoreError('BAD_REQUEST', `${where}: confidence ${sp.confidence} is not in 0..1`);
          previousEnd = sp.end;
        }
        clear.run(item.sentenceId);
        for (const sp of spans) insert.run(item.sentenceId, sp.start, sp.end, sp.label, modelId, sp.confidence);
        mark.run(item.uncertainty, item.sentenceId);
        result.written++;
      }
      return result;
    })
    .immediate();
}
