// The worker process entry. The parent sends either one `run` (a training or prediction run,
// after which the process exits) or any number of `request`s (the persistent inference worker).
// Runs open the project file themselves; WAL lets the UI keep writing annotations meanwhile.
//
// Exit codes: 0 when the run completed or was cancelled, 1 when it failed (the reason is in the
// run's row). Anything else, or a signal, is a crash the parent reports.

import type { ApiError } from '../../../contract/errors.js';
import { toApiError } from '../../errors.js';
import { heapExhaustionDetail, initBackend, onWasmHeapExhausted, type HeapExhaustion } from '../../ml/index.js';
import { openStore, type Store } from '../../store/index.js';
import { ModelCache, serveRequest } from './inference.js';
import { outOfMemoryDetail, watchWasmMemory } from './memory-watch.js';
import { checkpointDir } from '../paths.js';
import { DEFAULT_PREDICT_BATCH, runPrediction } from './predict-job.js';
import { ProgressRecorder } from './progress.js';
import { INTERRUPTED, type EngineTuning, type RunJob, type ToWorker } from '../protocol.js';
import { runTraining } from './train-job.js';
import { connectParent, type WorkerPort } from './worker-port.js';

// How long a write waits for the UI's transaction; the UI's are one action each, so short.
const BUSY_TIMEOUT_MS = 30_000;

function outOfMemoryMessage(job: RunJob, detail: string): string {
  const what = job.kind === 'train' ? 'training process' : 'prediction process';
  return `the ${what} ran out of memory (try a smaller batch size or model): ${detail}`;
}

function failureMessage(err: unknown, job: RunJob): string {
  const oom = outOfMemoryDetail(err);
  if (oom !== null) return outOfMemoryMessage(job, oom);
  const api: ApiError = toApiError(err);
  const ckpt = checkpointDir(job.dbPath, job.runId);
  if (job.resume && api.file !== undefined && api.file.startsWith(ckpt)) {
    return `cannot resume from the checkpoint: ${api.message}. Start a new run instead`;
  }
  return api.message;
}

// The run in progress, for the one failure that cannot be caught: the threaded wasm heap exhausted.
let active: { store: Store; job: RunJob } | null = null;

/** Records the run failed, synchronously; the runtime then ends the process (the threaded heap cannot recover). */
function recordHeapExhausted(e: HeapExhaustion): void {
  if (active === null) return;
  active.store.runs.update(active.job.runId, { status: 'failed', error: outOfMemoryMessage(active.job, heapExhaustionDetail(e)) });
  active.store.close();
}

async function runJob(port: WorkerPort, job: RunJob, controller: AbortController): Promise<number> {
  const send = (m: Parameters<WorkerPort['send']>[0]) => void port.send(m);
  let store: Store | null = null;
  try {
    store = openStore(job.dbPath, { nativeBinding: job.nativeBinding, busyTimeoutMs: BUSY_TIMEOUT_MS });
    active = { store, job };
    const backend = await initBackend();
    store.runs.update(job.runId, {
      backend: backend.chosen,
      checkpointDir: job.kind === 'train' ? checkpointDir(job.dbPath, job.runId) : null,
    });
    send({ type: 'status' });
    const progress = new ProgressRecorder(store, job.runId, backend.chosen, send);
    const changed = () => send({ type: 'sentences-changed' });
    if (job.kind === 'train') {
      await runTraining({
        store,
        runId: job.runId,
        resume: job.resume,
        signal: controller.signal,
        progress,
        changed,
        touched: () => send({ type: 'status' }),
      });
    } else {
      const batch = (store.runs.get(job.runId).config as { engine?: EngineTuning }).engine?.predictBatch ?? DEFAULT_PREDICT_BATCH;
      await runPrediction(store, job.runId, { batch, signal: controller.signal, progress, changed });
    }
    store.runs.update(job.runId, { status: 'completed', error: null });
    return 0;
  } catch (err) {
    if (store === null) throw err;
    if (controller.signal.aborted) {
      const shutdown = controller.signal.reason === 'shutdown';
      store.runs.update(job.runId, shutdown ? { status: 'failed', error: INTERRUPTED } : { status: 'cancelled', error: null });
      return 0;
    }
    store.runs.update(job.runId, { status: 'failed', error: failureMessage(err, job) });
    return 1;
  } finally {
    active = null;
    if (store !== null) {
      await port.send({ type: 'status' });
      store.close();
    }
  }
}

function main(): void {
  watchWasmMemory();
  onWasmHeapExhausted(recordHeapExhausted);
  const port = connectParent();
  const controller = new AbortController();
  const cache = new ModelCache();
  let running = false;
  // Requests run one at a time: TensorFlow.js work is synchronous anyway.
  let queue: Promise<void> = Promise.resolve();

  port.onMessage((m: ToWorker) => {
    if (m.type === 'cancel') {
      controller.abort(m.reason);
    } else if (m.type === 'run') {
      if (running) return;
      running = true;
      void runJob(port, m.job, controller).then(
        (code) => process.exit(code),
        (err: unknown) => {
          console.error('crosstag job:', err);
          process.exit(1);
        },
      );
    } else if (m.type === 'request') {
      queue = queue.then(async () => {
        try {
          const value = await serveRequest(cache, m.request);
          await port.send({ type: 'reply', id: m.id, ok: true, value });
        } catch (err) {
          await port.send({ type: 'reply', id: m.id, ok: false, error: toApiError(err) });
        }
      });
    }
  });
  port.onDisconnect(() => {
    // The parent is gone: a run checkpoints and records itself interrupted; a server just ends.
    if (running) controller.abort('shutdown');
    else {
      cache.clear();
      process.exit(0);
    }
  });
}

// Started as a process only; importing this module for its types does nothing.
if (process.env['CROSSTAG_JOB_WORKER'] === '1') main();
