// The plumbing of a training-fault run: a real core over a copy of the project with an ML service
// whose worker flags can change between attempts, waiting on a run's events, a probe that keeps
// asking the core for a page of sentences, and the annotations a person makes meanwhile.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunInfo } from '../../../src-main/contract/entities.js';
import type { RunProgress } from '../../../src-main/contract/events.js';
import { nodeSpawner, type Spawner } from '../../../src-main/core/jobs/index.js';
import { createCore, dispatch, type Core } from '../../../src-main/core/service/index.js';
import { createMlService, type MlEngine } from '../../../src-main/core/service/ml-service.js';
import type { Rng } from '../rng.js';
import { faultTuning } from './fault-project.js';

// A run that has not ended this long after its start is stuck.
const RUN_TIMEOUT_MS = 180_000;
const PROBE_EVERY_MS = 20;
export const MODELS = ['teacher', 'student'] as const;

/**
 * A worker spawner whose Node flags and wasm thread count can be changed between runs (the limit,
 * then none for the resume). Workers run on one thread unless told otherwise, so a run's weights
 * do not depend on the machine's core count.
 */
export class FlagSpawner implements Spawner {
  execArgv: string[] = [];
  threads = 1;

  spawn(entry: string, env: Record<string, string>) {
    return nodeSpawner({ execArgv: this.execArgv, echoStderr: false }).spawn(entry, {
      ...env,
      CROSSTAG_THREADS: String(this.threads),
    });
  }
}

export interface Session {
  core: Core;
  ml: MlEngine;
  spawner: FlagSpawner;
  dbPath: string;
}

export async function openSession(pristine: string, dir: string): Promise<Session> {
  mkdirSync(dir, { recursive: true });
  const dbPath = path.join(dir, 'p.sqlite');
  copyFileSync(pristine, dbPath);
  const spawner = new FlagSpawner();
  const ml = createMlService({ spawner, tuning: faultTuning(), cancelGraceMs: 20_000 });
  const core = createCore({ shell: 'web', recentFile: path.join(dir, 'recent.json'), baseDir: dir, ml });
  const opened = await dispatch(core, 'projects.open', { path: dbPath });
  if (!opened.ok) throw new Error(`cannot open ${dbPath}: ${opened.error.message}`);
  return { core, ml, spawner, dbPath };
}

/** Resolves with the run once its status is no longer running. */
export function settled(core: Core, runId: number): Promise<RunInfo> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`run ${runId} did not end within ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS);
    const done = (run: RunInfo) => {
      clearTimeout(timer);
      off();
      resolve(run);
    };
    const off = core.on('training.status', (run) => {
      if (run.id === runId && run.status !== 'running' && run.status !== 'queued') done(run);
    });
    core['training.get']({ runId }).then((run) => {
      if (run.status !== 'running' && run.status !== 'queued') done(run);
    }, reject);
  });
}

export function nextProgress(core: Core, runId: number, test: (p: RunProgress) => boolean = () => true): Promise<RunProgress> {
  return new Promise((resolve) => {
    const off = core.on('training.progress', (p) => {
      if (p.runId === runId && test(p)) {
        off();
        resolve(p);
      }
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** sha256 of each model's weights.bin in the run's folder. */
export function modelHashes(dir: string): Record<(typeof MODELS)[number], string> {
  const hash = (kind: string) => {
    const file = path.join(dir, kind, 'weights.bin');
    return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'missing';
  };
  return { teacher: hash('teacher'), student: hash('student') };
}

/** Answers `sentences.list` over and over, keeping each latency, until stopped. */
export class Prober {
  readonly latencies: number[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(core: Core) {
    this.done = (async () => {
      while (this.running) {
        const t0 = performance.now();
        const reply = await dispatch(core, 'sentences.list', { filter: { lang: 'en' }, sort: 'document', offset: 0, limit: 50 });
        if (!reply.ok) throw new Error(`sentences.list failed during the fault: ${reply.error.message}`);
        this.latencies.push(performance.now() - t0);
        await sleep(PROBE_EVERY_MS);
      }
    })();
  }

  async stop(): Promise<number[]> {
    this.running = false;
    await this.done;
    return this.latencies;
  }
}

export interface Acked {
  id: number;
  spans: string;
}

/** One seeded annotation through dispatch, as the Annotate screen sends it; returns what was acknowledged. */
export async function annotate(core: Core, rng: Rng, ids: readonly number[]): Promise<Acked> {
  const id = rng.pick(ids);
  const sentence = await core['sentences.get']({ id });
  const start = rng.int(0, sentence.tokens.length - 1);
  const end = Math.min(sentence.tokens.length, start + rng.int(1, 2));
  const reply = await dispatch(core, 'annotations.set', { sentenceId: id, start, end, label: rng.pick(['PER', 'LOC', 'ORG']) });
  if (!reply.ok) throw new Error(`annotations.set failed: ${reply.error.message}`);
  return { id, spans: JSON.stringify((await core['sentences.get']({ id })).spans) };
}

export async function lostAnnotations(core: Core, acked: readonly Acked[]): Promise<string[]> {
  // The last acknowledged state of each sentence is the one that must read back.
  const last = new Map(acked.map((a) => [a.id, a.spans]));
  const lost: string[] = [];
  for (const [id, spans] of last) {
    const now = JSON.stringify((await core['sentences.get']({ id })).spans);
    if (now !== spans) lost.push(`sentence ${id}: acknowledged ${spans}, reads ${now}`);
  }
  return lost;
}
