// Chooses the TensorFlow.js backend (docs/ARCHITECTURE.md, "Plug-in points"; docs/DECISIONS.md, "Backends"):
// tfjs-node-gpu (CUDA), then tfjs-node, then wasm, then cpu. The choice itself is a pure function
// over injectable probes so every fallback path is testable on a machine without a GPU.
//
// tfjs-node and tfjs-node-gpu may each carry their own copy of tfjs-core. Tensors from two cores
// cannot be mixed, so the chosen package's namespace becomes the one instance that getTf()
// returns and all model code uses.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BackendReport } from '../../../contract/entities.js';
import { CoreError } from '../../errors.js';
import { registerKernels } from './kernels.js';
import type { Tf } from './tf-types.js';

export type BackendName = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];

const PACKAGES: Record<BackendName, string> = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  'tfjs-node': '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

const INSTALL_HINTS: Record<BackendName, string> = {
  'tfjs-node-gpu': 'npm install @tensorflow/tfjs-node-gpu (needs an NVIDIA GPU with CUDA 11.x + cuDNN 8)',
  'tfjs-node': 'npm install @tensorflow/tfjs-node (downloads libtensorflow for this platform)',
  wasm: 'npm install @tensorflow/tfjs-backend-wasm',
  cpu: 'npm install @tensorflow/tfjs',
};

/** What the environment says about each backend; injected so the choice can be unit-tested. */
export interface BackendProbes<T> {
  isInstalled(pkg: string): boolean;
  /** A description of the visible CUDA device, or null when none is visible. */
  cudaDevice(): string | null;
  load(name: BackendName): Promise<{ ok: true; tf: T } | { ok: false; error: string }>;
}

export interface BackendChoice<T> {
  report: BackendReport;
  name: BackendName;
  tf: T;
}

const ALIASES: Record<string, BackendName> = {
  'tfjs-node-gpu': 'tfjs-node-gpu',
  gpu: 'tfjs-node-gpu',
  cuda: 'tfjs-node-gpu',
  'tfjs-node': 'tfjs-node',
  node: 'tfjs-node',
  tensorflow: 'tfjs-node',
  wasm: 'wasm',
  cpu: 'cpu',
};

/** Parses a backend name as given on a command line or in CROSSTAG_BACKEND. */
export function parseBackendName(value: string): BackendName {
  const name = ALIASES[value.trim().toLowerCase()];
  if (!name) {
    throw new CoreError('BAD_REQUEST', `unknown backend "${value}": expected one of ${BACKEND_ORDER.join(', ')}`);
  }
  return name;
}

/**
 * Tries the backends in order (or only `force`) and returns the first that works, with the reason
 * each earlier one was skipped. Throws when a forced backend is unusable, or when none works.
 */
export async function chooseBackend<T>(probes: BackendProbes<T>, force?: BackendName | null): Promise<BackendChoice<T>> {
  const tried: BackendReport['tried'] = [];
  const candidates = force ? [force] : BACKEND_ORDER;
  for (const name of candidates) {
    const pkg = PACKAGES[name];
    if (!probes.isInstalled(pkg)) {
      tried.push({ name, ok: false, reason: `${pkg} is not installed: ${INSTALL_HINTS[name]}` });
      continue;
    }
    if (name === 'tfjs-node-gpu') {
      const device = probes.cudaDevice();
      if (device === null) {
        tried.push({ name, ok: false, reason: 'CUDA not usable: no NVIDIA GPU device is visible' });
        continue;
      }
    }
    const loaded = await probes.load(name);
    if (!loaded.ok) {
      const what = name === 'tfjs-node-gpu' ? 'CUDA' : name;
      tried.push({ name, ok: false, reason: `${what} not usable: ${loaded.error}` });
      continue;
    }
    const reason = force
      ? `forced by request (${name})`
      : tried.length === 0
        ? `${name} is the first choice and works`
        : `first working backend after ${tried.map((t) => t.name).join(', ')}`;
    tried.push({ name, ok: true, reason: 'loaded' });
    return { report: { chosen: name, reason, tried }, name, tf: loaded.tf };
  }
  const detail = tried.map((t) => `${t.name}: ${t.reason}`).join('; ');
  if (force) throw new CoreError('BAD_REQUEST', `backend ${force} was requested but is not usable (${detail})`);
  throw new CoreError('INTERNAL', `no TensorFlow.js backend works here (${detail})`);
}

const requireHere = createRequire(import.meta.url);

function resolvable(pkg: string): boolean {
  try {
    requireHere.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** Where the wasm binaries live, so loading works from src, dist/ and an Electron utility process. */
export function wasmDir(): string {
  return path.join(path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
}

function describeError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.slice(0, 300);
}

async function importDynamic(specifier: string): Promise<Tf> {
  return (await import(specifier)) as Tf;
}

async function loadBackend(name: BackendName): Promise<{ ok: true; tf: Tf } | { ok: false; error: string }> {
  try {
    if (name === 'tfjs-node-gpu' || name === 'tfjs-node') {
      const tf = await importDynamic(PACKAGES[name]);
      if (!(await tf.setBackend('tensorflow'))) return { ok: false, error: 'the tensorflow backend did not initialise' };
      return { ok: true, tf };
    }
    const tf = await importDynamic('@tensorflow/tfjs');
    if (name === 'wasm') {
      const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as { setWasmPaths(prefix: string): void };
      wasm.setWasmPaths(wasmDir());
      registerKernels(tf, 'wasm');
    } else {
      registerKernels(tf, 'cpu');
    }
    if (!(await tf.setBackend(name))) return { ok: false, error: `the ${name} backend did not initialise` };
    await tf.ready();
    return { ok: true, tf };
  } catch (err) {
    return { ok: false, error: describeError(err) };
  }
}

function cudaDevice(): string | null {
  if (process.env['CUDA_VISIBLE_DEVICES'] === '-1' || process.env['CUDA_VISIBLE_DEVICES'] === '') return null;
  if (process.platform === 'linux') return existsSync('/dev/nvidia0') ? '/dev/nvidia0' : null;
  // Elsewhere there is no cheap device check; loading the package is the test.
  return process.platform === 'win32' ? 'unknown' : null;
}

export const systemProbes: BackendProbes<Tf> = { isInstalled: resolvable, cudaDevice, load: loadBackend };

let current: BackendChoice<Tf> | null = null;
let pending: Promise<BackendChoice<Tf>> | null = null;

/**
 * Picks and initialises the backend once per process. `force` (or CROSSTAG_BACKEND) selects one
 * backend and fails if it is not usable. Later calls return the first report.
 */
export async function initBackend(opts: { force?: string | null | undefined } = {}): Promise<BackendReport> {
  if (current) {
    const wanted = opts.force ? parseBackendName(opts.force) : null;
    if (wanted && wanted !== current.name) {
      throw new CoreError('CONFLICT', `backend ${current.name} is already in use in this process; cannot switch to ${wanted}`);
    }
    return current.report;
  }
  if (!pending) {
    const requested = opts.force ?? process.env['CROSSTAG_BACKEND'] ?? null;
    const force = requested ? parseBackendName(requested) : null;
    pending = chooseBackend(systemProbes, force).then((choice) => {
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
