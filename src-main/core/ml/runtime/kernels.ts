// Kernels that replace slow or missing ones of the stock backends (webgpu's are in
// kernels-webgpu.ts). Measured on wasm (tfjs 4.22):
// - UnsortedSegmentSum (the gradient of tf.gather) does not exist on wasm, and the cpu backend's
//   generic version builds one mask per segment, quadratic in the vocabulary size;
// - Slice copies the *whole* input out of the wasm heap before taking its part, so tf.split of a
//   [T*B, 4H] tensor into T steps costs T full copies (about 10 ms for 512x512 into 16);
// - GatherV2 asserts every index through a closure and takes a strided generic path: about
//   60 ms for 18k rows of a 30-wide character table.
// The replacements read and write the wasm heap in place with plain typed-array copies.

import type { KernelConfig, KernelFunc, TensorInfo, TypedArray } from '@tensorflow/tfjs';
import { webgpuKernels } from './kernels-webgpu.js';
import type { Tf } from './tf-types.js';

interface WasmBackend {
  typedArrayFromHeap(info: TensorInfo): TypedArray;
  makeOutput(shape: number[], dtype: string, memoryOffset?: number, values?: TypedArray): TensorInfo;
}

interface CpuBackend {
  readSync(dataId: object): unknown;
  makeTensorInfo(shape: number[], dtype: string, values?: TypedArray): TensorInfo;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function isWasm(backend: unknown): backend is WasmBackend {
  return typeof (backend as WasmBackend).typedArrayFromHeap === 'function';
}

function segmentSumValues(
  xs: ArrayLike<number>,
  seg: ArrayLike<number>,
  count: number,
  inner: number,
  numSegments: number,
  int: boolean,
): TypedArray {
  const out = int ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  for (let k = 0; k < count; k++) {
    const s = seg[k]!;
    if (s < 0 || s >= numSegments) continue;
    const src = k * inner;
    const dst = s * inner;
    for (let c = 0; c < inner; c++) out[dst + c]! += xs[src + c]!;
  }
  return out;
}

const segmentSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs['x'] as TensorInfo;
  const ids = inputs['segmentIds'] as TensorInfo;
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const count = sizeOf(ids.shape);
  const inner = count === 0 ? 0 : sizeOf(x.shape) / count;
  const outShape = [numSegments, ...x.shape.slice(ids.shape.length)];
  if (isWasm(backend)) {
    const values = segmentSumValues(
      backend.typedArrayFromHeap(x),
      backend.typedArrayFromHeap(ids),
      count,
      inner,
      numSegments,
      x.dtype === 'int32',
    );
    return backend.makeOutput(outShape, x.dtype, undefined, values);
  }
  const cpu = backend as unknown as CpuBackend;
  const xs = cpu.readSync(x.dataId) as TypedArray;
  const seg = cpu.readSync(ids.dataId) as TypedArray;
  return cpu.makeTensorInfo(outShape, x.dtype, segmentSumValues(xs, seg, count, inner, numSegments, x.dtype === 'int32'));
};

function wasmSlice(tf: Tf, backend: WasmBackend, x: TensorInfo, beginIn: number | number[], sizeIn: number | number[]): TensorInfo {
  const [begin, size] = tf.slice_util.parseSliceParams(x as never, beginIn, sizeIn);
  const out = backend.makeOutput(size, x.dtype);
  if (sizeOf(size) === 0) return out;
  // Views are taken after makeOutput, which may grow (and so move) the heap.
  const xv = backend.typedArrayFromHeap(x);
  const ov = backend.typedArrayFromHeap(out);
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, strides);
    ov.set(xv.subarray(offset, offset + sizeOf(size)));
    return out;
  }
  // Copy runs of the innermost axis; outer indices are enumerated like an odometer.
  const rank = x.shape.length;
  const run = size[rank - 1]!;
  const outer = sizeOf(size.slice(0, -1));
  const idx = new Array<number>(rank - 1).fill(0);
  for (let o = 0; o < outer; o++) {
    let src = begin[rank - 1]!;
    for (let d = 0; d < rank - 1; d++) src += (begin[d]! + idx[d]!) * strides[d]!;
    ov.set(xv.subarray(src, src + run), o * run);
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]! += 1;
      if (idx[d]! < size[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** Registers the replacement kernels on `backendName` (idempotent). */
export function registerKernels(tf: Tf, backendName: 'wasm' | 'cpu' | 'webgpu'): void {
  const configs: KernelConfig[] =
    backendName === 'webgpu' ? webgpuKernels(tf) : [{ kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: segmentSum }];
  if (backendName === 'wasm') {
    const originalGather = tf.getKernel('GatherV2', 'wasm')?.kernelFunc;
    const slice: KernelFunc = ({ inputs, backend, attrs }) => {
      const a = attrs as { begin: number | number[]; size: number | number[] };
      return wasmSlice(tf, backend as unknown as WasmBackend, inputs['x'] as TensorInfo, a.begin, a.size);
    };
    const splitV: KernelFunc = ({ inputs, backend, attrs }) => {
      const x = inputs['x'] as TensorInfo;
      const a = attrs as { numOrSizeSplits: number | number[]; axis: number | number[] };
      const axis = tf.util.parseAxisParam(a.axis, x.shape)[0]!;
      const sizes = tf.backend_util.prepareSplitSize(x as never, a.numOrSizeSplits, axis);
      const begin = new Array<number>(x.shape.length).fill(0);
      return sizes.map((s) => {
        const size = [...x.shape];
        size[axis] = s;
        const part = wasmSlice(tf, backend as unknown as WasmBackend, x, [...begin], size);
        begin[axis]! += s;
        return part;
      });
    };
    const gather: KernelFunc = (args) => {
      const { inputs, backend, attrs } = args;
      const x = inputs['x'] as TensorInfo;
      const indices = inputs['indices'] as TensorInfo;
      const a = attrs as { axis: number; batchDims: number };
      const axis = tf.util.parseAxisParam(a.axis, x.shape)[0]!;
      if ((a.batchDims ?? 0) !== 0 || x.dtype === 'string' || !originalGather) {
        if (!originalGather) throw new Error('GatherV2 has no wasm kernel');
        return originalGather(args);
      }
      const b = backend as unknown as WasmBackend;
      const outer = sizeOf(x.shape.slice(0, axis));
      const dim = x.shape[axis]!;
      const inner = sizeOf(x.shape.slice(axis + 1));
      const count = sizeOf(indices.shape);
      const out = b.makeOutput([...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)], x.dtype);
      const xv = b.typedArrayFromHeap(x);
      const iv = b.typedArrayFromHeap(indices);
      const ov = b.typedArrayFromHeap(out);
      for (let k = 0; k < count; k++) {
        const i = iv[k]!;
        if (i < 0 || i >= dim) throw new Error(`GatherV2: the index value ${i} is not in [0, ${dim - 1}]`);
      }
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < count; k++) {
          const src = (o * dim + iv[k]!) * inner;
          const dst = (o * count + k) * inner;
          if (inner === 1) ov[dst] = xv[src]!;
          else ov.set(xv.subarray(src, src + inner), dst);
        }
      }
      return out;
    };
    configs.push(
      { kernelName: 'Slice', backendName, kernelFunc: slice },
      { kernelName: 'SplitV', backendName, kernelFunc: splitV },
      { kernelName: 'GatherV2', backendName, kernelFunc: gather },
    );
  }
  for (const config of configs) {
    const existing = tf.getKernel(config.kernelName, backendName);
    if (existing && (existing as { crosstag?: boolean }).crosstag) continue;
    if (existing) tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({ ...config, crosstag: true } as KernelConfig);
  }
}
