// `npm run bench [-- [--json] [name ...]]`: runs the benchmark modules of this folder (every
// test/bench/<name>.ts that exports `bench`, see lib/harness.ts), in name order or in the order
// given. With --json the last stdout line is one JSON object merging every bench's figures.

import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, Figures } from './lib/harness.js';
import { sharedDataDir } from './lib/harness.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

function available(): string[] {
  return readdirSync(HERE)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
    .map((f) => basename(f, '.ts'))
    .sort();
}

function isBench(x: unknown): x is Bench {
  return typeof x === 'object' && x !== null && typeof (x as Bench).run === 'function';
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const unknownFlag = argv.find((a) => a.startsWith('-') && a !== '--json');
  const all = available();
  if (unknownFlag !== undefined) {
    console.error(`bench: unknown option ${unknownFlag}; usage: npm run bench -- [--json] [${all.join('|')} ...]`);
    return 2;
  }
  const names = argv.filter((a) => !a.startsWith('-'));
  const missing = names.filter((n) => !all.includes(n));
  if (missing.length > 0) {
    console.error(`bench: no benchmark named ${missing.join(', ')}; available: ${all.join(', ')}`);
    return 2;
  }
  const merged: Figures = {};
  let failed = 0;
  const ctx = { log: (line: string) => console.log(line), dataDir: sharedDataDir() };
  for (const name of names.length > 0 ? names : all) {
    const mod = (await import(pathToFileURL(`${HERE}${name}.ts`).href)) as { bench?: unknown };
    // A plain script runs when imported and reports on its own; it contributes no figures.
    if (!isBench(mod.bench)) continue;
    console.log(`== ${name}: ${mod.bench.description}`);
    const t0 = performance.now();
    try {
      Object.assign(merged, await mod.bench.run(ctx));
    } catch (err) {
      failed++;
      const message = err instanceof Error ? err.message : String(err);
      console.error(`bench ${name} failed: ${message}`);
      merged[`${name}_error`] = message;
    }
    console.log(`== ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (json) console.log(JSON.stringify(merged));
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
