// Kernels that replace broken or slow ones of the webgpu backend (tfjs-backend-webgpu 4.22):
// - AddN binds every input as its own storage buffer, and a device allows only 8 per shader stage
//   by default (16 on many adapters), so summing the squared norms of a model's gradients for
//   clipping, or more than a handful of losses, fails validation and returns garbage. The
//   replacement sums in chunks that fit the device's limit.

import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from './tf-types.js';

interface WebgpuBackend {
  device: { limits: { maxStorageBuffersPerShaderStage: number } };
  disposeData(dataId: object): boolean;
}

function chunkedAddN(original: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WebgpuBackend;
    // One storage buffer is the output.
    const room = Math.max(2, backend.device.limits.maxStorageBuffersPerShaderStage - 1);
    let parts = args.inputs as unknown as TensorInfo[];
    const partial: TensorInfo[] = [];
    while (parts.length > room) {
      const next: TensorInfo[] = [];
      for (let i = 0; i < parts.length; i += room) {
        const chunk = parts.slice(i, i + room);
        if (chunk.length === 1) {
          next.push(chunk[0]!);
          continue;
        }
        const sum = original({ ...args, inputs: chunk as never }) as TensorInfo;
        partial.push(sum);
        next.push(sum);
      }
      parts = next;
    }
    const result = original({ ...args, inputs: parts as never }) as TensorInfo;
    for (const t of partial) backend.disposeData(t.dataId);
    return result;
  };
}

export function webgpuKernels(tf: Tf): KernelConfig[] {
  const addN = tf.getKernel('AddN', 'webgpu')?.kernelFunc;
  if (!addN) throw new Error('AddN has no webgpu kernel');
  return [{ kernelName: 'AddN', backendName: 'webgpu', kernelFunc: chunkedAddN(addN) }];
}
