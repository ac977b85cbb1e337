import { beforeAll, describe, expect, it } from 'vitest';
import {
  chooseBackend,
  getTf,
  initBackend,
  parseBackendName,
  type BackendName,
  type BackendProbes,
} from '../../../../../src-main/core/ml/index.js';
import { expectNoLeak } from '../../../../support/leaks.js';

type Fake = { installed: string[]; cuda: string | null; failing?: Partial<Record<BackendName, string>> };

function probes({ installed, cuda, failing = {} }: Fake): BackendProbes<string> & { loaded: BackendName[] } {
  const loaded: BackendName[] = [];
  return {
    loaded,
    isInstalled: (pkg) => installed.includes(pkg),
    cudaDevice: () => cuda,
    load: async (name) => {
      loaded.push(name);
      const error = failing[name];
      return error ? { ok: false, error } : { ok: true, tf: `tf-from-${name}` };
    },
  };
}

const ALL = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs'];

describe('chooseBackend', () => {
  it('prefers tfjs-node-gpu when it is installed, a GPU is visible and it loads', async () => {
    const p = probes({ installed: ALL, cuda: '/dev/nvidia0' });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('tfjs-node-gpu');
    expect(choice.tf).toBe('tf-from-tfjs-node-gpu');
    expect(choice.report.tried).toEqual([{ name: 'tfjs-node-gpu', ok: true, reason: 'loaded' }]);
  });

  it('skips a missing tfjs-node-gpu with the install command, then takes tfjs-node', async () => {
    const p = probes({ installed: ALL.slice(1), cuda: '/dev/nvidia0' });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('tfjs-node');
    expect(choice.report.tried[0]!.ok).toBe(false);
    expect(choice.report.tried[0]!.reason).toContain('is not installed: npm install @tensorflow/tfjs-node-gpu');
    expect(choice.report.reason).toContain('tfjs-node-gpu');
  });

  it('does not even load tfjs-node-gpu when no GPU is visible', async () => {
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

  it('falls back to wasm when neither native package is installed (this machine)', async () => {
    const p = probes({ installed: ALL.slice(2), cuda: null });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('wasm');
    expect(choice.report.tried.map((t) => [t.name, t.ok])).toEqual([
      ['tfjs-node-gpu', false],
      ['tfjs-node', false],
      ['wasm', true],
    ]);
  });

  it('falls back to cpu when wasm fails to initialise', async () => {
    const p = probes({ installed: ALL.slice(2), cuda: null, failing: { wasm: 'failed to load wasm binary' } });
    const choice = await chooseBackend(p);
    expect(choice.name).toBe('cpu');
    expect(choice.report.tried[2]).toEqual({ name: 'wasm', ok: false, reason: 'wasm not usable: failed to load wasm binary' });
  });

  it('throws when nothing works, naming every reason', async () => {
    const p = probes({ installed: [], cuda: null });
    await expect(chooseBackend(p)).rejects.toThrow(/no TensorFlow.js backend works here.*cpu: @tensorflow\/tfjs is not installed/);
  });

  it('tries only a forced backend and fails clearly when it is unusable', async () => {
    const ok = probes({ installed: ALL, cuda: '/dev/nvidia0' });
    const forced = await chooseBackend(ok, 'cpu');
    expect(forced.name).toBe('cpu');
    expect(forced.report.reason).toContain('forced');
    expect(ok.loaded).toEqual(['cpu']);
    await expect(chooseBackend(probes({ installed: ALL.slice(2), cuda: null }), 'tfjs-node')).rejects.toThrow(
      /backend tfjs-node was requested but is not usable/,
    );
  });

  it('parses backend names and aliases', () => {
    expect(parseBackendName('gpu')).toBe('tfjs-node-gpu');
    expect(parseBackendName('node')).toBe('tfjs-node');
    expect(parseBackendName(' WASM ')).toBe('wasm');
    expect(() => parseBackendName('metal')).toThrow(/unknown backend "metal"/);
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
    expect(tf.getBackend()).toBe(report.chosen === 'tfjs-node' || report.chosen === 'tfjs-node-gpu' ? 'tensorflow' : report.chosen);
  });

  it('refuses to switch backend once one is in use', async () => {
    const report = await initBackend();
    const other = report.chosen === 'cpu' ? 'wasm' : 'cpu';
    await expect(initBackend({ force: other })).rejects.toThrow(/already in use/);
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
