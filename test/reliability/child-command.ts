// How the harnesses start a TypeScript child process. The entry is bundled once per process with
// esbuild (packages stay external) into node_modules/.cache, where Node still finds the packages;
// a bundle starts in about a third of the time tsx takes, which matters when a bench starts a
// hundred children. Without esbuild the entry runs under the tsx loader instead.

import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'crosstag-reliability');
const built = new Map<string, Promise<string[]>>();

async function bundle(entry: string): Promise<string[]> {
  try {
    const esbuild = await import('esbuild');
    mkdirSync(CACHE, { recursive: true });
    const out = path.join(CACHE, `${path.basename(entry, '.ts')}-${process.pid}-${createHash('sha1').update(entry).digest('hex').slice(0, 8)}.mjs`);
    await esbuild.build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
    process.once('exit', () => rmSync(out, { force: true }));
    return [out];
  } catch {
    return ['--import', 'tsx', entry];
  }
}

/** Node arguments that run `entry` (a .ts file), bundled when possible. */
export function nodeArgsFor(entry: string): Promise<string[]> {
  let args = built.get(entry);
  if (args === undefined) {
    args = bundle(entry);
    built.set(entry, args);
  }
  return args;
}

export const REPO_ROOT = ROOT;
