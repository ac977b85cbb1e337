// Chooses the TensorFlow.js backend once per process, in the order of backend-table.ts:
// tfjs-node-gpu (CUDA), webgpu (Dawn, on a hardware adapter), tfjs-node, wasm (on every core),
// then cpu. The choice itself is the pure chooseBackend() over the system probes below.
//
// tfjs-node and tfjs-node-gpu may each carry their own copy of tfjs-core. Tensors from two cores
// cannot be mixed, so the chosen package's namespace becomes the one instance that getTf()
// returns and all model code uses.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { BackendReport } from '../../../contract/entities.js';
import { CoreError } from '../../errors.js';
import { backendSpec, type BackendName } from './backend-table.js';
import { chooseBackend, parseBackendName, type BackendChoice, type BackendProbes } from './choose-backend.js';
import { probeGpu } from './gpu-probe.js';
import type { Tf } from './tf-types.js';

const requireHere = createRequire(import.meta.url);

function resolvable(pkg: string): boolean {
  try {
    requireHere.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}

function describeError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.slice(0, 300);
}

function cudaDevice(): string | null {
  if (process.env['CUDA_VISIBLE_DEVICES'] === '-1' || process.env['CUDA_VISIBLE_DEVICES'] === '') return null;
  if (process.platform === 'linux') return existsSync('/dev/nvidia0') ? '/dev/nvidia0' : null;
  // Elsewhere there is no cheap device check; loading the package is the test.
  return process.platform === 'win32' ? 'unknown' : null;
}

export const systemProbes: BackendProbes<Tf> = {
  isInstalled: resolvable,
  cudaDevice,
  gpuAdapter: probeGpu,
  load: async (name, ctx) => {
    try {
      return { ok: true, ...(await backendSpec(name).setup(ctx)) };
    } catch (err) {
      return { ok: false, error: describeError(err) };
    }
  },
};

/** The thread count when none is set: every core the process may use. */
export function defaultThreads(): number {
  return availableParallelism();
}

/** A thread count as given by --threads, CROSSTAG_THREADS or Settings. */
export function parseThreads(value: string | number, from = 'threads'): number {
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new CoreError('BAD_REQUEST', `${from} must be a whole number from 1 to 64, not "${value}"`);
  }
  return n;
}

export interface InitOptions {
  /** One backend only (a name or alias); else CROSSTAG_BACKEND; else the first that works. */
  force?: string | null | undefined;
  /** Threads for wasm; else CROSSTAG_THREADS; else every core. */
  threads?: number | null | undefined;
}

let current: BackendChoice<Tf> | null = null;
let pending: Promise<BackendChoice<Tf>> | null = null;

function requestedThreads(opts: InitOptions): number {
  if (opts.threads != null) return parseThreads(opts.threads);
  const env = process.env['CROSSTAG_THREADS'];
  return env ? parseThreads(env, 'CROSSTAG_THREADS') : defaultThreads();
}

/**
 * Picks and initialises the backend once per process. `force` (or CROSSTAG_BACKEND) selects one
 * backend and fails if it is not usable. Later calls return the first report.
 */
export async function initBackend(opts: InitOptions = {}): Promise<BackendReport> {
  if (current) {
    const wanted = opts.force ? parseBackendName(opts.force) : null;
    if (wanted && wanted !== current.name) {
      throw new CoreError('CONFLICT', `backend ${current.name} is already in use in this process; cannot switch to ${wanted}`);
    }
    const threads = current.report.threads;
    if (opts.threads != null && threads !== undefined && opts.threads !== threads) {
      throw new CoreError(
        'CONFLICT',
        `${current.name} already runs on ${threads} threads in this process; cannot change to ${opts.threads}`,
      );
    }
    return current.report;
  }
  if (!pending) {
    const requested = opts.force ?? process.env['CROSSTAG_BACKEND'] ?? null;
    const force: BackendName | null = requested ? parseBackendName(requested) : null;
    pending = chooseBackend(systemProbes, { force, threads: requestedThreads(opts) }).then((choice) => {
      choice.tf.enableProdMode();
      current = choice;
      return choice;
    });
    pending.catch(() => {
      pending = null;
    });
  }
  return (await pending).report;
}

/** The TensorFlow.js instance of the chosen backend. initBackend() must have completed. */
export function getTf(): Tf {
  if (!current) throw new CoreError('INTERNAL', 'TensorFlow.js is not initialised: await initBackend() first');
  return current.tf;
}

/** The report of the chosen backend, or null before initBackend(). */
export function backendReport(): BackendReport | null {
  return current?.report ?? null;
}
