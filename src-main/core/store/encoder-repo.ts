// Pretrained encoder folders registered with a project. A folder inside the project's data folder
// is stored relative to the project file's folder (the service decides), like model folders.

import type Database from 'better-sqlite3';
import type { PretrainedSummary } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { now, stmt } from './rows.js';

export interface EncoderRecord {
  id: number;
  name: string;
  /** As stored: absolute, or relative to the project file's folder. */
  dir: string;
  repo: string | null;
  summary: PretrainedSummary;
  createdAt: string;
}

export interface NewEncoder {
  name: string;
  dir: string;
  repo?: string | null | undefined;
  summary: PretrainedSummary;
}

interface RawEncoder {
  id: number;
  name: string;
  dir: string;
  repo: string | null;
  summary: string;
  created_at: string;
}

function toRecord(r: RawEncoder): EncoderRecord {
  return { id: r.id, name: r.name, dir: r.dir, repo: r.repo, summary: JSON.parse(r.summary) as PretrainedSummary, createdAt: r.created_at };
}

export class EncoderRepo {
  constructor(private readonly db: Database.Database) {}

  /** Registers a folder; a folder already registered is a CONFLICT naming its registration. */
  create(e: NewEncoder): EncoderRecord {
    const existing = this.byDir(e.dir);
    if (existing !== null) throw new CoreError('CONFLICT', `${e.dir} is already registered as encoder "${existing.name}"`);
    const id = Number(
      stmt(this.db, 'INSERT INTO encoders (name, dir, repo, summary, created_at) VALUES (?, ?, ?, ?, ?)').run(
        e.name,
        e.dir,
        e.repo ?? null,
        JSON.stringify(e.summary),
        now(),
      ).lastInsertRowid,
    );
    return this.get(id);
  }

  get(id: number): EncoderRecord {
    const r = stmt(this.db, 'SELECT * FROM encoders WHERE id = ?').get(id) as RawEncoder | undefined;
    if (r === undefined) throw new CoreError('NOT_FOUND', `no encoder ${id}`);
    return toRecord(r);
  }

  byDir(dir: string): EncoderRecord | null {
    const r = stmt(this.db, 'SELECT * FROM encoders WHERE dir = ?').get(dir) as RawEncoder | undefined;
    return r === undefined ? null : toRecord(r);
  }

  /** In the order they were registered. */
  list(): EncoderRecord[] {
    return (stmt(this.db, 'SELECT * FROM encoders ORDER BY id').all() as RawEncoder[]).map(toRecord);
  }

  /** Keeps the summary of the folder's latest successful check. */
  setSummary(id: number, summary: PretrainedSummary): EncoderRecord {
    if (stmt(this.db, 'UPDATE encoders SET summary = ? WHERE id = ?').run(JSON.stringify(summary), id).changes === 0)
      throw new CoreError('NOT_FOUND', `no encoder ${id}`);
    return this.get(id);
  }

  delete(id: number): void {
    if (stmt(this.db, 'DELETE FROM encoders WHERE id = ?').run(id).changes === 0) throw new CoreError('NOT_FOUND', `no encoder ${id}`);
  }
}
