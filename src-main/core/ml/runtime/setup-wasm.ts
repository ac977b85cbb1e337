// The wasm backend, on several threads where asked. tfjs-backend-wasm ships a threaded SIMD build
// (XNNPACK's thread pool on Emscripten pthreads) but never uses it in Node: its loader turns the
// pthread worker script into a `blob:` URL, which Node's Worker refuses. So for threads > 1 the
// Emscripten module is built here from the package's own wasm-out/ files: its pthread workers are
// started from a small data: URL module that evaluates the package's worker source, and tfjs's
// BackendWasm is constructed on that module. Nothing under node_modules is modified.
//
// Two details of that build shape the code below. Its C++ caps the pool at half the logical cores
// (it assumes two hyperthreads per core), so the core count it is told is 2 × threads. And it
// starts 8 pthread workers up front although the pool, created once at initialisation, uses
// threads − 1 of them: the idle rest are terminated.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SetupResult } from './backend-table.js';
import { wasmHeapExhausted } from './heap-exhausted.js';
import { registerKernels } from './kernels.js';
import type { Tf } from './tf-types.js';

const requireHere = createRequire(import.meta.url);

/** In a packaged app, files listed in asarUnpack live beside app.asar; worker threads read the real files. */
function unpacked(file: string): string {
  const asar = `${path.sep}app.asar${path.sep}`;
  return file.includes(asar) ? file.replace(asar, `${path.sep}app.asar.unpacked${path.sep}`) : file;
}

function packageDir(): string {
  return unpacked(path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/package.json')));
}

/** Where the single-threaded wasm binaries live, so loading works from src, dist/ and an Electron utility process. */
export function wasmDir(): string {
  return path.join(packageDir(), 'dist') + path.sep;
}

interface SharedMemory {
  readonly buffer: { readonly byteLength: number };
}

/**
 * In the threaded build a heap that cannot grow is not survivable: once Emscripten's resize has
 * failed (after its own smaller retries), the next malloc on the main thread spins forever, and
 * so would the training process. The main thread's resize import is wrapped so that a final
 * failure goes straight to the heap-exhausted handler, which ends the process with a reason.
 */
function watchHeapGrowth(env: Record<string, unknown>): void {
  const resize = env['emscripten_resize_heap'] as ((requested: number) => boolean) | undefined;
  const memory = env['memory'] as SharedMemory | undefined;
  if (typeof resize !== 'function' || memory === undefined) return;
  env['emscripten_resize_heap'] = (requested: number): boolean => {
    if (resize(requested)) return true;
    return wasmHeapExhausted({ heapBytes: memory.buffer.byteLength, requestedBytes: requested >>> 0 });
  };
}

interface EmscriptenWorker {
  unref(): void;
  terminate(): Promise<number> | void;
}

interface ThreadedModule {
  cwrap(name: string, ret: string | null, args: string[]): (...args: number[]) => number;
  PThread: { runningWorkers: EmscriptenWorker[]; unusedWorkers: EmscriptenWorker[] };
  tfjs?: Record<string, (...args: number[]) => number>;
}

interface WasmPackage {
  setWasmPaths(prefix: string): void;
  setThreadsCount(n: number): void;
  BackendWasm: new (module: ThreadedModule) => object;
}

type Factory = (config: Record<string, unknown>) => Promise<ThreadedModule>;

// The core's type library has no WebAssembly namespace (no DOM); this is the one call made here.
const webAssembly = (globalThis as unknown as { WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<Instantiated> } })
  .WebAssembly;
interface Instantiated {
  instance: object;
  module: object;
}

/** A worker module that runs the package's pthread worker source (exported there as a string). */
function pthreadWorkerUrl(workerFile: string): URL {
  // The source sits in a template literal, so its "\n" escapes arrive as real line breaks inside
  // string literals; the minified source has no other line breaks, so they are escaped back.
  const code = [
    `import { createRequire } from 'node:module';`,
    `const file = ${JSON.stringify(workerFile)};`,
    `const require = createRequire(file);`,
    `const source = require(file).wasmWorkerContents.replace(/\\n/g, '\\\\n');`,
    `new Function('require', '__filename', source)(require, file);`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

// Starting the workers takes well under a second; a build that never comes up must not hang training.
const START_TIMEOUT_MS = 30_000;

async function threadedModule(threads: number): Promise<ThreadedModule> {
  const dir = path.join(packageDir(), 'wasm-out');
  const script = path.join(dir, 'tfjs-backend-wasm-threaded-simd.js');
  const factory = requireHere(script) as Factory;
  const workerUrl = pthreadWorkerUrl(path.join(dir, 'tfjs-backend-wasm-threaded-simd.worker.js'));
  const listeners = { uncaught: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
  let fail: (err: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {}); // raced below; a late failure has no one left to tell
  let started = false;
  const timer = setTimeout(() => fail(new Error(`its workers did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
  // Emscripten builds the module on this object, so its workers can be stopped if start-up fails.
  const config: Record<string, unknown> = {
    mainScriptUrlOrBlob: script,
    locateFile: (file: string) => (file.endsWith('.worker.js') ? workerUrl : path.join(dir, file)),
    printErr: (text: string) => (started ? process.stderr.write(`${text}\n`) : fail(new Error(text))),
    instantiateWasm(imports: { env: Record<string, unknown> }, receive: (instance: object, module: object) => void) {
      imports.env['emscripten_num_logical_cores'] = () => 2 * threads;
      watchHeapGrowth(imports.env);
      const bytes = readFileSync(path.join(dir, 'tfjs-backend-wasm-threaded-simd.wasm'));
      webAssembly.instantiate(bytes, imports).then((r) => receive(r.instance, r.module), fail);
      return {};
    },
  };
  try {
    const module = await Promise.race([factory(config), failed]);
    started = true;
    return module;
  } catch (err) {
    (config as { PThread?: { terminateAllThreads(): void } }).PThread?.terminateAllThreads();
    throw err;
  } finally {
    clearTimeout(timer);
    // Emscripten's Node glue makes every uncaught error and rejection rethrow from its own
    // listeners; the process keeps Node's (and the host's) handling instead.
    for (const l of process.listeners('uncaughtException')) if (!listeners.uncaught.includes(l)) process.off('uncaughtException', l);
    for (const l of process.listeners('unhandledRejection')) if (!listeners.rejection.includes(l)) process.off('unhandledRejection', l);
  }
}

function bindTfjs(module: ThreadedModule): void {
  // The same C entry points tfjs's own loader binds.
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
}

/** Idle pool threads must not keep a finished process alive; unused workers are let go. */
function settleWorkers(module: ThreadedModule): void {
  for (const w of module.PThread.runningWorkers) w.unref();
  for (const w of module.PThread.unusedWorkers) void w.terminate();
  module.PThread.unusedWorkers.length = 0;
}

async function activate(tf: Tf): Promise<void> {
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  await tf.ready();
}

/** Makes wasm the active backend, on `threads` threads when more than one is asked for and the threaded build starts. */
export async function setupWasm(threads: number): Promise<SetupResult> {
  const tf = (await import('@tensorflow/tfjs')) as Tf;
  const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as unknown as WasmPackage;
  wasm.setWasmPaths(wasmDir());
  registerKernels(tf, 'wasm');
  if (threads <= 1) {
    await activate(tf);
    return { tf, threads: 1 };
  }
  const stock = tf.findBackendFactory('wasm');
  let module: ThreadedModule;
  try {
    module = await threadedModule(threads);
  } catch (err) {
    await activate(tf);
    const why = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
    return { tf, threads: 1, note: `the threaded build did not start (${why}), so it runs on 1 thread` };
  }
  bindTfjs(module);
  wasm.setThreadsCount(threads);
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', () => new wasm.BackendWasm(module) as never, 2);
  try {
    await activate(tf);
  } catch (err) {
    tf.removeBackend('wasm');
    if (stock) tf.registerBackend('wasm', stock, 2);
    throw err;
  }
  settleWorkers(module);
  const used = (module.tfjs!['getThreadsCount']!() as number) || 1;
  return { tf, threads: used };
}
