// How the harnesses start a TypeScript child process. The entry is bundled with esbuild (packages
// stay external) into node_modules/.cache, where Node still finds the packages; a bundle starts
// in about a third of the time tsx takes, which matters when a bench starts a hundred children.
// Bundles are named by their content, so runs in parallel share one and nothing piles up while
// the code is unchanged. Without esbuild the entry runs under the tsx loader instead.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'crosstag-reliability');
// Bundles of older code are removed once they are this old.
const STALE_MS = 24 * 3600 * 1000;
const built = new Map<string, Promise<string[]>>();

async function bundle(entry: string): Promise<string[]> {
  try {
    const esbuild = await import('esbuild');
    mkdirSync(CACHE, { recursive: true });
    const name = path.basename(entry, '.ts');
    const tmp = path.join(CACHE, `.${name}-${process.pid}.tmp.mjs`);
    await esbuild.build({
      entryPoints: [entry],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const out = path.join(CACHE, `${name}-${createHash('sha256').update(readFileSync(tmp)).digest('hex').slice(0, 16)}.mjs`);
    if (existsSync(out)) rmSync(tmp, { force: true });
    else renameSync(tmp, out);
    for (const f of readdirSync(CACHE)) {
      const file = path.join(CACHE, f);
      if (file !== out && f.startsWith(`${name}-`) && Date.now() - statSync(file).mtimeMs > STALE_MS) rmSync(file, { force: true });
    }
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
