// The append-only edit log and the undo/redo stacks derived from it. Undo and redo append rows
// of their own, so the stacks (and the user's work) survive a restart.

import type Database from 'better-sqlite3';
import type { EditSummary } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import type { ProjectRepo } from './project-repo.js';
import { now, stmt } from './rows.js';
import type { PairSnapshot, SentenceSnapshot } from './snapshots.js';
import { writePairSnapshot, writeSentenceSnapshot } from './snapshots.js';

export type EditTarget = { sentenceId: number; pairId?: undefined } | { pairId: number; sentenceId?: undefined };

interface EditRow {
  id: number;
  at: string;
  kind: 'do' | 'undo' | 'redo';
  ref: number | null;
  action: string;
  sentence_id: number | null;
  pair_id: number | null;
  before: string;
  after: string;
  description: string;
}

interface Stacks {
  undo: number[];
  redo: number[];
  seen: number;
}

/** What undo, redo or revert changed: the original edit and its target. */
export interface Reverted {
  edit: EditSummary;
  sentenceId: number | null;
  pairId: number | null;
}

function summary(r: EditRow): EditSummary {
  return { id: r.id, at: r.at, action: r.action, sentenceId: r.sentence_id, pairId: r.pair_id, description: r.description };
}

function step(s: Stacks, r: Pick<EditRow, 'id' | 'kind' | 'ref'>): void {
  if (r.kind === 'do') {
    s.undo.push(r.id);
    s.redo.length = 0;
  } else if (r.kind === 'undo') {
    const i = s.undo.lastIndexOf(r.ref!);
    if (i >= 0) s.undo.splice(i, 1);
    s.redo.push(r.ref!);
  } else {
    const i = s.redo.lastIndexOf(r.ref!);
    if (i >= 0) s.redo.splice(i, 1);
    s.undo.push(r.ref!);
  }
  s.seen = r.id;
}

export class EditLog {
  // Stacks as of the last committed row this connection has seen; rows written inside a
  // transaction are folded in only after it commits, so a rollback cannot corrupt them.
  private committed: Stacks = { undo: [], redo: [], seen: 0 };

  constructor(
    private readonly db: Database.Database,
    private readonly project: ProjectRepo,
  ) {}

  private derive(): Stacks {
    const s: Stacks = { undo: [...this.committed.undo], redo: [...this.committed.redo], seen: this.committed.seen };
    const rows = stmt(this.db, 'SELECT id, kind, ref FROM edits WHERE id > ? ORDER BY id').all(s.seen) as EditRow[];
    for (const r of rows) step(s, r);
    return s;
  }

  /** Folds committed rows (including other connections') into the stacks. Call after each commit. */
  sync(): void {
    if (!this.db.inTransaction) this.committed = this.derive();
  }

  private row(id: number): EditRow {
    const r = stmt(this.db, 'SELECT * FROM edits WHERE id = ?').get(id) as EditRow | undefined;
    if (r === undefined) throw new CoreError('NOT_FOUND', `no edit ${id}`);
    return r;
  }

  private append(
    kind: EditRow['kind'],
    ref: number | null,
    action: string,
    target: EditTarget,
    before: unknown,
    after: unknown,
    description: string,
  ): EditRow {
    const at = now();
    const info = stmt(
      this.db,
      'INSERT INTO edits (at, kind, ref, action, sentence_id, pair_id, before, after, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      at,
      kind,
      ref,
      action,
      target.sentenceId ?? null,
      target.pairId ?? null,
      JSON.stringify(before),
      JSON.stringify(after),
      description,
    );
    return {
      id: Number(info.lastInsertRowid),
      at,
      kind,
      ref,
      action,
      sentence_id: target.sentenceId ?? null,
      pair_id: target.pairId ?? null,
      before: '',
      after: '',
      description,
    };
  }

  /** Logs a user action; call inside the action's transaction, after writing `after`. */
  record(
    action: string,
    target: EditTarget,
    before: SentenceSnapshot | PairSnapshot,
    after: SentenceSnapshot | PairSnapshot,
    description: string,
  ): EditSummary {
    return summary(this.append('do', null, action, target, before, after, description));
  }

  private targetOf(r: EditRow): EditTarget {
    return r.sentence_id !== null ? { sentenceId: r.sentence_id } : { pairId: r.pair_id! };
  }

  /** Writes one side of an edit back to its target, if the target still exists; returns the state it replaced. */
  private restore(r: EditRow, side: 'before' | 'after'): unknown {
    const snap = JSON.parse(side === 'before' ? r.before : r.after) as unknown;
    if (r.sentence_id !== null) {
      const current = stmt(this.db, 'SELECT status FROM sentences WHERE id = ?').get(r.sentence_id);
      if (current === undefined) return null;
      const replaced = JSON.parse(side === 'before' ? r.after : r.before) as unknown;
      writeSentenceSnapshot(this.db, this.project, r.sentence_id, snap as SentenceSnapshot);
      return replaced;
    }
    if (stmt(this.db, 'SELECT 1 AS x FROM pairs WHERE id = ?').get(r.pair_id) === undefined) return null;
    const replaced = JSON.parse(side === 'before' ? r.after : r.before) as unknown;
    writePairSnapshot(this.db, r.pair_id!, snap as PairSnapshot);
    return replaced;
  }

  private undoOne(s: Stacks): Reverted | null {
    const top = s.undo.at(-1);
    if (top === undefined) return null;
    const r = this.row(top);
    const replaced = this.restore(r, 'before');
    const row = this.append('undo', r.id, r.action, this.targetOf(r), replaced, JSON.parse(r.before), `undo ${r.description}`);
    step(s, row);
    return { edit: summary(r), sentenceId: r.sentence_id, pairId: r.pair_id };
  }

  undo(): Reverted | null {
    const result = this.db.transaction(() => this.undoOne(this.derive())).immediate();
    this.sync();
    return result;
  }

  redo(): Reverted | null {
    const result = this.db
      .transaction((): Reverted | null => {
        const s = this.derive();
        const top = s.redo.at(-1);
        if (top === undefined) return null;
        const r = this.row(top);
        const replaced = this.restore(r, 'after');
        this.append('redo', r.id, r.action, this.targetOf(r), replaced, JSON.parse(r.after), `redo ${r.description}`);
        return { edit: summary(r), sentenceId: r.sentence_id, pairId: r.pair_id };
      })
      .immediate();
    this.sync();
    return result;
  }

  /** Undoes every edit applied after `id` in one transaction; returns the last one undone. */
  revert(id: number): Reverted | null {
    const result = this.db
      .transaction((): Reverted | null => {
        const s = this.derive();
        if (!s.undo.includes(id)) throw new CoreError('NOT_FOUND', `edit ${id} is not in the undo history`);
        let last: Reverted | null = null;
        while (s.undo.at(-1) !== id) last = this.undoOne(s);
        return last;
      })
      .immediate();
    this.sync();
    return result;
  }

  /** The newest `limit` entries of each stack, newest first. */
  history(limit: number): { undo: EditSummary[]; redo: EditSummary[] } {
    this.sync();
    const pick = (ids: number[]): EditSummary[] =>
      ids
        .slice(-limit)
        .reverse()
        .map((id) => summary(this.row(id)));
    return { undo: pick(this.committed.undo), redo: pick(this.committed.redo) };
  }
}
