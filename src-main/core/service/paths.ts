// File paths from the UI or a remote client: absolute, or resolved against the shell's base folder.

import fs from 'node:fs';
import path from 'node:path';
import { CoreError } from '../errors.js';

export function resolveUserPath(p: string, baseDir: string | undefined): string {
  if (p.includes('\0')) throw new CoreError('FORBIDDEN_PATH', 'the path contains a NUL byte');
  if (p.trim() === '') throw new CoreError('BAD_REQUEST', 'the path is empty');
  if (path.isAbsolute(p)) return path.normalize(p);
  if (baseDir === undefined) throw new CoreError('FORBIDDEN_PATH', `"${p}" is relative; give an absolute path`);
  return path.resolve(baseDir, p);
}

const SIDECAR = /-(wal|shm|journal)$/;

/**
 * Refuses a path that is the -wal, -shm or -journal file of an existing SQLite file (a project's
 * among them) for methods that create, open or write: SQLite would take a file made there for
 * that database's own journal, and a database beside it would then not open, or lose its changes.
 */
export function refuseSqliteSidecar(file: string): void {
  const m = SIDECAR.exec(file);
  if (m === null) return;
  const database = file.slice(0, -m[0].length);
  if (fs.existsSync(database)) throw new CoreError('FORBIDDEN_PATH', `${file} is the ${m[1]} file of ${database}; choose another name`);
}
