// Records every path the process hands to node:fs while a recording is on, so a test can show a
// call touched nothing outside the folders it may touch. Both the default export and the named
// exports (through syncBuiltinESMExports) are wrapped. SQLite's own file access is native and
// not seen here; it only ever opens the project file that projects.create or projects.open named.

import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FsAccess {
  fn: string;
  path: string;
}

// Functions whose first argument (and for the two-path ones, second) is a path.
const ONE_PATH = [
  'accessSync',
  'appendFileSync',
  'chmodSync',
  'createReadStream',
  'createWriteStream',
  'existsSync',
  'lstatSync',
  'mkdirSync',
  'mkdtempSync',
  'openSync',
  'opendirSync',
  'readdirSync',
  'readFileSync',
  'readlinkSync',
  'realpathSync',
  'rmdirSync',
  'rmSync',
  'statSync',
  'truncateSync',
  'unlinkSync',
  'utimesSync',
  'writeFileSync',
  'access',
  'appendFile',
  'lstat',
  'mkdir',
  'open',
  'readdir',
  'readFile',
  'rm',
  'stat',
  'unlink',
  'writeFile',
] as const;
const TWO_PATHS = ['copyFileSync', 'cpSync', 'linkSync', 'renameSync', 'symlinkSync', 'copyFile', 'cp', 'rename'] as const;
const PROMISES = [
  'access',
  'appendFile',
  'copyFile',
  'cp',
  'lstat',
  'mkdir',
  'open',
  'readdir',
  'readFile',
  'rename',
  'rm',
  'stat',
  'unlink',
  'writeFile',
] as const;

function asPath(x: unknown): string | null {
  if (typeof x === 'string') return path.resolve(x);
  if (x instanceof URL && x.protocol === 'file:') return fileURLToPath(x);
  if (Buffer.isBuffer(x)) return path.resolve(x.toString('utf8'));
  return null;
}

export class FsWatch {
  private recording: FsAccess[] | null = null;
  private readonly restore: (() => void)[] = [];

  install(): void {
    const wrap = (target: Record<string, unknown>, name: string, paths: number, prefix: string): void => {
      const original = target[name];
      if (typeof original !== 'function') return;
      const note = (args: unknown[]): void => {
        if (this.recording === null) return;
        for (let k = 0; k < paths; k++) {
          const p = asPath(args[k]);
          if (p !== null) this.recording.push({ fn: `${prefix}${name}`, path: p });
        }
      };
      const wrapped = function (this: unknown, ...args: unknown[]): unknown {
        note(args);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
      target[name] = wrapped;
      this.restore.push(() => (target[name] = original));
    };
    const f = fs as unknown as Record<string, unknown>;
    for (const name of ONE_PATH) wrap(f, name, 1, '');
    for (const name of TWO_PATHS) wrap(f, name, 2, '');
    const p = fs.promises as unknown as Record<string, unknown>;
    for (const name of PROMISES) wrap(p, name, TWO_PATHS.includes(name as never) ? 2 : 1, 'promises.');
    syncBuiltinESMExports();
  }

  uninstall(): void {
    for (const r of this.restore.splice(0).reverse()) r();
    syncBuiltinESMExports();
  }

  /** Runs `fn` and returns every path it handed to node:fs (async work included until it settles). */
  async record<T>(fn: () => Promise<T>): Promise<{ value: T; accesses: FsAccess[] }> {
    const accesses: FsAccess[] = [];
    this.recording = accesses;
    try {
      return { value: await fn(), accesses };
    } finally {
      this.recording = null;
    }
  }
}

/** Whether `p` is `dir` or inside it. */
export function inside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
