// Whole-folder copies that appear under their final name only once complete, so a crash or a
// bad input never leaves half a model folder where a whole one is expected.

import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../errors.js';
import { syncFolder } from './atomic-write.js';

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
  syncFolder(path.dirname(to));
}
