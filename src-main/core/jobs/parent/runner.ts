// The parent side of training and prediction runs: one worker process per run, its messages
// relayed as contract events, and whatever way it ends written to the run's row. A crash or an
// out-of-memory in the worker never reaches this process or the database: the run is marked
// failed with a reason and can be resumed from its last checkpoint.
//
// One run at a time per project: a second start is refused with CONFLICT (two trainings would
// halve each other's speed on a small machine and race to write the same predictions).

import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { RunInfo } from '../../../contract/entities.js';
import type { EventName, Events } from '../../../contract/events.js';
import { CoreError } from '../../errors.js';
import { openStore, type Store } from '../../store/index.js';
import { abnormalExit } from './exit-reason.js';
import { INTERRUPTED, isFromWorker, type CancelReason, type RunJob } from '../protocol.js';
import type { JobExit, JobHandle, Spawner } from './spawner.js';

export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void;

export interface RunnerOptions {
  spawner: Spawner;
  /** The worker module; defaults to ../worker/worker.ts (or .js, as this module is). */
  workerEntry?: string | undefined;
  /** better-sqlite3 binding for another ABI, used here and passed to the worker. */
  nativeBinding?: string | undefined;
  /** Extra environment for workers (e.g. CROSSTAG_BACKEND). */
  env?: Record<string, string> | undefined;
  /** How long a cancelled run may take to checkpoint and stop before it is killed. */
  cancelGraceMs?: number | undefined;
  /** The same when the app closes. */
  shutdownGraceMs?: number | undefined;
}

/** The worker module in ../worker/, in the same form as this one (TypeScript sources or compiled). */
export function defaultWorkerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  return path.join(path.dirname(here), '..', 'worker', `worker${path.extname(here)}`);
}

interface LiveJob {
  key: string;
  job: RunJob;
  handle: JobHandle;
  store: Store;
  emit: Emit;
  cancel: CancelReason | null;
  /** The worker has recorded the run's final status and is exiting. */
  finishing: boolean;
  killTimer: ReturnType<typeof setTimeout> | null;
  done: Promise<void>;
}

const keyOf = (dbPath: string, runId: number) => `${path.resolve(dbPath)}#${runId}`;

export class JobRunner {
  private readonly live = new Map<string, LiveJob>();
  private readonly entry: string;

  constructor(private readonly opts: RunnerOptions) {
    this.entry = opts.workerEntry ?? defaultWorkerEntry();
  }

  /** The run of this project whose worker is alive, if any. */
  liveRun(dbPath: string): number | null {
    const prefix = `${path.resolve(dbPath)}#`;
    for (const j of this.live.values()) if (j.key.startsWith(prefix)) return j.job.runId;
    return null;
  }

  isLive(dbPath: string, runId: number): boolean {
    return this.live.has(keyOf(dbPath, runId));
  }

  /** The worker's process id (for diagnostics and tests). */
  pid(dbPath: string, runId: number): number | undefined {
    return this.live.get(keyOf(dbPath, runId))?.handle.pid;
  }

  /** Starts the worker of a run whose row exists and is marked running. */
  start(dbPath: string, runId: number, kind: RunJob['kind'], resume: boolean, emit: Emit): void {
    const key = keyOf(dbPath, runId);
    if (this.live.has(key)) throw new CoreError('CONFLICT', `run ${runId} is already running`);
    const store = openStore(dbPath, { nativeBinding: this.opts.nativeBinding });
    let handle: JobHandle;
    try {
      handle = this.opts.spawner.spawn(this.entry, { ...this.opts.env, CROSSTAG_JOB_WORKER: '1' });
    } catch (err) {
      const message = `cannot start the worker process: ${err instanceof Error ? err.message : String(err)}`;
      store.runs.update(runId, { status: 'failed', error: message });
      store.close();
      throw new CoreError('INTERNAL', message);
    }
    const job: RunJob = { kind, runId, dbPath, nativeBinding: this.opts.nativeBinding, resume };
    let finished!: () => void;
    const live: LiveJob = {
      key,
      job,
      handle,
      store,
      emit,
      cancel: null,
      finishing: false,
      killTimer: null,
      done: new Promise<void>((r) => (finished = r)),
    };
    this.live.set(key, live);
    handle.onMessage((m) => this.relay(live, m));
    handle.onExit((exit) => {
      this.ended(live, exit);
      finished();
    });
    handle.postMessage({ type: 'run', job });
  }

  /**
   * Waits for the workers of this project that have recorded their run's end to exit (killing
   * one that takes longer than `timeoutMs`), so a new start right after an end is not refused.
   */
  async settle(dbPath: string, timeoutMs = 5_000): Promise<void> {
    const prefix = `${path.resolve(dbPath)}#`;
    const finishing = [...this.live.values()].filter((j) => j.finishing && j.key.startsWith(prefix));
    await Promise.all(
      finishing.map((j) => {
        const timer = setTimeout(() => j.handle.kill(), timeoutMs);
        return j.done.finally(() => clearTimeout(timer));
      }),
    );
  }

  /** Asks the worker to stop at the next step (it checkpoints first); kills it after the grace period. */
  async cancel(dbPath: string, runId: number, reason: CancelReason = 'user'): Promise<void> {
    const live = this.live.get(keyOf(dbPath, runId));
    if (!live) return;
    if (live.cancel === null) {
      live.cancel = reason;
      live.handle.postMessage({ type: 'cancel', reason });
      const grace = reason === 'user' ? (this.opts.cancelGraceMs ?? 10_000) : (this.opts.shutdownGraceMs ?? 3_000);
      live.killTimer = setTimeout(() => live.handle.kill(), grace);
    }
    await live.done;
  }

  /** Marks runs left running with no live worker here (the app crashed) as interrupted; returns their ids. */
  sweep(store: Store): number[] {
    const stale = store.runs.list().filter((r) => (r.status === 'running' || r.status === 'queued') && !this.isLive(store.path, r.id));
    for (const r of stale) store.runs.update(r.id, { status: 'failed', error: INTERRUPTED });
    return stale.map((r) => r.id);
  }

  /** Stops every run (recorded as interrupted, so each can be resumed) and waits for the processes. */
  async close(): Promise<void> {
    await Promise.all([...this.live.values()].map((j) => this.cancel(j.job.dbPath, j.job.runId, 'shutdown')));
  }

  private status(live: LiveJob): RunInfo | null {
    try {
      return live.store.runs.get(live.job.runId);
    } catch (err) {
      console.error(`crosstag: cannot read run ${live.job.runId}:`, err);
      return null;
    }
  }

  private relay(live: LiveJob, m: unknown): void {
    if (!isFromWorker(m)) return;
    if (m.type === 'progress') live.emit('training.progress', m.progress);
    else if (m.type === 'sentences-changed') live.emit('sentences.changed', { reason: 'predictions' });
    else if (m.type === 'status') {
      const run = this.status(live);
      if (!run) return;
      if (run.status !== 'running' && run.status !== 'queued') live.finishing = true;
      live.emit('training.status', run);
    }
  }

  private ended(live: LiveJob, exit: JobExit): void {
    if (live.killTimer) clearTimeout(live.killTimer);
    this.live.delete(live.key);
    try {
      const run = live.store.runs.get(live.job.runId);
      if (run.status === 'running' || run.status === 'queued') {
        const what = live.job.kind === 'train' ? 'training process' : 'prediction process';
        const grace = (this.opts.cancelGraceMs ?? 10_000) / 1000;
        const update =
          live.cancel === 'user'
            ? { status: 'cancelled' as const, error: `the ${what} did not stop within ${grace} s and was killed` }
            : {
                status: 'failed' as const,
                error: live.cancel === 'shutdown' ? INTERRUPTED : abnormalExit(what, exit, live.handle.stderrTail()),
              };
        live.store.runs.update(live.job.runId, update);
      }
      const final = this.status(live);
      if (final) live.emit('training.status', final);
    } catch (err) {
      console.error(`crosstag: cannot record the end of run ${live.job.runId}:`, err);
    } finally {
      live.store.close();
    }
  }
}
