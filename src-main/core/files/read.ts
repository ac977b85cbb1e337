// Reading a file the user named: a missing or unreadable file is a NOT_FOUND that names it.

import { openSync } from 'node:fs';
import { CoreError } from '../errors.js';

/** `<file>: cannot open (no such file)`, or the system's reason; the file is the error's `file`. */
export function unreadable(file: string, err: unknown, what = 'cannot open'): CoreError {
  const code = (err as NodeJS.ErrnoException).code;
  return new CoreError('NOT_FOUND', `${file}: ${what} (${code === 'ENOENT' ? 'no such file' : String(err)})`, { file });
}

/** A descriptor of `file` opened for reading; the caller closes it. */
export function openToRead(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (err) {
    throw unreadable(file, err);
  }
}
