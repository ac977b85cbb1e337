import { beforeAll, describe, expect, it } from 'vitest';
import type { GpuAdapterInfo } from '../../../../../src-main/contract/entities.js';
import {
  BACKENDS,
  chooseBackend,
  getTf,
  initBackend,
  parseBackendName,
  parseThreads,
  type BackendName,
  type BackendProbes,
  type GpuProbe,
} from '../../../../../src-main/core/ml/index.js';
import { describeAdapter } from '../../../../../src-main/core/ml/runtime/gpu-probe.js';
import { expectNoLeak } from '../../../../support/leaks.js';

type Fake = {
  installed: string[];
  cuda: string | null;
  gpu?: GpuProbe;
  failing?: Partial<Record<BackendName, string>>;
};

function probes({ installed, cuda, gpu = { ok: true, adapter: null }, failing = {} }: Fake): BackendProbes<string> & {
  loaded: BackendName[];
  threads: number[];
} {
  const loaded: BackendName[] = [];
  const threads: number[] = [];
  return {
    loaded,
    threads,
    isInstalled: (pkg) => installed.includes(pkg),
    cudaDevice: () => cuda,
    gpuAdapter: async () => gpu,
    load: async (name, ctx) => {
      loaded.push(name);
      threads.push(ctx.threads);
      const error = failing[name];
      return error ? { ok: false, error } : { ok: true, tf: `tf-from-${name}` };
    },
  };
}

const ALL = BACKENDS.flatMap((b) => b.packages);
const without = (...names: BackendName[]) => BACKENDS.filter((b) => !names.includes(b.name)).flatMap((b) => b.packages);

const RTX: GpuAdapterInfo = { vendor: 'nvidia', architecture: 'ada', description: 'NVIDIA GeForce RTX 4070', software: false };
const LLVMPIPE: GpuAdapterInfo = { vendor: 'mesa', architecture: 'software', description: 'llvmpipe (LLVM 15.0.6)', software: true };

describe('the backend table', () => {
  it('tries CUDA, then a WebGPU adapter, then native CPU, then wasm, then plain JavaScript', () => {
    expect(BACKENDS.map((b) => b.name)).toEqual(['tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu']);
    expect(BACKENDS.find((b) => b.name === 'webgpu')!.packages).toEqual(['webgpu', '@tensorflow/tfjs-backend-webgpu']);
    expect(BACKENDS.filter((b) => b.threaded).map((b) => b.name)).toEqual(['wasm']);
  });

  it('parses backend names and aliases, and thread counts', () => {
    expect(parseBackendName('gpu')).toBe('tfjs-node-gpu');
    expect(parseBackendName('node')).toBe('tfjs-node');
    expect(parseBackendName(' WASM ')).toBe('wasm');
    expect(parseBackendName('WebGPU')).toBe('webgpu');
    expect(parseBackendName('dawn')).toBe('webgpu');
    expect(() => parseBackendName('metal')).toThrow(/unknown backend "metal": expected one of tfjs-node-gpu, webgpu, tfjs-node, wasm, cpu/);
    expect(parseThreads('4')).toBe(4);
    expect(() => parseThreads('0', '--threads')).toThrow(/--threads must be a whole number from 1 to 64, not "0"/);
    expect(() => parseThreads('two')).toThrow(/not "two"/);
  });
});

describe('describeAdapter', () => {
  it('tells software renderers from GPUs', () => {
    const info = (vendor: string, architecture: string, description: string, isFallbackAdapter = false) =>
      describeAdapter({ vendor, architecture, device: '', description, isFallbackAdapter });
    expect(info('mesa', 'software', 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)')).toEqual({
      vendor: 'mesa',
      architecture: 'software',
      description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)',
      software: true,
    });
    expect(info('google', 'swiftshader', 'SwiftShader Device (Subzero)').software).toBe(true);
    expect(info('microsoft', '', 'Microsoft Basic Render Driver').software).toBe(true);
    expect(info('', '', 'Some adapter', true).software).toBe(true);
    expect(info('nvidia', 'ada', 'NVIDIA GeForce RTX 4070').software).toBe(false);
    expect(info('apple', 'metal-3', 'Apple M2').software).toBe(false);
    expect(info('amd', 'rdna-3', 'AMD Radeon RX 7800 XT (RADV NAVI32)').software).toBe(false);
    expect(
      describeAdapter({ vendor: 'intel', architecture: 'gen-12lp', device: 'Intel(R) UHD Graphics 770', description: '' }).description,
    ).toBe('Intel(R) UHD Graphics 770');
  });
});

describe('chooseBackend', () => {
  it('prefers tfjs-node-gpu when it is installed, a GPU is visible and it loads', async () => {
    const p = probes({ installed: ALL, cuda: '/dev/nvidia0', gpu: { ok: true, adapter: RTX } });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('tfjs-node-gpu');
    expect(choice.tf).toBe('tf-from-tfjs-node-gpu');
    expect(choice.report.tried).toEqual([{ name: 'tfjs-node-gpu', ok: true, reason: 'loaded' }]);
  });

  it('takes webgpu on a hardware adapter when CUDA is not there, and names the adapter', async () => {
    const p = probes({ installed: without('tfjs-node-gpu'), cuda: null, gpu: { ok: true, adapter: RTX } });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('webgpu');
    expect(p.loaded).toEqual(['webgpu']);
    expect(choice.report.adapter).toEqual(RTX);
    expect(choice.report.reason).toBe('webgpu on NVIDIA GeForce RTX 4070 (nvidia, ada) is the first working backend after tfjs-node-gpu');
    expect(choice.report.tried[0]!.reason).toContain('is not installed: npm install @tensorflow/tfjs-node-gpu');
    expect(choice.report.threads).toBeUndefined();
  });

  it('passes over a software adapter, saying how to force it, and falls back to the CPU backends', async () => {
    const p = probes({ installed: without('tfjs-node-gpu', 'tfjs-node'), cuda: null, gpu: { ok: true, adapter: LLVMPIPE } });
    const choice = await chooseBackend(p, { threads: 2 });
    expect(choice.name).toBe('wasm');
    expect(p.loaded).toEqual(['wasm']);
    expect(p.threads).toEqual([2]);
    expect(choice.report.tried[1]).toEqual({
      name: 'webgpu',
      ok: false,
      reason:
        'only a software adapter, llvmpipe (LLVM 15.0.6) (mesa, software), which is slower than the CPU backends; CROSSTAG_BACKEND=webgpu (or --backend webgpu) uses it anyway',
    });
    expect(choice.report.adapter).toEqual(LLVMPIPE);
    expect(choice.report.threads).toBe(2);
    expect(choice.report.reason).toBe('wasm on 2 threads is the first working backend after tfjs-node-gpu, webgpu, tfjs-node');
  });

  it('uses a software adapter when webgpu is forced', async () => {
    const p = probes({ installed: ALL, cuda: '/dev/nvidia0', gpu: { ok: true, adapter: LLVMPIPE } });
    const choice = await chooseBackend(p, { force: 'webgpu' });
    expect(choice.name).toBe('webgpu');
    expect(p.loaded).toEqual(['webgpu']);
    expect(choice.report.reason).toBe('forced by request (webgpu on llvmpipe (LLVM 15.0.6) (mesa, software))');
  });

  it('says so when Dawn finds no adapter at all', async () => {
    const p = probes({ installed: without('tfjs-node-gpu'), cuda: null, gpu: { ok: true, adapter: null } });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('tfjs-node');
    expect(choice.report.tried[1]).toEqual({
      name: 'webgpu',
      ok: false,
      reason: 'no WebGPU adapter: Dawn found no GPU driver (Vulkan, Metal or Direct3D 12) to run on',
    });
    expect(choice.report.adapter).toBeNull();
    await expect(chooseBackend(p, { force: 'webgpu' })).rejects.toThrow(
      /backend webgpu was requested but is not usable \(webgpu: no WebGPU adapter/,
    );
  });

  it('reports Dawn failing to load and goes on', async () => {
    const gpu: GpuProbe = { ok: false, error: 'libvulkan.so.1: cannot open shared object file' };
    const p = probes({ installed: without('tfjs-node-gpu', 'tfjs-node'), cuda: null, gpu });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('wasm');
    expect(choice.report.tried[1]!.reason).toBe('Dawn did not load: libvulkan.so.1: cannot open shared object file');
  });

  it('reports a webgpu backend that fails after the adapter was found', async () => {
    const p = probes({
      installed: without('tfjs-node-gpu'),
      cuda: null,
      gpu: { ok: true, adapter: RTX },
      failing: { webgpu: 'the webgpu backend did not initialise' },
    });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('tfjs-node');
    expect(choice.report.tried[1]!.reason).toBe('WebGPU not usable: the webgpu backend did not initialise');
    expect(choice.report.adapter).toEqual(RTX);
  });

  it('does not probe for a GPU when its packages are missing', async () => {
    const p = probes({ installed: without('webgpu'), cuda: null, gpu: { ok: false, error: 'must not be asked' } });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('tfjs-node');
    expect(choice.report.tried[1]!.reason).toMatch(/^webgpu is not installed: npm install webgpu @tensorflow\/tfjs-backend-webgpu/);
  });

  it('does not even load tfjs-node-gpu when no CUDA device is visible', async () => {
    const p = probes({ installed: ALL, cuda: null });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('tfjs-node');
    expect(p.loaded).toEqual(['tfjs-node']);
    expect(choice.report.tried[0]!.reason).toMatch(/^CUDA not usable: no NVIDIA GPU/);
  });

  it('reports a CUDA load error and falls back', async () => {
    const p = probes({
      installed: ALL,
      cuda: '/dev/nvidia0',
      failing: { 'tfjs-node-gpu': 'libcudart.so.11.0: cannot open shared object file' },
    });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('tfjs-node');
    expect(choice.report.tried[0]).toEqual({
      name: 'tfjs-node-gpu',
      ok: false,
      reason: 'CUDA not usable: libcudart.so.11.0: cannot open shared object file',
    });
  });

  it('falls back to cpu when wasm fails to initialise', async () => {
    const p = probes({ installed: without('tfjs-node-gpu', 'tfjs-node'), cuda: null, failing: { wasm: 'failed to load wasm binary' } });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('cpu');
    expect(choice.report.tried[3]).toEqual({ name: 'wasm', ok: false, reason: 'wasm not usable: failed to load wasm binary' });
  });

  it('throws when nothing works, naming every reason', async () => {
    const p = probes({ installed: [], cuda: null });
    await expect(chooseBackend(p)).rejects.toThrow(/no TensorFlow.js backend works here.*cpu: @tensorflow\/tfjs is not installed/);
  });

  it('tries only a forced backend and fails clearly when it is unusable', async () => {
    const ok = probes({ installed: ALL, cuda: '/dev/nvidia0' });
    const forced = await chooseBackend(ok, { force: 'cpu' });
    expect(forced.name).toBe('cpu');
    expect(forced.report.reason).toContain('forced');
    expect(ok.loaded).toEqual(['cpu']);
    await expect(chooseBackend(probes({ installed: without('tfjs-node'), cuda: null }), { force: 'tfjs-node' })).rejects.toThrow(
      /backend tfjs-node was requested but is not usable/,
    );
  });
});

describe('initBackend on this machine', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('picks a working backend and reports it', async () => {
    const report = await initBackend();
    const tf = getTf();
    expect(report.tried.at(-1)!.ok).toBe(true);
    expect(tf.getBackend()).toBe(BACKENDS.find((b) => b.name === report.chosen)!.tfName);
  });

  it('refuses to switch backend once one is in use', async () => {
    const report = await initBackend();
    const other = report.chosen === 'cpu' ? 'wasm' : 'cpu';
    await expect(initBackend({ force: other })).rejects.toThrow(/already in use/);
    if (report.threads !== undefined) {
      await expect(initBackend({ threads: report.threads + 1 })).rejects.toThrow(/already runs on \d+ threads in this process/);
      expect(await initBackend({ threads: report.threads })).toBe(report);
    }
  });

  it('gather, slice, split and the gather gradient give the reference values without leaking', async () => {
    const tf = getTf();
    await expectNoLeak(async () => {
      tf.tidy(() => {
        const x = tf.tensor2d([
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
          [10, 11, 12],
        ]);
        const idx = tf.tensor1d([3, 0, 3], 'int32');
        expect(tf.gather(x, idx).arraySync()).toEqual([
          [10, 11, 12],
          [1, 2, 3],
          [10, 11, 12],
        ]);
        expect(tf.gather(x, tf.tensor1d([2, 0], 'int32'), 1).arraySync()).toEqual([
          [3, 1],
          [6, 4],
          [9, 7],
          [12, 10],
        ]);
        expect(tf.slice(x, [1, 1], [2, 2]).arraySync()).toEqual([
          [5, 6],
          [8, 9],
        ]);
        expect(tf.split(x, [1, 3], 0).map((t) => t.shape)).toEqual([
          [1, 3],
          [3, 3],
        ]);
        expect(tf.split(x, 3, 1)[2]!.arraySync()).toEqual([[3], [6], [9], [12]]);
        const g = tf.grad((e) =>
          tf.sum(
            tf.mul(
              tf.gather(e, idx),
              tf.tensor2d([
                [1, 1, 1],
                [2, 2, 2],
                [3, 3, 3],
              ]),
            ),
          ),
        )(x);
        // Row 3 is gathered twice (weights 1 and 3), row 0 once (weight 2).
        expect(g.arraySync()).toEqual([
          [2, 2, 2],
          [0, 0, 0],
          [0, 0, 0],
          [4, 4, 4],
        ]);
      });
    });
  });
});
