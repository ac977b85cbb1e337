// The wasm backend on two threads in Node: tfjs-backend-wasm's threaded build started from its
// package files (setup-wasm.ts), with XNNPACK's pool really holding two threads, products equal
// to a plain JavaScript reference, training without leaks, and idle pool threads that do not keep
// the process alive.

import { beforeAll, describe, expect, it } from 'vitest';
import { getTf, initBackend, trainTeacher } from '../../../../../src-main/core/ml/index.js';
import { Rng } from '../../../../../src-main/core/ml/runtime/rng.js';
import { expectNoLeak } from '../../../../support/leaks.js';
import { TINY, tinyCorpus } from '../../../../support/ml.js';

interface ThreadedWasm {
  wasm: { tfjs: { getThreadsCount(): number }; PThread: { runningWorkers: unknown[]; unusedWorkers: unknown[] } };
}

beforeAll(async () => {
  const report = await initBackend({ force: 'wasm', threads: 2 });
  expect(report.reason).toBe('forced by request (wasm on 2 threads)');
  expect(report.threads).toBe(2);
});

describe('wasm on two threads', () => {
  it('runs XNNPACK on a pool of two threads, one of them a pthread worker', () => {
    const backend = getTf().backend() as unknown as ThreadedWasm;
    expect(backend.wasm.tfjs.getThreadsCount()).toBe(2);
    expect(backend.wasm.PThread.runningWorkers).toHaveLength(1);
    // The seven workers Emscripten starts up front and the pool never uses are let go.
    expect(backend.wasm.PThread.unusedWorkers).toHaveLength(0);
  });

  it('multiplies large matrices as a plain loop does', async () => {
    const tf = getTf();
    const rng = new Rng(3);
    const [m, k, n] = [97, 300, 131];
    const a = Float32Array.from({ length: m * k }, () => rng.normal());
    const b = Float32Array.from({ length: k * n }, () => rng.normal());
    await expectNoLeak(async () => {
      const c = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])));
      const got = (await c.data()) as Float32Array;
      tf.dispose(c);
      let worst = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let want = 0;
          for (let p = 0; p < k; p++) want += a[i * k + p]! * b[p * n + j]!;
          worst = Math.max(worst, Math.abs(got[i * n + j]! - want));
        }
      }
      expect(worst).toBeLessThan(1e-3);
    });
  });

  it('trains a teacher with falling loss and no leaks', async () => {
    const losses: number[] = [];
    await expectNoLeak(async () => {
      const model = await trainTeacher({
        train: tinyCorpus(24),
        encoder: TINY,
        epochs: 16,
        evaluatorEpochs: 1,
        batchSize: 8,
        lr: 0.02,
        warmupSteps: 2,
        onProgress: (p) => {
          if (p.stage === 'teacher-recognizer' && p.step === p.steps) losses.push(p.loss);
        },
      });
      model.dispose();
    });
    expect(losses).toHaveLength(16);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 2);
  });
});
