// Atomic file replacement: the bytes go to a hidden temporary file beside the target, which is
// flushed to disk, renamed over the target, and the folder flushed too, so a crash or a power cut
// leaves either the old file or the new one, never half of one, and never loses the rename.

import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /**
   * Keep the file being replaced under this name: it is renamed there just before the new one
   * takes its place, so the last two versions both stay whole (a crash between the two renames
   * leaves only `previous`, which a reader can fall back to).
   */
  previous?: string | undefined;
}

/** Writes all of `bytes` at the descriptor's position, however many calls that takes. */
export type WriteBytes = (bytes: Uint8Array) => void;

/** writeSync takes at most 2 GB per call. */
const MAX_WRITE = 1 << 30;

let counter = 0;

/**
 * Replaces `file` atomically with what `write` writes (in as many pieces as it likes, so large
 * files need not be assembled in memory). The folder must exist. On any failure the temporary
 * file is removed, the target is untouched, and the error is rethrown.
 */
export function writeAtomic(file: string, write: (put: WriteBytes) => void, opts: AtomicWriteOptions = {}): void {
  const dir = path.dirname(file);
  counter += 1;
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${counter}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    write((bytes) => {
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, Math.min(MAX_WRITE, bytes.length - done));
    });
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    if (opts.previous !== undefined && existsSync(file)) renameSync(file, opts.previous);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  syncFolder(dir);
}

/** writeAtomic for a whole string (UTF-8) or byte array. */
export function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): void {
  writeAtomic(file, (put) => put(typeof data === 'string' ? Buffer.from(data, 'utf8') : data), opts);
}

/**
 * Flushes a folder's entries (the renames into it) to disk. Windows cannot open a folder for
 * this, and there a rename is already durable once it returns, so that failure is ignored.
 */
export function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw err;
  } finally {
    closeSync(fd);
  }
}
