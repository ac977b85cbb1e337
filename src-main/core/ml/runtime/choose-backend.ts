// The backend choice as a pure function over injectable probes, so that every fallback path (no
// CUDA device, a software-only WebGPU adapter, Dawn failing to load, a package missing) is tested
// on a machine that has none of them. The order and the per-backend facts come from the table.

import type { BackendReport, GpuAdapterInfo } from '../../../contract/entities.js';
import { CoreError } from '../../errors.js';
import { adapterLine, BACKEND_ORDER, BACKENDS, backendSpec, type BackendName, type SetupContext } from './backend-table.js';

/** Dawn's answer: the adapter it would use (null when it finds none), or why it did not load. */
export type GpuProbe = { ok: true; adapter: GpuAdapterInfo | null } | { ok: false; error: string };

export interface Loaded<T> {
  ok: true;
  tf: T;
  /** Threads really in use, when fewer than asked for. */
  threads?: number | undefined;
  /** Something a user should know about how it loaded (a fallback taken). */
  note?: string | undefined;
}

/** What the environment says about each backend; injected so the choice can be unit-tested. */
export interface BackendProbes<T> {
  isInstalled(pkg: string): boolean;
  /** A description of the visible CUDA device, or null when none is visible. */
  cudaDevice(): string | null;
  gpuAdapter(): Promise<GpuProbe>;
  load(name: BackendName, ctx: SetupContext): Promise<Loaded<T> | { ok: false; error: string }>;
}

export interface BackendChoice<T> {
  report: BackendReport;
  name: BackendName;
  tf: T;
}

export interface ChooseOptions {
  /** Only this backend; fails when it is unusable. A forced webgpu accepts a software adapter. */
  force?: BackendName | null | undefined;
  /** Threads for the threaded backends (wasm). */
  threads?: number | undefined;
}

/** Parses a backend name or alias as given on a command line, in Settings or in CROSSTAG_BACKEND. */
export function parseBackendName(value: string): BackendName {
  const wanted = value.trim().toLowerCase();
  const spec = BACKENDS.find((b) => b.name === wanted || b.aliases.includes(wanted));
  if (!spec) throw new CoreError('BAD_REQUEST', `unknown backend "${value}": expected one of ${BACKEND_ORDER.join(', ')}`);
  return spec.name;
}

/** Why a backend that needs a device cannot be tried, or null when it can; records the adapter seen. */
async function missingDevice<T>(
  name: BackendName,
  probes: BackendProbes<T>,
  forced: boolean,
  seen: { adapter: GpuAdapterInfo | null },
): Promise<string | null> {
  const spec = backendSpec(name);
  if (spec.requires === 'cuda-device') {
    return probes.cudaDevice() === null ? 'CUDA not usable: no NVIDIA GPU device is visible' : null;
  }
  if (spec.requires !== 'gpu-adapter') return null;
  const gpu = await probes.gpuAdapter();
  if (!gpu.ok) return `Dawn did not load: ${gpu.error}`;
  if (gpu.adapter === null) return 'no WebGPU adapter: Dawn found no GPU driver (Vulkan, Metal or Direct3D 12) to run on';
  seen.adapter = gpu.adapter;
  if (gpu.adapter.software && !forced) {
    return `only a software adapter, ${adapterLine(gpu.adapter)}, which is slower than the CPU backends; CROSSTAG_BACKEND=webgpu (or --backend webgpu) uses it anyway`;
  }
  return null;
}

/** " on <adapter>" or " on N threads": what the chosen backend runs on. */
function runsOn(name: BackendName, adapter: GpuAdapterInfo | null, threads: number | null): string {
  if (name === 'webgpu' && adapter) return ` on ${adapterLine(adapter)}`;
  if (threads !== null) return ` on ${threads} thread${threads === 1 ? '' : 's'}`;
  return '';
}

function chosenReason(name: BackendName, on: string, forced: boolean, tried: BackendReport['tried']): string {
  if (forced) return `forced by request (${name}${on})`;
  if (tried.length === 0) return `${name}${on} is the first choice and works`;
  return `${name}${on} is the first working backend after ${tried.map((t) => t.name).join(', ')}`;
}

/**
 * Tries the backends in order (or only `force`) and returns the first that works, with the reason
 * each earlier one was skipped. Throws when a forced backend is unusable, or when none works.
 */
export async function chooseBackend<T>(probes: BackendProbes<T>, opts: ChooseOptions = {}): Promise<BackendChoice<T>> {
  const force = opts.force ?? null;
  const threads = Math.max(1, Math.floor(opts.threads ?? 1));
  const tried: BackendReport['tried'] = [];
  const seen: { adapter: GpuAdapterInfo | null } = { adapter: null };
  for (const name of force ? [force] : BACKEND_ORDER) {
    const spec = backendSpec(name);
    const missing = spec.packages.find((pkg) => !probes.isInstalled(pkg));
    if (missing !== undefined) {
      tried.push({ name, ok: false, reason: `${missing} is not installed: ${spec.installHint}` });
      continue;
    }
    const absent = await missingDevice(name, probes, force !== null, seen);
    if (absent !== null) {
      tried.push({ name, ok: false, reason: absent });
      continue;
    }
    const loaded = await probes.load(name, { threads });
    if (!loaded.ok) {
      tried.push({ name, ok: false, reason: `${spec.label} not usable: ${loaded.error}` });
      continue;
    }
    const used = spec.threaded ? (loaded.threads ?? threads) : null;
    const note = loaded.note ? `; ${loaded.note}` : '';
    const reason = chosenReason(name, runsOn(name, seen.adapter, used), force !== null, tried) + note;
    tried.push({ name, ok: true, reason: 'loaded' });
    const report: BackendReport = { chosen: name, reason, tried, adapter: seen.adapter };
    if (used !== null) report.threads = used;
    return { report, name, tf: loaded.tf };
  }
  const detail = tried.map((t) => `${t.name}: ${t.reason}`).join('; ');
  if (force) throw new CoreError('BAD_REQUEST', `backend ${force} was requested but is not usable (${detail})`);
  throw new CoreError('INTERNAL', `no TensorFlow.js backend works here (${detail})`);
}
