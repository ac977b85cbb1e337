// Training faults at scale (see test/reliability/training): the training worker SIGKILLed at
// seeded moments; the same followed by a damaged newest checkpoint; a WebAssembly heap limit (on
// one thread and on two, alternately); and a small V8 heap. Each run is a real core with real worker processes (Node spawner, the tiny
// engine sizes), checked for a readable failure, a responsive core, an intact project and a
// resume from the last good checkpoint to the uninterrupted run's weights.
// `npm run bench:training-faults`; CROSSTAG_TRAINING_FAULTS sets the runs per kind (default 6),
// CROSSTAG_SEED replays a run.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedFromEnv } from '../reliability/rng.js';
import { buildFaultProject } from '../reliability/training/fault-project.js';
import { referenceRun, trainingFaultRun, type FaultKind, type FaultRunResult } from '../reliability/training/fault-run.js';
import type { Bench, BenchContext, Figures } from './lib/harness.js';
import { round } from './lib/harness.js';

const KINDS: readonly FaultKind[] = ['kill', 'corrupt', 'oom', 'oom-heap'];
// Measured on the fault project: the wasm heap starts at 256 pages (16 MB); the teacher's longest
// batch needs about 285 pages and the student's over 900, so limits in this range land the
// failure in the teacher or in the student. The V8 heap of a worker needs about 45 MB to start;
// up to 100 MB it runs out somewhere in training.
const WASM_PAGES: [number, number] = [257, 300];
const HEAP_MB: [number, number] = [45, 100];
// The slowest answer to sentences.list allowed while a run trains and fails.
const BOUND_MS = 250;

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
}

const stageOf = (landed: string) => landed.split(/[ ,]/)[0]!;

function tally(items: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

async function run(ctx: BenchContext): Promise<Figures> {
  const perKind = Number(process.env['CROSSTAG_TRAINING_FAULTS'] ?? 6);
  const seed = seedFromEnv();
  ctx.log(`seed ${seed} (replay with CROSSTAG_SEED=${seed}), ${perKind} runs of each of ${KINDS.join(', ')}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'crosstag-bench-training-faults-'));
  const results: FaultRunResult[] = [];
  const failures: FaultRunResult[] = [];
  const t0 = performance.now();
  try {
    const project = buildFaultProject(path.join(dir, 'fixtures'));
    const reference = await referenceRun(project, path.join(dir, 'reference'));
    ctx.log(
      `reference run: ${project.sentences} sentences, ${round(reference.seconds, 1)} s (${round(reference.trainingMs / 1000, 1)} s of training); ` +
        `steps per epoch ${reference.plan.map((s) => `${s.stage} ${s.steps} x ${s.epochs}`).join(', ')}`,
    );
    let k = 0;
    for (let i = 0; i < perKind; i++) {
      for (const kind of KINDS) {
        const runDir = path.join(dir, `run-${k}`);
        // Heap limits alternate between the single-threaded and the threaded wasm build, whose
        // allocators fail differently (a trap; a spin the worker cuts short).
        const threads = kind === 'oom' ? 1 + (i % 2) : 1;
        const r = await trainingFaultRun({
          threads,
          kind,
          seed: seed + k,
          project,
          reference,
          dir: runDir,
          wasmPages: WASM_PAGES,
          heapMb: HEAP_MB,
          boundMs: BOUND_MS,
        });
        k++;
        results.push(r);
        const line = `${kind} seed ${r.seed} on ${threads} thread${threads === 1 ? '' : 's'}: ${r.fault}; ${r.missed ? 'MISSED (the run completed first)' : `landed in ${r.landed}; failed "${r.reason}"; resumed at ${r.resumedAt}`}`;
        if (r.problems.length > 0) {
          failures.push(r);
          ctx.log(`FAIL ${line}: ${r.problems.join(' | ')}`);
        } else {
          ctx.log(`  ${line}`);
          rmSync(runDir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    if (failures.length === 0) rmSync(dir, { recursive: true, force: true });
    else ctx.log(`failed runs kept in ${dir}`);
  }

  const hit = results.filter((r) => !r.missed);
  const ok = hit.filter((r) => r.problems.length === 0);
  const latencies = results.flatMap((r) => r.latencies);
  const kills = hit.filter((r) => r.kind === 'kill' || r.kind === 'corrupt').map((r) => r.noticedMs ?? 0);
  const figures: Figures = { training_faults_seed: seed, training_faults_seconds: round((performance.now() - t0) / 1000, 1) };
  for (const kind of KINDS) {
    const of = results.filter((r) => r.kind === kind);
    const h = of.filter((r) => !r.missed);
    const good = h.filter((r) => r.problems.length === 0);
    ctx.log(
      `${kind}: ${of.length} runs, ${h.length} faults hit, ${good.length} survived (failed with a readable reason, project intact, resumed from the last good checkpoint to identical weights); landed: ${tally(h.map((r) => stageOf(r.landed)))}`,
    );
    const key = kind.replace('-', '_');
    figures[`training_faults_${key}_hit`] = h.length;
    figures[`training_faults_${key}_survived`] = good.length;
  }
  const damaged = results.filter((r) => r.kind === 'corrupt' && / (truncate|flip-bytes|empty|garbage-header): /.test(r.fault));
  ctx.log(
    `damaged checkpoints: ${damaged.length} (${tally(damaged.map((r) => /\.ckpt (\S+):/.exec(r.fault)![1]!))}); of ${tally(damaged.map((r) => /; (\S+)\.ckpt /.exec(r.fault)![1]!))}; ` +
      `a note in the run's record for ${damaged.filter((r) => r.notes.some((n) => n.includes('resumed from the previous one'))).length}`,
  );
  ctx.log(
    `sentences.list while runs trained and failed: ${latencies.length} calls, median ${round(quantile(latencies, 0.5), 1)} ms, p99 ${round(quantile(latencies, 0.99), 1)} ms, max ${round(Math.max(...latencies), 1)} ms (bound ${BOUND_MS} ms)`,
  );
  ctx.log(
    `a killed worker's run recorded failed after median ${round(quantile(kills, 0.5), 0)} ms, max ${round(Math.max(...kills), 0)} ms`,
  );
  ctx.log(
    `annotations acknowledged during the runs and checked after the fault and after the resume: ${results.reduce((n, r) => n + r.acked, 0)}`,
  );
  ctx.log(`${hit.length} faults hit, ${ok.length} survived, ${results.length - hit.length} missed`);
  if (failures.length > 0)
    throw new Error(`${failures.length} of ${results.length} training-fault runs failed; first seed ${failures[0]!.seed}`);
  return {
    ...figures,
    training_faults_runs: results.length,
    training_faults_hit: hit.length,
    training_faults_survived: ok.length,
    training_faults_list_p99_ms: round(quantile(latencies, 0.99), 1),
    training_faults_list_max_ms: round(Math.max(...latencies), 1),
    training_faults_kill_noticed_ms: round(quantile(kills, 0.5), 0),
  };
}

export const bench: Bench = {
  description: 'training worker killed, out of memory or with a damaged checkpoint; the run fails readably and resumes exactly',
  run,
};
