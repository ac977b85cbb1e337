// The TensorFlow.js backends as data: the order they are tried in, the packages each needs, what
// to install when one is missing, the names a user may type, what must be present before loading
// is even tried, and how each is set up. choose-backend.ts walks this table; adding a backend is
// one entry here (README.md, "Training backends", says which one each kind of computer gets;
// docs/DECISIONS.md, "Backends", has the measurements).

import type { GpuAdapterInfo } from '../../../contract/entities.js';
import type { Tf } from './tf-types.js';

export type BackendName = 'tfjs-node-gpu' | 'webgpu' | 'tfjs-node' | 'wasm' | 'cpu';

/** What setup gets besides the backend's own packages. */
export interface SetupContext {
  /** Threads for the CPU backends that can use several (wasm). */
  threads: number;
}

/** A backend set up: TensorFlow.js with it active, the threads it really got, and anything a user should know. */
export interface SetupResult {
  tf: Tf;
  threads?: number | undefined;
  note?: string | undefined;
}

export interface BackendSpec {
  name: BackendName;
  /** Every package it needs, checked before anything is loaded. */
  packages: readonly string[];
  installHint: string;
  /** Other names accepted by --backend and CROSSTAG_BACKEND (lower case). */
  aliases: readonly string[];
  /**
   * What must be present before loading is tried: a visible CUDA device, or a WebGPU adapter
   * (a hardware one unless the backend is forced).
   */
  requires: 'cuda-device' | 'gpu-adapter' | null;
  /** The name TensorFlow.js gives the backend once it runs (tf.getBackend()). */
  tfName: string;
  /** How its failures are introduced in a report ("CUDA not usable: ..."). */
  label: string;
  /** Whether the thread setting applies to it. */
  threaded: boolean;
  /** Loads the packages and makes the backend TensorFlow.js's active one. */
  setup(ctx: SetupContext): Promise<SetupResult>;
}

// Loaded on demand, so reading the table (the chooser's tests, the CLI's help) loads no backend.
const native = async (pkg: string): Promise<SetupResult> => ({ tf: await (await import('./setup-native.js')).setupNative(pkg) });
const webgpu = async (): Promise<SetupResult> => ({ tf: await (await import('./setup-webgpu.js')).setupWebgpu() });
const wasm = async (ctx: SetupContext): Promise<SetupResult> => (await import('./setup-wasm.js')).setupWasm(ctx.threads);
const cpu = async (): Promise<SetupResult> => ({ tf: await (await import('./setup-native.js')).setupCpu() });

export const BACKENDS: readonly BackendSpec[] = [
  {
    name: 'tfjs-node-gpu',
    packages: ['@tensorflow/tfjs-node-gpu'],
    installHint: 'npm install @tensorflow/tfjs-node-gpu (needs an NVIDIA GPU with CUDA 11.x + cuDNN 8)',
    aliases: ['gpu', 'cuda'],
    requires: 'cuda-device',
    tfName: 'tensorflow',
    label: 'CUDA',
    threaded: false,
    setup: () => native('@tensorflow/tfjs-node-gpu'),
  },
  {
    name: 'webgpu',
    packages: ['webgpu', '@tensorflow/tfjs-backend-webgpu'],
    installHint: 'npm install webgpu @tensorflow/tfjs-backend-webgpu (Dawn: Vulkan on Linux, Metal on macOS, D3D12 on Windows)',
    aliases: ['dawn'],
    requires: 'gpu-adapter',
    tfName: 'webgpu',
    label: 'WebGPU',
    threaded: false,
    setup: webgpu,
  },
  {
    name: 'tfjs-node',
    packages: ['@tensorflow/tfjs-node'],
    installHint: 'npm install @tensorflow/tfjs-node (downloads libtensorflow for this platform)',
    aliases: ['node', 'tensorflow'],
    requires: null,
    tfName: 'tensorflow',
    label: 'tfjs-node',
    threaded: false,
    setup: () => native('@tensorflow/tfjs-node'),
  },
  {
    name: 'wasm',
    packages: ['@tensorflow/tfjs-backend-wasm'],
    installHint: 'npm install @tensorflow/tfjs-backend-wasm',
    aliases: ['webassembly'],
    requires: null,
    tfName: 'wasm',
    label: 'wasm',
    threaded: true,
    setup: wasm,
  },
  {
    name: 'cpu',
    packages: ['@tensorflow/tfjs'],
    installHint: 'npm install @tensorflow/tfjs',
    aliases: ['js'],
    requires: null,
    tfName: 'cpu',
    label: 'cpu',
    threaded: false,
    setup: cpu,
  },
];

export const BACKEND_ORDER: readonly BackendName[] = BACKENDS.map((b) => b.name);

export function backendSpec(name: BackendName): BackendSpec {
  return BACKENDS.find((b) => b.name === name)!;
}

/** One line for an adapter in reports: "NVIDIA GeForce RTX 4070 (nvidia, ada)". */
export function adapterLine(a: GpuAdapterInfo): string {
  const what = [a.vendor, a.architecture].filter((x) => x !== '').join(', ');
  const name = a.description !== '' ? a.description : 'unnamed adapter';
  return what === '' ? name : `${name} (${what})`;
}
