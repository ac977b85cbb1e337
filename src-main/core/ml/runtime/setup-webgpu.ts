// WebGPU in Node through Dawn (the `webgpu` package: Chrome's implementation, prebuilt for Linux
// (Vulkan), macOS (Metal) and Windows (Direct3D 12)), with TensorFlow.js's webgpu backend on top.
//
// The chooser learns of the adapter from gpu-probe.ts; here Dawn is loaded into the engine's own
// process and asked for the same high-performance adapter, whose device TensorFlow.js computes on.
//
// Reading a tensor synchronously (dataSync) is impossible here: the browser backend reads back
// through an OffscreenCanvas, which Node lacks, and Dawn offers no blocking map. So the engine
// reads tensors with `await tensor.data()`, which works on every backend.

import { registerKernels } from './kernels.js';
import type { Tf } from './tf-types.js';

interface Dawn {
  gpu: GPU;
  adapter: GPUAdapter | null;
}

let dawn: Promise<Dawn> | null = null;

/** Dawn's globals (GPUBufferUsage, ...) where the host has none of its own (Electron, Node). */
function installGlobals(globals: object): void {
  for (const [name, value] of Object.entries(globals)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
}

async function loadDawn(): Promise<Dawn> {
  const { create, globals } = await import('webgpu');
  installGlobals(globals);
  const gpu = create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  return { gpu, adapter };
}

/** tfjs-backend-webgpu looks for navigator.gpu, which Node (before 21) and Electron's utility process lack. */
function exposeGpu(gpu: GPU): void {
  const g = globalThis as { navigator?: object };
  if (g.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
}

async function requestDevice(adapter: GPUAdapter): Promise<GPUDevice> {
  // The largest buffers and workgroups the adapter allows, as tfjs-backend-webgpu asks for in a browser.
  const l = adapter.limits;
  return adapter.requestDevice({
    requiredLimits: {
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      // Kernels with many inputs (concat, and AddN in kernels-webgpu.ts) split by this limit.
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    },
  });
}

export async function setupWebgpu(): Promise<Tf> {
  dawn ??= loadDawn();
  const { gpu, adapter } = await dawn;
  if (adapter === null) throw new Error('Dawn found no adapter');
  exposeGpu(gpu);
  const tf = (await import('@tensorflow/tfjs')) as Tf;
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  // The package registers a factory of its own on import; this one uses the probed adapter.
  tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', async () => new WebGPUBackend(await requestDevice(adapter), adapter.info), 3);
  registerKernels(tf, 'webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('the webgpu backend did not initialise');
  await tf.ready();
  return tf;
}
