// The always-on training-fault check: one worker killed mid-run whose newest checkpoint is then
// damaged, and one that runs out of WebAssembly memory, each on a real core with real workers and
// the tiny engine sizes, against one uninterrupted run. `npm run bench:training-faults` runs many
// of every kind (and a small V8 heap as well).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFaultProject, type FaultProject } from '../../reliability/training/fault-project.js';
import {
  referenceRun,
  trainingFaultRun,
  type FaultKind,
  type FaultRunResult,
  type Reference,
} from '../../reliability/training/fault-run.js';
import { seedFromEnv } from '../../reliability/rng.js';

const SEED = seedFromEnv(20240612);
let dir: string;
let project: FaultProject;
let reference: Reference;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'crosstag-training-faults-'));
  // One long sentence: its batch needs more than the 16 MB the wasm heap starts with.
  project = buildFaultProject(path.join(dir, 'fixtures'), { long: [30, 800] });
  reference = await referenceRun(project, path.join(dir, 'reference'));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (kind: FaultKind, k: number, threads = 1) =>
  trainingFaultRun({
    threads,
    kind,
    seed: SEED + k,
    project,
    reference,
    dir: path.join(dir, `run-${k}`),
    wasmPages: [257, 262],
    heapMb: [45, 60],
    boundMs: 1000,
  });

const explain = (r: FaultRunResult) =>
  `seed ${r.seed} (replay with CROSSTAG_SEED=${SEED}), ${r.fault}, landed ${r.landed}: ${r.problems.join(' | ')}`;

describe('training faults', () => {
  it('a worker killed mid-run whose newest checkpoint is then damaged: failed with its reason, resumed from the previous checkpoint to the uninterrupted weights', async () => {
    const r = await run('corrupt', 0);
    expect(r.problems, explain(r)).toEqual([]);
    expect(r.missed).toBe(false);
    expect(r.reason).toBe('the training process was killed (SIGKILL)');
    expect(r.fault).toMatch(/; (teacher-recognizer|teacher-evaluator|student)\.ckpt (truncate|flip-bytes|empty|garbage-header): /);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(
      /: the newest checkpoint cannot be read \(.*\.ckpt: .*\); resumed from the previous one \(saved after \d+ epochs and \d+ steps\)$/,
    );
    expect(r.weights).toEqual(reference.weights);
    expect(r.resumedAt).toBe(r.expectedResume);
    expect(r.acked).toBe(5);
  }, 120_000);

  it('a worker out of WebAssembly memory: failed as out of memory, resumed without the limit to the uninterrupted weights', async () => {
    const r = await run('oom', 1);
    expect(r.problems, explain(r)).toEqual([]);
    expect(r.missed, `${r.fault} was never reached`).toBe(false);
    expect(r.reason).toMatch(
      /^the training process ran out of memory \(try a smaller batch size or model\): the WebAssembly heap could not grow beyond 1\d MB \(/,
    );
    expect(r.weights).toEqual(reference.weights);
    expect(r.latencies.length).toBeGreaterThan(10);
  }, 120_000);

  // The threaded build's allocator spins for ever after a failed grow, so this run once hung
  // instead of failing; now the process records the failure and exits the moment the heap is spent.
  it('a worker out of WebAssembly memory on two threads: failed as out of memory, not hung, resumed to the uninterrupted weights', async () => {
    const r = await run('oom', 2, 2);
    expect(r.problems, explain(r)).toEqual([]);
    expect(r.missed, `${r.fault} was never reached`).toBe(false);
    expect(r.reason).toMatch(
      /^the training process ran out of memory \(try a smaller batch size or model\): the WebAssembly heap could not grow beyond 1\d\.\d MB \(to 1\d\.\d MB, on the threaded backend\)$/,
    );
    expect(r.weights).toEqual(reference.weights);
  }, 120_000);
});
