// What happens when the threaded wasm backend's heap cannot grow. Unlike the single-threaded
// build, whose next memory access traps (an error the caller can catch), the threaded build's
// allocator never returns from its next call: the process would spin at full speed for ever.
// So the moment the final resize fails, the process ends, synchronously: it first lets the
// handler set here record what it must (a job worker marks its run failed, see
// core/jobs/worker/worker.ts), then prints the reason on stderr and exits with code 1.

import { writeSync } from 'node:fs';

export interface HeapExhaustion {
  /** The heap's size when it could grow no further. */
  heapBytes: number;
  /** The size the allocator asked the heap to grow to. */
  requestedBytes: number;
}

export type HeapExhaustedHandler = (e: HeapExhaustion) => void;

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** One line: how far the heap got and what was asked for. */
export function heapExhaustionDetail(e: HeapExhaustion): string {
  return `the WebAssembly heap could not grow beyond ${mb(e.heapBytes)} (to ${mb(e.requestedBytes)}, on the threaded backend)`;
}

let record: HeapExhaustedHandler | null = null;

/** Sets what the process records, synchronously, before it ends on an exhausted threaded heap. */
export function onWasmHeapExhausted(h: HeapExhaustedHandler): void {
  record = h;
}

/** Called by the threaded backend when its heap cannot grow: records, says why, and exits. */
export function wasmHeapExhausted(e: HeapExhaustion): never {
  try {
    record?.(e);
  } catch {
    // The line below still says why the process ended.
  }
  writeSync(2, `crosstag: out of memory: ${heapExhaustionDetail(e)}; try a smaller batch size or model\n`);
  process.exit(1);
}
