// What a benchmark module exports, and small timing helpers shared by the benchmarks.
//
// A benchmark is a file test/bench/<name>.ts that exports `bench: Bench`; `npm run bench` runs
// every such file, `npm run bench -- <name> ...` runs the named ones. A bench prints human lines
// through `ctx.log` and returns its figures; with `--json` the runner ends with one JSON line
// holding every bench's figures merged, so give figures names that are unique across benches.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Figures = Record<string, number | string | boolean | null>;

export interface BenchContext {
  log(line: string): void;
  /** ../shared/data next to the repository, or null where it is absent. */
  dataDir: string | null;
}

export interface Bench {
  description: string;
  run(ctx: BenchContext): Promise<Figures> | Figures;
}

export function sharedDataDir(): string | null {
  const dir = fileURLToPath(new URL('../../../../shared/data', import.meta.url));
  return existsSync(dir) ? dir : null;
}

/** Median milliseconds of `runs` calls, after `warmup` calls that are not counted. */
export async function medianMs(runs: number, fn: () => unknown, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)]!;
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
