// File paths from the UI or a remote client: absolute, or resolved against the shell's base folder.

import path from 'node:path';
import { CoreError } from '../errors.js';

export function resolveUserPath(p: string, baseDir: string | undefined): string {
  if (p.includes('\0')) throw new CoreError('FORBIDDEN_PATH', 'the path contains a NUL byte');
  if (p.trim() === '') throw new CoreError('BAD_REQUEST', 'the path is empty');
  if (path.isAbsolute(p)) return path.normalize(p);
  if (baseDir === undefined) throw new CoreError('FORBIDDEN_PATH', `"${p}" is relative; give an absolute path`);
  return path.resolve(baseDir, p);
}
