// Boundary hardening at scale: every malformed payload of every contract method over the real
// IPC registration and the real web shell (see test/reliability/boundary), and IPC from pages
// that are not the app. `npm run bench:fuzz-boundary`; CROSSTAG_SEED replays a run.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fuzzBoundary, untrustedIpc } from '../reliability/boundary/boundary-fuzz.js';
import { openBoundaryEnv } from '../reliability/boundary/env.js';
import { FsWatch } from '../reliability/boundary/fs-watch.js';
import { Rng, seedFromEnv } from '../reliability/rng.js';
import type { Bench, BenchContext, Figures } from './lib/harness.js';
import { round } from './lib/harness.js';

async function run(ctx: BenchContext): Promise<Figures> {
  const seed = seedFromEnv();
  ctx.log(`seed ${seed} (replay with CROSSTAG_SEED=${seed}); every payload of every method`);
  const dir = mkdtempSync(path.join(tmpdir(), 'crosstag-bench-fuzz-boundary-'));
  const env = await openBoundaryEnv(dir);
  const watch = new FsWatch();
  watch.install();
  const t0 = performance.now();
  try {
    const outside = env.outsideDigest();
    const report = await fuzzBoundary(env, { rng: new Rng(seed), watch });
    const untrusted = await untrustedIpc(env);
    const rows = Object.entries(report.sent);
    const ipc = rows.reduce((n, [, s]) => n + s.ipc, 0);
    const http = rows.reduce((n, [, s]) => n + s.http, 0);
    ctx.log('payloads per method (IPC / HTTP):');
    for (const [method, s] of rows) ctx.log(`  ${method}: ${s.ipc} / ${s.http}`);
    ctx.log(
      `${ipc} IPC and ${http} HTTP payloads over ${rows.length} methods; replies: ${Object.entries(report.outcomes)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    ctx.log(`slowest ${round(report.slowestMs, 0)} ms (${report.slowest}); worker spawns asked for ${env.spawner.spawned.length}`);
    ctx.log(`IPC from other pages: ${untrusted.tried} calls, ${untrusted.reached} reached the core`);
    const outsideChanged = env.outsideDigest() !== outside;
    for (const d of report.defects.slice(0, 30)) ctx.log(`DEFECT ${d.transport} ${d.method} [${d.what}]: ${d.problem}`);
    for (const w of untrusted.wrong.slice(0, 10)) ctx.log(`DEFECT untrusted IPC: ${w}`);
    if (outsideChanged) ctx.log('DEFECT the watched folder outside the project changed');
    const defects = report.defects.length + untrusted.wrong.length + untrusted.reached + (outsideChanged ? 1 : 0);
    if (defects > 0) throw new Error(`${defects} boundary defects; seed ${seed}`);
    return {
      fuzz_boundary_seed: seed,
      fuzz_boundary_methods: rows.length,
      fuzz_boundary_ipc_payloads: ipc,
      fuzz_boundary_http_payloads: http,
      fuzz_boundary_untrusted_ipc: untrusted.tried,
      fuzz_boundary_defects: defects,
      fuzz_boundary_slowest_ms: round(report.slowestMs, 0),
      fuzz_boundary_seconds: round((performance.now() - t0) / 1000, 1),
    };
  } finally {
    watch.uninstall();
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const bench: Bench = {
  description: 'malformed payloads to every method over IPC and HTTP get typed errors and touch no stray file',
  run,
};
