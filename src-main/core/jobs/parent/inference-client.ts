// The parent side of the persistent inference worker: started on the first request, kept while
// requests keep coming (models stay loaded there), stopped after a quiet spell and on close.
// The UI never waits on TensorFlow.js in its own process.

import type { ApiError } from '../../../contract/errors.js';
import { CoreError } from '../../errors.js';
import { abnormalExit } from './exit-reason.js';
import { isFromWorker, type InferenceRequest } from '../protocol.js';
import { defaultWorkerEntry } from './runner.js';
import type { JobHandle, Spawner } from './spawner.js';

export interface InferenceOptions {
  spawner: Spawner;
  workerEntry?: string | undefined;
  /** Extra environment for the worker, read at each start. */
  env?: Record<string, string> | undefined;
  /** Idle time after which the process (and the memory of its models) is released. */
  idleMs?: number | undefined;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

// Long enough to keep models warm while someone works through pairs, short enough to give the
// memory back when they go elsewhere.
const DEFAULT_IDLE_MS = 10 * 60_000;

export class InferenceClient {
  private handle: JobHandle | null = null;
  private exited: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idle: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly opts: InferenceOptions) {}

  /** The worker's process id while it runs (for tests and diagnostics). */
  get pid(): number | undefined {
    return this.handle?.pid;
  }

  request<T>(request: InferenceRequest): Promise<T> {
    if (this.closed) return Promise.reject(new CoreError('INTERNAL', 'the inference process is closed'));
    const handle = this.handle ?? this.spawn();
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      handle.postMessage({ type: 'request', id, request });
    });
  }

  /** Stops the worker (pending requests fail); the next request starts a new one, reading `env` again. */
  async restart(): Promise<void> {
    await this.stop();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  private async stop(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const exited = this.exited;
    this.handle?.kill();
    await exited;
  }

  private spawn(): JobHandle {
    const handle = this.opts.spawner.spawn(this.opts.workerEntry ?? defaultWorkerEntry(), { ...this.opts.env, CROSSTAG_JOB_WORKER: '1' });
    this.handle = handle;
    let done!: () => void;
    this.exited = new Promise<void>((r) => (done = r));
    handle.onMessage((m) => {
      if (!isFromWorker(m) || m.type !== 'reply') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(fromApiError(m.error));
      if (this.pending.size === 0 && !this.closed) {
        this.idle = setTimeout(() => void this.stop(), this.opts.idleMs ?? DEFAULT_IDLE_MS);
        // An idle worker alone must not keep a CLI process alive.
        this.idle.unref();
      }
    });
    handle.onExit((exit) => {
      if (this.handle === handle) this.handle = null;
      const reason = abnormalExit('inference process', exit, handle.stderrTail());
      for (const p of this.pending.values()) p.reject(new CoreError('INTERNAL', reason));
      this.pending.clear();
      done();
    });
    return handle;
  }
}

function fromApiError(e: ApiError): CoreError {
  return new CoreError(e.code, e.message, { file: e.file, line: e.line });
}
