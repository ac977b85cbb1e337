// The append-only edit log and the undo/redo stacks derived from it. Undo and redo append rows
// of their own, so the stacks (and the user's work) survive a restart. An undo, redo, revert or
// history may be scoped to sentence edits or to pair edits, so each screen undoes only what it
// shows; the two kinds never touch the same rows, so undoing one past the other is safe.

import type Database from 'better-sqlite3';
import type { EditScope, EditSummary } from '../../contract/entities.js';
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

// Edits logged before descriptions quoted their sentence named it by id ("accept 3 predictions in
// sentence 2914"); such a description reads with the sentence's words instead.
const SENTENCE_ID = /\b(?:in )?sentence (\d+)\b/;
const QUOTE_CHARS = 48;

/** A sentence's text as a short quotation, for edit descriptions. */
export function quoteText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS - 1)}…` : flat}”`;
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

  private summary(r: EditRow): EditSummary {
    let description = r.description;
    const m = SENTENCE_ID.exec(description);
    if (m !== null && r.sentence_id !== null && Number(m[1]) === r.sentence_id) {
      const t = stmt(this.db, 'SELECT text FROM sentences WHERE id = ?').get(r.sentence_id) as { text: string } | undefined;
      if (t !== undefined) description = description.replace(SENTENCE_ID, `in ${quoteText(t.text)}`);
    }
    return { id: r.id, at: r.at, action: r.action, sentenceId: r.sentence_id, pairId: r.pair_id, description };
  }

  private inScope(id: number, scope: EditScope | undefined): boolean {
    if (scope === undefined) return true;
    const r = stmt(this.db, 'SELECT sentence_id FROM edits WHERE id = ?').get(id) as { sentence_id: number | null } | undefined;
    return r !== undefined && (scope === 'sentences') === (r.sentence_id !== null);
  }

  /** The newest entry of a stack within the scope. */
  private topOf(stack: number[], scope: EditScope | undefined): number | undefined {
    for (let i = stack.length - 1; i >= 0; i--) if (this.inScope(stack[i]!, scope)) return stack[i];
    return undefined;
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
    return this.summary(this.append('do', null, action, target, before, after, description));
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

  private undoOne(s: Stacks, scope: EditScope | undefined): Reverted | null {
    const top = this.topOf(s.undo, scope);
    if (top === undefined) return null;
    const r = this.row(top);
    const replaced = this.restore(r, 'before');
    const row = this.append('undo', r.id, r.action, this.targetOf(r), replaced, JSON.parse(r.before), `undo ${r.description}`);
    step(s, row);
    return { edit: this.summary(r), sentenceId: r.sentence_id, pairId: r.pair_id };
  }

  undo(scope?: EditScope): Reverted | null {
    const result = this.db.transaction(() => this.undoOne(this.derive(), scope)).immediate();
    this.sync();
    return result;
  }

  redo(scope?: EditScope): Reverted | null {
    const result = this.db
      .transaction((): Reverted | null => {
        const s = this.derive();
        const top = this.topOf(s.redo, scope);
        if (top === undefined) return null;
        const r = this.row(top);
        const replaced = this.restore(r, 'after');
        this.append('redo', r.id, r.action, this.targetOf(r), replaced, JSON.parse(r.after), `redo ${r.description}`);
        return { edit: this.summary(r), sentenceId: r.sentence_id, pairId: r.pair_id };
      })
      .immediate();
    this.sync();
    return result;
  }

  /** Undoes every edit (of the scope) applied after `id` in one transaction; returns the last one undone. */
  revert(id: number, scope?: EditScope): Reverted | null {
    const result = this.db
      .transaction((): Reverted | null => {
        const s = this.derive();
        if (!s.undo.includes(id) || !this.inScope(id, scope)) throw new CoreError('NOT_FOUND', `edit ${id} is not in the undo history`);
        let last: Reverted | null = null;
        while (this.topOf(s.undo, scope) !== id) last = this.undoOne(s, scope);
        return last;
      })
      .immediate();
    this.sync();
    return result;
  }

  /** The newest `limit` entries of each stack, newest first. */
  history(limit: number, scope?: EditScope): { undo: EditSummary[]; redo: EditSummary[] } {
    this.sync();
    const pick = (ids: number[]): EditSummary[] => {
      const out: EditSummary[] = [];
      for (let i = ids.length - 1; i >= 0 && out.length < limit; i--)
        if (this.inScope(ids[i]!, scope)) out.push(this.summary(this.row(ids[i]!)));
      return out;
    };
    return { undo: pick(this.committed.undo), redo: pick(this.committed.redo) };
  }
}
