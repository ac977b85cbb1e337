// What happens when the threaded wasm backend's heap cannot grow. Unlike the single-threaded
// build, whose next memory access traps (an error the caller can catch), the threaded build's
// allocator never returns from its next call: the process would spin at full speed for ever.
// So the moment the final resize fails, the process ends, synchronously, through the handler set
// here: a job worker records the run as failed first (see core/jobs/worker/worker.ts); anything
// else prints the reason on stderr and exits with code 1.

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

const printAndExit: HeapExhaustedHandler = (e) => {
  writeSync(2, `crosstag: out of memory: ${heapExhaustionDetail(e)}; try a smaller batch size or model\n`);
  process.exit(1);
};

let handler: HeapExhaustedHandler = printAndExit;

/** Sets what the process does when the threaded heap is exhausted; the handler must not return. */
export function onWasmHeapExhausted(h: HeapExhaustedHandler): void {
  handler = h;
}

/** Called by the threaded backend when its heap cannot grow. Never returns. */
export function wasmHeapExhausted(e: HeapExhaustion): never {
  handler(e);
  // A handler that returns would leave the allocator to spin.
  printAndExit(e);
  throw new Error('unreachable');
}
