// Crash consistency at scale: SIGKILL a real core (and the real web shell) at seeded moments in
// seeded edit sequences, many of them inside a big import, and check every reopened file (see
// test/reliability/crash). `npm run bench:crash`; CROSSTAG_CRASH_KILLS sets the count (default
// 120: 100 against the core, 20 against the web shell), CROSSTAG_SEED replays a run.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crashRun } from '../reliability/crash/crash-run.js';
import type { CrashRunResult } from '../reliability/crash/crash-run.js';
import { prepareCrashFixtures } from '../reliability/crash/fixtures.js';
import { seedFromEnv } from '../reliability/rng.js';
import type { Bench, BenchContext, Figures } from './lib/harness.js';
import { round } from './lib/harness.js';

const STEPS = 60;
// Big enough that an import takes about a second on a 2-core machine, so kills land inside it.
const BIG_SENTENCES = 4000;

async function run(ctx: BenchContext): Promise<Figures> {
  const kills = Number(process.env['CROSSTAG_CRASH_KILLS'] ?? 120);
  const webKills = Math.round(kills / 6);
  const seed = seedFromEnv();
  ctx.log(`seed ${seed} (replay with CROSSTAG_SEED=${seed}), ${kills} kills, ${STEPS} calls per run`);
  const dir = mkdtempSync(path.join(tmpdir(), 'crosstag-bench-crash-'));
  const failures: CrashRunResult[] = [];
  const results: CrashRunResult[] = [];
  const t0 = performance.now();
  try {
    const fixtures = prepareCrashFixtures(path.join(dir, 'fixtures'), { bigSentences: BIG_SENTENCES });
    ctx.log(`big import: ${BIG_SENTENCES} sentences in ${round(fixtures.bigImportMs, 0)} ms`);
    for (let k = 0; k < kills; k++) {
      const mode = k < kills - webKills ? 'core' : 'web';
      const runDir = path.join(dir, `run-${k}`);
      const r = await crashRun({ mode, seed: seed + k, steps: STEPS, fixtures, dir: runDir });
      results.push(r);
      if (r.lost.length > 0 || r.problems.length > 0) {
        failures.push(r);
        ctx.log(`FAIL run ${k} seed ${r.seed} (${r.mode}, killed ${r.killedAt}): ${[...r.lost, ...r.problems].join(' | ')}`);
      } else {
        rmSync(runDir, { recursive: true, force: true });
      }
      if ((k + 1) % 20 === 0) ctx.log(`${k + 1}/${kills} kills, ${failures.length} failed`);
    }
  } finally {
    if (failures.length === 0) rmSync(dir, { recursive: true, force: true });
    else ctx.log(`failed runs kept in ${dir}`);
  }
  const count = (pred: (r: CrashRunResult) => boolean): number => results.filter(pred).length;
  const lost = results.reduce((n, r) => n + r.lost.length, 0);
  const ackedEdits = results.reduce((n, r) => n + r.ackedEdits, 0);
  const where = new Map<string, number>();
  for (const r of results) where.set(r.killedAt, (where.get(r.killedAt) ?? 0) + 1);
  ctx.log(`${results.length} kills, ${lost} acknowledged edits lost (of ${ackedEdits} acknowledged edits checked)`);
  ctx.log(
    `kills by where they landed: ${[...where]
      .sort((a, b) => b[1] - a[1])
      .map(([w, n]) => `${w} ${n}`)
      .join(', ')}`,
  );
  ctx.log(
    `mid-import kills ${count((r) => r.midImport)}; in-flight call found applied ${count((r) => r.inflightApplied === true)}, ` +
      `not applied ${count((r) => r.inflightApplied === false)}; integrity_check failures ${count((r) => r.problems.some((p) => p.startsWith('integrity')))}; ` +
      `undo/redo checked after reopen ${count((r) => r.undoChecked)}`,
  );
  if (failures.length > 0) throw new Error(`${failures.length} of ${results.length} crash runs failed; first seed ${failures[0]!.seed}`);
  return {
    crash_seed: seed,
    crash_kills: results.length,
    crash_kills_web: count((r) => r.mode === 'web'),
    crash_acked_edits: ackedEdits,
    crash_lost_edits: lost,
    crash_mid_import_kills: count((r) => r.midImport),
    crash_inflight_applied: count((r) => r.inflightApplied === true),
    crash_inflight_not_applied: count((r) => r.inflightApplied === false),
    crash_undo_checked: count((r) => r.undoChecked),
    crash_seconds: round((performance.now() - t0) / 1000, 1),
  };
}

export const bench: Bench = { description: 'SIGKILL during edits and imports; every acknowledged edit must survive', run };
