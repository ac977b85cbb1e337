// A worker that runs out of WebAssembly memory is reported as out of memory: TensorFlow.js's wasm
// backend only says "memory access out of bounds", "offset is out of bounds" or "Aborted()".
// (test/unit/reliability/training-faults.test.ts runs a real worker under a wasm heap limit.)

import { describe, expect, it } from 'vitest';
import { outOfMemoryDetail, watchWasmMemory } from '../../../../../src-main/core/jobs/worker/memory-watch.js';

// Node's typings leave WebAssembly out; the part used here.
const Wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (d: { initial: number; maximum: number }) => { grow(n: number): number; buffer: ArrayBuffer };
      RuntimeError: new (m: string) => Error;
    };
  }
).WebAssembly;

describe('outOfMemoryDetail', () => {
  it('names allocation failures by their message, and wasm traps only after the wasm heap failed to grow', () => {
    expect(outOfMemoryDetail(new RangeError('Array buffer allocation failed'))).toBe('Array buffer allocation failed');
    expect(outOfMemoryDetail(new Error('std::bad_alloc'))).toBe('std::bad_alloc');
    expect(outOfMemoryDetail(new Error('something else broke'))).toBeNull();

    watchWasmMemory();
    watchWasmMemory();
    const trap = new Wasm.RuntimeError('memory access out of bounds');
    const memory = new Wasm.Memory({ initial: 16, maximum: 20 });
    expect(memory.grow(2)).toBe(16);
    // Growth that succeeds is no sign of trouble.
    expect(outOfMemoryDetail(trap)).toBeNull();
    expect(outOfMemoryDetail(new RangeError('offset is out of bounds'))).toBeNull();

    expect(() => memory.grow(8)).toThrow(RangeError);
    expect(outOfMemoryDetail(trap)).toBe('the WebAssembly heap could not grow beyond 1 MB (memory access out of bounds)');
    expect(outOfMemoryDetail(new RangeError('offset is out of bounds'))).toBe(
      'the WebAssembly heap could not grow beyond 1 MB (offset is out of bounds)',
    );
    // Errors of other kinds are still not memory.
    expect(outOfMemoryDetail(new TypeError('x is undefined'))).toBeNull();
  });
});
