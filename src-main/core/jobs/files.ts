// File helpers for job outputs: atomic writes and whole-folder copies, so a crash or a bad
// input never leaves half a file or half a model folder under its final name.

import {
  closeSync,
  cpSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { CoreError } from '../errors.js';

export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, Buffer.from(text, 'utf8'));
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, file);
}

function isEmptyDir(dir: string): boolean {
  return statSync(dir).isDirectory() && readdirSync(dir).length === 0;
}

/**
 * Copies the folder `from` to `to` (which must not exist, or be an empty folder): first into a
 * hidden sibling, then renamed into place. Hidden files (temporary writes) are left out.
 */
export function copyFolder(from: string, to: string): void {
  if (!existsSync(from) || !statSync(from).isDirectory()) throw new CoreError('NOT_FOUND', `${from}: no such folder`);
  if (existsSync(to)) {
    if (!isEmptyDir(to)) throw new CoreError('CONFLICT', `${to} already exists and is not an empty folder; choose a new folder name`);
    rmSync(to, { recursive: true });
  }
  mkdirSync(path.dirname(to), { recursive: true });
  const partial = path.join(path.dirname(to), `.${path.basename(to)}.${process.pid}.partial`);
  rmSync(partial, { recursive: true, force: true });
  try {
    cpSync(from, partial, { recursive: true, filter: (src) => src === from || !path.basename(src).startsWith('.') });
    renameSync(partial, to);
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    if (err instanceof CoreError) throw err;
    throw new CoreError('INTERNAL', `cannot copy ${from} to ${to}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
