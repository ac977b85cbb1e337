// What a project file holds, as a digest that two runs of the same edits agree on, and the checks
// every reopened file must pass. Timestamps are left out: they are the only columns that differ
// between two runs of the same edits.

import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

const TIME_COLUMNS = new Set(['at', 'created_at', 'updated_at', 'recorded_at']);
// Rows of `meta` whose value is a time.
const TIME_META = new Set(['created_at']);

export interface TableDigest {
  rows: number;
  hash: string;
}

export interface ProjectDigest {
  /** One hash over every table. */
  hash: string;
  tables: Record<string, TableDigest>;
}

function tableNames(db: Database.Database): string[] {
  const rows = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as {
    name: string;
  }[];
  return rows.map((r) => r.name);
}

function columnsOf(db: Database.Database, table: string): string[] {
  const cols = db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(table) as { name: string }[];
  return cols.map((c) => c.name).filter((c) => !TIME_COLUMNS.has(c));
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A digest of every table's rows, in a fixed order, without timestamps. */
export function digestProject(db: Database.Database): ProjectDigest {
  const all = createHash('sha256');
  const tables: Record<string, TableDigest> = {};
  for (const table of tableNames(db)) {
    const cols = columnsOf(db, table);
    const list = cols.map(quote).join(', ');
    const order = cols.map((_, k) => String(k + 1)).join(', ');
    const h = createHash('sha256');
    let rows = 0;
    for (const row of db
      .prepare(`SELECT ${list} FROM ${quote(table)} ORDER BY ${order}`)
      .raw()
      .iterate() as Iterable<unknown[]>) {
      if (table === 'meta' && TIME_META.has(String(row[0]))) continue;
      h.update(JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? `x'${v.toString('hex')}'` : typeof v === 'bigint' ? String(v) : v))));
      h.update('\n');
      rows++;
    }
    const hash = h.digest('hex');
    tables[table] = { rows, hash };
    all.update(`${table}:${rows}:${hash}\n`);
  }
  return { hash: all.digest('hex'), tables };
}

/** Names of the tables whose contents differ between two digests, with their row counts. */
export function digestDiff(a: ProjectDigest, b: ProjectDigest): string[] {
  const names = new Set([...Object.keys(a.tables), ...Object.keys(b.tables)]);
  const out: string[] = [];
  for (const n of [...names].sort()) {
    const x = a.tables[n];
    const y = b.tables[n];
    if (x?.hash !== y?.hash) out.push(`${n} (${x?.rows ?? 'absent'} vs ${y?.rows ?? 'absent'} rows)`);
  }
  return out;
}

/**
 * Problems with a project file's integrity, or an empty list: SQLite's own integrity and foreign
 * key checks, and the trigger-kept sentence counts against a real count.
 */
export function integrityProblems(db: Database.Database): string[] {
  const problems: string[] = [];
  const integrity = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
  if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok') {
    problems.push(
      `integrity_check: ${integrity
        .map((r) => r.integrity_check)
        .slice(0, 5)
        .join('; ')}`,
    );
  }
  const fk = db.prepare('PRAGMA foreign_key_check').all();
  if (fk.length > 0) problems.push(`foreign_key_check: ${fk.length} violation(s), first ${JSON.stringify(fk[0])}`);
  const counted = db
    .prepare(
      `SELECT c.lang, c.split, c.status, c.n, (SELECT count(*) FROM sentences s WHERE s.lang = c.lang AND s.split = c.split AND s.status = c.status) AS real
       FROM sentence_counts c WHERE c.n <> real
       UNION ALL
       SELECT s.lang, s.split, s.status, 0, count(*) FROM sentences s
       WHERE NOT EXISTS (SELECT 1 FROM sentence_counts c WHERE c.lang = s.lang AND c.split = s.split AND c.status = s.status)
       GROUP BY s.lang, s.split, s.status`,
    )
    .all() as { lang: string; split: string; status: string; n: number; real: number }[];
  for (const c of counted.slice(0, 5))
    problems.push(`sentence_counts ${c.lang}/${c.split}/${c.status} says ${c.n}, the table holds ${c.real}`);
  return problems;
}
