// Applies pending migrations, backing the file up first when it already holds a project.

import type Database from 'better-sqlite3';
import { CoreError } from '../errors.js';
import type { Migration } from './schema.js';

export interface MigrationReport {
  from: number;
  to: number;
  /** The backup written before migrating, or null for a new file or one already current. */
  backup: string | null;
}

/** `<file>.bak-v<N>-<timestamp>`, with a timestamp that is safe in file names on every platform. */
export function backupPath(file: string, version: number, at = new Date()): string {
  return `${file}.bak-v${version}-${at.toISOString().replace(/[:.]/g, '-')}`;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the file to the last migration in `migrations`. A file at version 0 must be empty (a new
 * project); any other SQLite file is refused. Before migrating an existing project the whole file
 * is copied with VACUUM INTO, which writes a consistent snapshot even with a WAL and other readers.
 */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[]): MigrationReport {
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  const from = schemaVersion(db);
  if (from > latest) {
    throw new CoreError('CONFLICT', `${file} was written by a newer Crosstag (schema v${from}; this build knows up to v${latest})`);
  }
  if (from === 0) {
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`).get() as { n: number };
    if (tables.n > 0) throw new CoreError('CONFLICT', `${file} is an SQLite file but not a Crosstag project`);
  }
  if (from === latest) return { from, to: latest, backup: null };

  let backup: string | null = null;
  if (from > 0) {
    backup = backupPath(file, from);
    db.prepare('VACUUM INTO ?').run(backup);
  }
  for (const m of migrations) {
    if (m.version <= from) continue;
    // Foreign keys can only be switched outside a transaction (SQLite's table-rebuild recipe).
    const keys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.rebuildsTables === true) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.rebuildsTables === true && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new CoreError('INTERNAL', `migration to v${m.version} left broken references in ${file}; nothing was changed`);
        }
        db.pragma(`user_version = ${m.version}`);
      }).exclusive();
    } finally {
      if (m.rebuildsTables === true) db.pragma(`foreign_keys = ${keys}`);
    }
  }
  return { from, to: latest, backup };
}
