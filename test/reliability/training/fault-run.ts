// One training-fault run. A real core (in this process) opens a copy of the fault project; its ML
// service starts real worker processes through the Node spawner with the tiny engine sizes. A
// training run starts, the user keeps annotating, and a seeded fault hits the worker:
//   kill     SIGKILL of the worker at a seeded moment of its training;
//   corrupt  the same, then the newest checkpoint a resume would read is damaged (cut short,
//            bytes changed, emptied or its header overwritten);
//   oom      the worker starts with its WebAssembly heap limited (--wasm-max-mem-pages, seeded),
//            and fails at the first batch too big for it;
//   oom-heap the worker starts with a small V8 heap (--max-old-space-size, seeded).
// Throughout, this process answers `sentences.list` every few milliseconds; each answer's latency
// is kept. Then: the run is failed with a readable reason, the project passes its integrity
// checks, every acknowledged annotation reads back, and a resume without the limit goes on from
// the last good checkpoint (its first progress is the step after it) to the same model weights,
// bit for bit, as an uninterrupted run of the same config.

import path from 'node:path';
import type { RunProgress } from '../../../src-main/contract/events.js';
import { runDir } from '../../../src-main/core/jobs/index.js';
import { integrityProblems } from '../project-digest.js';
import { Rng } from '../rng.js';
import { corruptibleCheckpoint, damage, describe, resumePoint, usableCheckpoint, type Position, type StagePlan } from './checkpoints.js';
import { faultTuning, type FaultProject } from './fault-project.js';
import { trainingConfig } from '../../support/training.js';
import {
  annotate,
  lostAnnotations,
  modelHashes,
  MODELS,
  nextProgress,
  openSession,
  Prober,
  settled,
  sleep,
  type Acked,
} from './session.js';

export type FaultKind = 'kill' | 'corrupt' | 'oom' | 'oom-heap';

/** A seeded step of the teacher's stages, from the fifth step on and short of the last one. */
function teacherTarget(rng: Rng, plan: readonly StagePlan[]): Position {
  const teacher = plan.filter((s) => s.model === 'teacher');
  const total = teacher.reduce((n, s) => n + s.epochs * s.steps, 0);
  let g = rng.int(4, total - 2);
  for (const s of teacher) {
    if (g < s.epochs * s.steps) return { stage: s.stage, epoch: Math.floor(g / s.steps) + 1, step: (g % s.steps) + 1 };
    g -= s.epochs * s.steps;
  }
  throw new Error('teacherTarget: no step');
}

/** Whether a progress report is at or past a position, in the plan's stage order. */
function notBefore(p: RunProgress, target: Position, plan: readonly StagePlan[]): boolean {
  const order = (stage: string) => (stage === 'predict' ? plan.length : plan.findIndex((s) => s.stage === stage));
  const a = [order(p.stage), p.epoch, p.step];
  const b = [order(target.stage), target.epoch, target.step];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return true;
}

export interface Reference {
  weights: Record<(typeof MODELS)[number], string>;
  plan: StagePlan[];
  /** From the first progress to the last progress of a training stage. */
  trainingMs: number;
  seconds: number;
}

/** The config trained once without a fault: its models' weights and each stage's steps per epoch. */
export async function referenceRun(project: FaultProject, dir: string): Promise<Reference> {
  const s = await openSession(project.pristine, dir);
  const t0 = performance.now();
  try {
    const steps = new Map<string, number>();
    let first = 0;
    let lastTraining = 0;
    s.core.on('training.progress', (p) => {
      first ||= performance.now();
      if (p.stage === 'predict') return;
      steps.set(p.stage, p.steps);
      lastTraining = performance.now();
    });
    const config = trainingConfig();
    const run = await s.core['training.start'](config);
    const done = await settled(s.core, run.id);
    if (done.status !== 'completed') throw new Error(`the reference run ended ${done.status}: ${done.error}`);
    const stepsOf = (stage: string) => {
      const n = steps.get(stage);
      if (n === undefined) throw new Error(`the reference run reported no progress for ${stage}`);
      return n;
    };
    const plan: StagePlan[] = [
      { stage: 'teacher-recognizer', epochs: config.epochs, steps: stepsOf('teacher-recognizer'), model: 'teacher' },
      { stage: 'teacher-evaluator', epochs: faultTuning().evaluatorEpochs ?? 1, steps: stepsOf('teacher-evaluator'), model: 'teacher' },
      { stage: 'student', epochs: config.studentEpochs, steps: stepsOf('student'), model: 'student' },
    ];
    return {
      weights: modelHashes(runDir(s.dbPath, run.id)),
      plan,
      trainingMs: lastTraining - first,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await s.core.close();
  }
}

export interface FaultRunOptions {
  kind: FaultKind;
  seed: number;
  project: FaultProject;
  reference: Reference;
  dir: string;
  /** --wasm-max-mem-pages range for `oom` (64 KiB pages). */
  wasmPages: [number, number];
  /** --max-old-space-size range for `oom-heap` (MB). */
  heapMb: [number, number];
  /** The slowest answer to `sentences.list` allowed while the run trains and fails. */
  boundMs: number;
  /** Wasm threads of the attempt that faults (the reference and the resume run on 1); default 1. */
  threads?: number;
}

export interface FaultRunResult {
  kind: FaultKind;
  seed: number;
  /**
   * Where the fault landed: after the step the newest checkpoint holds (a checkpoint is written
   * every 2 steps), before any damage. Progress reports come at most every 250 ms, so the last one
   * seen (`lastProgress`) can be several steps behind.
   */
  landed: string;
  lastProgress: string;
  /** The limit or damage applied, or the kill's delay. */
  fault: string;
  reason: string | null;
  /** From the fault (the kill, or the run's start for a limit) to the run recorded failed. */
  noticedMs: number | null;
  latencies: number[];
  acked: number;
  /** Where the resume went on from, and what the checkpoint files said it should. */
  resumedAt: string | null;
  expectedResume: string | null;
  notes: string[];
  /** sha256 of the resumed run's models' weights. */
  weights: Record<(typeof MODELS)[number], string> | null;
  /** The fault did not happen (the run completed first, or the limit was never reached). */
  missed: boolean;
  problems: string[];
}

const EXPECTED_REASON: Record<FaultKind, RegExp> = {
  kill: /^the training process was killed \(SIGKILL\)/,
  corrupt: /^the training process was killed \(SIGKILL\)/,
  oom: /^the training process ran out of memory \(try a smaller batch size or model\): the WebAssembly heap could not grow beyond \d+(\.\d)? MB /,
  'oom-heap': /^the training process ran out of memory \(try a smaller batch size or model\)/,
};

/** Where a fault landed, from the position a resume will report first. */
function landedAt(p: Position | null): string {
  if (p === null) return 'prediction write-back';
  if (p.epoch === 1 && p.step === 1) return `${p.stage}, before its first checkpoint`;
  if (p.step === 1) return `${p.stage}, early in epoch ${p.epoch}`;
  return `${p.stage} epoch ${p.epoch}, after step ${p.step - 1}`;
}

const samePosition = (a: Position | null, b: Position | null) =>
  a === null || b === null ? a === b : a.stage === b.stage && a.epoch === b.epoch && a.step === b.step;

export async function trainingFaultRun(opts: FaultRunOptions): Promise<FaultRunResult> {
  const rng = new Rng(opts.seed);
  const s = await openSession(opts.project.pristine, opts.dir);
  const result: FaultRunResult = {
    kind: opts.kind,
    seed: opts.seed,
    landed: '',
    lastProgress: 'none',
    fault: '',
    reason: null,
    noticedMs: null,
    latencies: [],
    acked: 0,
    resumedAt: null,
    expectedResume: null,
    notes: [],
    weights: null,
    missed: false,
    problems: [],
  };
  const problem = (p: string) => result.problems.push(p);
  const prober = new Prober(s.core);
  try {
    s.spawner.threads = opts.threads ?? 1;
    if (opts.kind === 'oom') s.spawner.execArgv = [`--wasm-max-mem-pages=${rng.int(...opts.wasmPages)}`];
    if (opts.kind === 'oom-heap') s.spawner.execArgv = [`--max-old-space-size=${rng.int(...opts.heapMb)}`];
    const seen: { last: RunProgress | null } = { last: null };
    s.core.on('training.progress', (p) => (seen.last = p));
    const t0 = performance.now();
    const run = await s.core['training.start'](trainingConfig());
    const ended = settled(s.core, run.id);
    const pid = s.ml.runner.pid(s.dbPath, run.id);
    // English dev is outside what the run trains and selects on (Spanish dev), so these edits never
    // change its data, even when a run dies before its data snapshot is written.
    const english = (
      await s.core['sentences.list']({ filter: { lang: 'en', split: 'dev' }, sort: 'document', offset: 0, limit: 100 })
    ).rows.map((r) => r.id);
    const acked: Acked[] = [];
    let faultAt = t0;
    const started = await Promise.race([nextProgress(s.core, run.id), ended]);
    const firstAt = performance.now();
    if ('runId' in started) {
      for (let k = 0; k < 3; k++) acked.push(await annotate(s.core, rng, english));
      if (opts.kind === 'kill') {
        const delay = Math.round(rng.next() * opts.reference.trainingMs * 0.9);
        result.fault = `SIGKILL ${delay} ms after the first progress`;
        await Promise.race([sleep(Math.max(0, firstAt + delay - performance.now())), ended]);
        faultAt = performance.now();
        if (pid !== undefined && s.ml.runner.isLive(s.dbPath, run.id)) process.kill(pid, 'SIGKILL');
      } else if (opts.kind === 'corrupt') {
        // Aimed by step, not time: a damaged checkpoint can only be passed over once the stage
        // has a previous one, which the teacher's stages have from their fifth step; the
        // student's epoch is too short to write two.
        const target = teacherTarget(rng, opts.reference.plan);
        result.fault = `SIGKILL at the first progress from ${describe(target)}`;
        await Promise.race([nextProgress(s.core, run.id, (p) => notBefore(p, target, opts.reference.plan)), ended]);
        faultAt = performance.now();
        if (pid !== undefined && s.ml.runner.isLive(s.dbPath, run.id)) process.kill(pid, 'SIGKILL');
      } else {
        result.fault = s.spawner.execArgv.join(' ');
      }
    } else {
      result.fault = s.spawner.execArgv.join(' ');
    }
    const failed = await ended;
    result.noticedMs = performance.now() - faultAt;
    if (seen.last !== null) result.lastProgress = describe(seen.last);
    for (let k = 0; k < 2; k++) acked.push(await annotate(s.core, rng, english));
    result.latencies = await prober.stop();
    const slowest = Math.max(...result.latencies);
    if (slowest > opts.boundMs)
      problem(`sentences.list took ${Math.round(slowest)} ms while the run trained and failed (bound ${opts.boundMs} ms)`);
    result.acked = acked.length;
    result.reason = failed.error;
    if (failed.status === 'completed') {
      result.missed = true;
      return result;
    }
    if (failed.status !== 'failed') problem(`the run ended ${failed.status}, not failed`);
    if (failed.error === null || !EXPECTED_REASON[opts.kind].test(failed.error)) problem(`unexpected reason: ${failed.error}`);
    else if (/\n|\s{2}at /.test(failed.error) || failed.error.length > 600) problem(`the reason is not one readable line: ${failed.error}`);

    const db = s.core.currentStore()!.db;
    for (const p of integrityProblems(db)) problem(`after the fault: ${p}`);
    for (const l of await lostAnnotations(s.core, acked)) problem(`after the fault: ${l}`);

    const dir = runDir(s.dbPath, run.id);
    const landed = resumePoint(dir, opts.reference.plan);
    result.landed = landedAt(landed);
    // The damaged checkpoint the resume must pass over, and report in the run's record.
    let damaged: string | null = null;
    if (opts.kind === 'corrupt') {
      const file = corruptibleCheckpoint(dir, opts.reference.plan);
      if (file === null) {
        result.fault += '; no checkpoint with a previous one to damage';
      } else {
        const d = damage(file, rng);
        result.fault += `; ${path.basename(file)} ${d.kind}: ${d.detail}`;
        if (usableCheckpoint(file)?.file === file)
          problem(`${path.basename(file)} still reads as a checkpoint after ${d.kind} (${d.detail})`);
        else damaged = file;
      }
    }

    s.spawner.execArgv = [];
    s.spawner.threads = 1;
    const expected = resumePoint(dir, opts.reference.plan);
    result.expectedResume = describe(expected);
    const first = nextProgress(s.core, run.id);
    const resumed = await s.core['training.resume']({ runId: run.id });
    if (resumed.status !== 'running') problem(`resume answered ${resumed.status}`);
    const done = await settled(s.core, run.id);
    const firstSeen = await Promise.race([first, sleep(0).then(() => null)]);
    result.resumedAt = firstSeen === null ? 'no progress' : firstSeen.stage === 'predict' ? describe(null) : describe(firstSeen);
    result.notes = ((done.config as { notes?: string[] }).notes ?? []).slice();
    if (done.status !== 'completed') {
      problem(`the resume ended ${done.status}: ${done.error}`);
      return result;
    }
    const resumedPos =
      firstSeen === null || firstSeen.stage === 'predict' ? null : { stage: firstSeen.stage, epoch: firstSeen.epoch, step: firstSeen.step };
    if (!samePosition(resumedPos, expected))
      problem(`resumed at ${result.resumedAt}, the last good checkpoint says ${result.expectedResume}`);
    const weights = modelHashes(dir);
    result.weights = weights;
    for (const m of MODELS)
      if (weights[m] !== opts.reference.weights[m]) problem(`the resumed run's ${m} differs from the uninterrupted run's`);
    if (damaged !== null && !result.notes.some((n) => n.includes(damaged) && n.includes('resumed from the previous one'))) {
      problem(`no note in the run's record about the damaged ${path.basename(damaged)}: ${JSON.stringify(result.notes)}`);
    }
    if (done.modelIds.length !== 2) problem(`the resumed run registered ${done.modelIds.length} models, not 2`);
    for (const p of integrityProblems(db)) problem(`after the resume: ${p}`);
    for (const l of await lostAnnotations(s.core, acked)) problem(`after the resume: ${l}`);
    return result;
  } catch (err) {
    problem(`harness: ${err instanceof Error ? err.message : String(err)}`);
    await prober.stop().catch(() => undefined);
    return result;
  } finally {
    await s.core.close();
  }
}
