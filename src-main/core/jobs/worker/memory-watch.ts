// Running out of memory inside WebAssembly does not say so. When the wasm backend's heap cannot
// grow, TensorFlow.js fails with "memory access out of bounds", "offset is out of bounds" or
// "Aborted(). Build with -sASSERTIONS…" (seen with a worker started with a small
// --wasm-max-mem-pages). A worker process therefore watches every WebAssembly.Memory.grow, so
// such a failure can be reported as what it is. (That is the single-threaded build; the threaded
// one cannot recover at all, see core/ml/runtime/heap-exhausted.ts.)

// What the C++ runtime, V8 and Linux say when an allocation fails inside JavaScript.
const OUT_OF_MEMORY = /allocation failed|out of memory|std::bad_alloc|cannot allocate memory/i;

interface GrowWatch {
  failures: number;
  /** The heap's size when a grow last failed. */
  heapBytes: number;
}

// Node's typings leave WebAssembly out (it comes with the DOM library); the part used here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(delta: number): number;
}
const Wasm = (globalThis as unknown as { WebAssembly: { Memory: { prototype: WasmMemory }; RuntimeError: abstract new () => Error } })
  .WebAssembly;

const watch: GrowWatch = { failures: 0, heapBytes: 0 };
let installed = false;

/** Records failed WebAssembly memory growth in this process from now on (idempotent). */
export function watchWasmMemory(): void {
  if (installed) return;
  installed = true;
  const grow = Wasm.Memory.prototype.grow;
  Wasm.Memory.prototype.grow = function watchedGrow(this: WasmMemory, delta: number): number {
    try {
      return grow.call(this, delta);
    } catch (err) {
      // Emscripten first asks for more than it needs and then retries smaller, so one failure
      // alone is not yet out of memory; a trap after one is.
      watch.failures++;
      watch.heapBytes = this.buffer.byteLength;
      throw err;
    }
  };
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

/**
 * A short account of how `err` comes from running out of memory, or null when it does not: an
 * allocation failure by its message, or a WebAssembly trap or range error after the wasm heap
 * failed to grow.
 */
export function outOfMemoryDetail(err: unknown): string | null {
  const message = err instanceof Error ? err.message : String(err);
  if (OUT_OF_MEMORY.test(message)) return message.split('\n')[0]!.slice(0, 300);
  const wasmFault = err instanceof Wasm.RuntimeError || err instanceof RangeError;
  if (wasmFault && watch.failures > 0)
    return `the WebAssembly heap could not grow beyond ${mb(watch.heapBytes)} (${message.split('\n')[0]!.slice(0, 200)})`;
  return null;
}
