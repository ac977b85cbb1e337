// Fuzzed imports at scale: seeded mutations of small samples of every format and of excerpts of
// ../shared/data, each run through imports.preview and imports.run on an open project (see
// test/reliability/fuzz). `npm run bench:fuzz-imports`; CROSSTAG_FUZZ_FILES sets the count
// (default 1,200), CROSSTAG_SEED replays a run.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fuzzImports } from '../reliability/fuzz/import-fuzz.js';
import { seedFromEnv } from '../reliability/rng.js';
import type { Bench, BenchContext, Figures } from './lib/harness.js';
import { round } from './lib/harness.js';

const BOUND_MS = 2000;

async function run(ctx: BenchContext): Promise<Figures> {
  const count = Number(process.env['CROSSTAG_FUZZ_FILES'] ?? 1200);
  const seed = seedFromEnv();
  ctx.log(`seed ${seed} (replay with CROSSTAG_SEED=${seed}), ${count} files, ${BOUND_MS} ms bound per call`);
  const dir = mkdtempSync(path.join(tmpdir(), 'crosstag-bench-fuzz-imports-'));
  const t0 = performance.now();
  let keep = false;
  try {
    const report = await fuzzImports({
      seed,
      count,
      dir,
      dataDir: ctx.dataDir,
      boundMs: BOUND_MS,
      onProgress: (n) => {
        if (n % 200 === 0) ctx.log(`${n}/${count} files`);
      },
    });
    ctx.log(`${report.seeds} seed files (${ctx.dataDir === null ? 'no shared data' : 'with excerpts of shared data'})`);
    ctx.log(
      `outcomes: ${Object.entries(report.counts)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}; slowest call ${round(report.slowestMs, 0)} ms`,
    );
    for (const [mutation, outcomes] of Object.entries(report.byMutation).sort()) {
      ctx.log(
        `  ${mutation}: ${Object.entries(outcomes)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
      );
    }
    for (const d of report.defects.slice(0, 20)) ctx.log(`DEFECT #${d.index} ${d.outcome} (${d.what}, ${d.name}): ${d.detail}`);
    if (report.defects.length > 0) {
      keep = true;
      ctx.log(`defective files kept in ${path.join(dir, 'defects')}`);
      throw new Error(`${report.defects.length} of ${count} fuzzed imports ended badly; seed ${seed}`);
    }
    return {
      fuzz_imports_seed: seed,
      fuzz_imports_files: report.files,
      fuzz_imports_imported: report.counts['imported'] ?? 0,
      fuzz_imports_import_errors: report.counts['import-error'] ?? 0,
      fuzz_imports_defects: report.defects.length,
      fuzz_imports_slowest_ms: round(report.slowestMs, 0),
      fuzz_imports_seconds: round((performance.now() - t0) / 1000, 1),
    };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

export const bench: Bench = { description: 'malformed and hostile import files end in a clear error or a clean import', run };
