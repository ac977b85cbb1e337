// One backend's figures for `npm run bench -- ml`, measured in a process of its own (a process has
// one TensorFlow.js backend): the peak of a matMul microbench, and per encoder the training
// tokens/s of the recognizer, similarity-evaluator and student steps, the GFLOP/s their matrix
// products achieve, and prediction sentences/s.
//
// Matrix-product FLOPs are counted exactly, by wrapping the backend's BatchMatMul and
// _FusedMatMul kernels (2·M·N·K per product); achieved GFLOP/s divides them by the wall time
// between a stage's first and last progress report, so the first step (which compiles the GPU
// shaders) is left out. Tokens/s are the engine's own epoch figures, first step included. On
// backends whose kernels run synchronously (wasm, cpu) each kernel is also timed, which shows how
// much of a step more threads can speed up at all: the matrix products, against the small
// elementwise kernels and the time outside any kernel.

import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import {
  distillStudent,
  getTf,
  initBackend,
  predict,
  trainTeacher,
  type Dataset,
  type EncoderConfig,
  type StageSummary,
} from '../../../src-main/core/ml/index.js';

export type Stage = 'recognizer' | 'evaluator' | 'student';
export const STAGES: readonly Stage[] = ['recognizer', 'evaluator', 'student'];
const ENGINE_STAGE: Record<Stage, string> = { recognizer: 'teacher-recognizer', evaluator: 'teacher-evaluator', student: 'student' };

export interface KernelProfile {
  matmul: number;
  other_kernels: number;
  outside_kernels: number;
  top: Record<string, number>;
}

export interface StageFigures {
  tok_s: number;
  /** Where the steps' time went (synchronous backends only). */
  profile: KernelProfile | null;
  /** Matrix-product GFLOP/s between the stage's first and last step; null when it had one step. */
  gflop_s: number | null;
  /** Matrix-product FLOPs per token, forward and backward. */
  mflop_per_token: number | null;
}

export interface EncoderFigures {
  stages: Record<Stage, StageFigures>;
  predict_sent_s: number;
}

export interface BackendFigures {
  backend: string;
  reason: string;
  threads: number | null;
  adapter: string | null;
  software_adapter: boolean;
  sentences: number;
  peak_gflop_s: number;
  peak_size: number;
  load: { before: number; after: number };
  encoders: Record<string, EncoderFigures>;
}

export interface ChildRequest {
  dataFile: string;
  /** Sentences per stage; fewer for backends that are far slower (cpu, a software GPU). */
  sentences: number;
  slowSentences: number;
  encoders: Record<string, EncoderConfig>;
  /** Sentences per batch (default: the engine's, 32). */
  batchSize?: number;
  /** Train on every `count`-th sentence from `index` only (one of several concurrent replicas). */
  shard?: { index: number; count: number };
}

export interface BenchData {
  source: Dataset;
  target: Dataset;
  predict: string[][];
}

let flops = 0;
/** Milliseconds inside each kernel, on backends whose kernels finish before they return (not webgpu). */
const kernelMs = new Map<string, number>();

function matMulFlops(args: Parameters<KernelFunc>[0]): number {
  const a = args.inputs['a'] as TensorInfo;
  const b = args.inputs['b'] as TensorInfo;
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const batch = Math.max(
    a.shape.slice(0, -2).reduce((x, y) => x * y, 1),
    b.shape.slice(0, -2).reduce((x, y) => x * y, 1),
  );
  return 2 * m * n * k * batch;
}

/**
 * Wraps every kernel of the active backend: matrix products add their 2·M·N·K FLOPs, and on a
 * synchronous backend each kernel's time is summed by name (what threads can speed up at all).
 */
function instrumentKernels(timed: boolean): void {
  const tf = getTf();
  const backend = tf.getBackend();
  for (const config of tf.getKernelsForBackend(backend)) {
    const original = config.kernelFunc;
    const isMatMul = config.kernelName === 'BatchMatMul' || config.kernelName === '_FusedMatMul';
    const wrapped: KernelFunc = (args) => {
      if (isMatMul) flops += matMulFlops(args);
      if (!timed) return original(args);
      const t0 = performance.now();
      try {
        return original(args);
      } finally {
        kernelMs.set(config.kernelName, (kernelMs.get(config.kernelName) ?? 0) + performance.now() - t0);
      }
    };
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({ ...config, kernelFunc: wrapped } as KernelConfig);
  }
}

/** The best GFLOP/s of square products (the result read back each time, so the work is done). */
async function matMulPeak(): Promise<{ gflop_s: number; size: number }> {
  const tf = getTf();
  let best = { gflop_s: 0, size: 0 };
  for (const n of [256, 512, 1024]) {
    const a = tf.randomNormal([n, n]);
    const b = tf.randomNormal([n, n]);
    const once = async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    };
    await once();
    const reps = n >= 1024 ? 3 : 8;
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) await once();
    const seconds = (performance.now() - t0) / 1000 / reps;
    const gflop_s = (2 * n ** 3) / seconds / 1e9;
    if (gflop_s > best.gflop_s) best = { gflop_s, size: n };
    tf.dispose([a, b]);
  }
  return best;
}

interface Span {
  t0: number;
  f0: number;
  k0: Map<string, number>;
  t: number;
  f: number;
  k: Map<string, number>;
}

/** FLOPs, wall time and kernel times between each stage's first and last progress report. */
class StageMeter {
  private readonly spans = new Map<string, Span>();

  tick(stage: string): void {
    const now = performance.now() / 1000;
    const span = this.spans.get(stage);
    if (span) {
      span.t = now - span.t0;
      span.f = flops - span.f0;
      span.k = new Map(kernelMs);
    } else this.spans.set(stage, { t0: now, f0: flops, k0: new Map(kernelMs), t: 0, f: 0, k: new Map(kernelMs) });
  }

  gflopS(stage: string): number | null {
    const s = this.spans.get(stage);
    return s && s.t > 0 ? s.f / s.t / 1e9 : null;
  }

  /** Shares of the stage's wall time: matrix products, every other kernel, and outside any kernel; the top kernels. */
  profile(stage: string): KernelProfile | null {
    const s = this.spans.get(stage);
    if (!s || s.t <= 0 || kernelMs.size === 0) return null;
    const wall = s.t * 1000;
    const spent = [...s.k].map(([name, ms]) => [name, ms - (s.k0.get(name) ?? 0)] as const).filter(([, ms]) => ms > 0);
    const inside = spent.reduce((a, [, ms]) => a + ms, 0);
    const matmul = spent.filter(([n]) => n === 'BatchMatMul' || n === '_FusedMatMul').reduce((a, [, ms]) => a + ms, 0);
    const top = spent.sort((a, b) => b[1] - a[1]).slice(0, 5);
    return {
      matmul: matmul / wall,
      other_kernels: (inside - matmul) / wall,
      outside_kernels: Math.max(0, 1 - inside / wall),
      top: Object.fromEntries(top.map(([n, ms]) => [n, ms / wall])),
    };
  }
}

const meanTps = (s: StageSummary | undefined): number =>
  s && s.history.length > 0 ? s.history.reduce((a, h) => a + h.tokensPerSec, 0) / s.history.length : 0;

const shardOf = <T>(xs: readonly T[], shard: ChildRequest['shard']): T[] =>
  shard === undefined ? [...xs] : xs.filter((_, k) => k % shard.count === shard.index);

async function measureEncoder(encoder: EncoderConfig, data: BenchData, sentences: number, req: ChildRequest): Promise<EncoderFigures> {
  const meter = new StageMeter();
  const stageFlops = new Map<string, number>();
  let last = '';
  const onProgress = (p: { stage: string }) => {
    if (p.stage !== last) stageFlops.set(p.stage, flops);
    last = p.stage;
    meter.tick(p.stage);
  };
  const source = shardOf(data.source.slice(0, sentences), req.shard);
  const target = shardOf(data.target.slice(0, sentences), req.shard);
  const batchSize = req.batchSize;
  const start = flops;
  const teacher = await trainTeacher({ train: source, encoder, epochs: 1, evaluatorEpochs: 1, seed: 1, batchSize, onProgress });
  const afterTeacher = flops;
  try {
    const student = await distillStudent({ teacher, target, epochs: 1, seed: 1, batchSize, onProgress });
    const afterStudent = flops;
    try {
      const summaries = student.summary!.stages;
      const tokens = (d: Dataset) => d.reduce((n, s) => n + s.tokens.length, 0);
      // FLOPs of each whole stage over its tokens: the first step counts too.
      const spent: Record<Stage, number> = {
        recognizer: (stageFlops.get('teacher-evaluator') ?? afterTeacher) - start,
        evaluator: afterTeacher - (stageFlops.get('teacher-evaluator') ?? afterTeacher),
        student: afterStudent - afterTeacher,
      };
      const stages = {} as Record<Stage, StageFigures>;
      for (const stage of STAGES) {
        const count = tokens(stage === 'student' ? target : source);
        stages[stage] = {
          tok_s: meanTps(summaries.find((s) => s.stage === ENGINE_STAGE[stage])),
          gflop_s: meter.gflopS(ENGINE_STAGE[stage]),
          profile: meter.profile(ENGINE_STAGE[stage]),
          mflop_per_token: count > 0 ? spent[stage] / count / 1e6 : null,
        };
      }
      const predictSet = data.predict.slice(0, Math.max(64, sentences));
      await predict(student, predictSet.slice(0, 32));
      const t0 = performance.now();
      await predict(student, predictSet);
      return { stages, predict_sent_s: predictSet.length / ((performance.now() - t0) / 1000) };
    } finally {
      student.dispose();
    }
  } finally {
    teacher.dispose();
  }
}

/** Initialises the backend the environment asks for (CROSSTAG_BACKEND, CROSSTAG_THREADS) and measures it. */
export async function measureBackend(req: ChildRequest, data: BenchData): Promise<BackendFigures> {
  const before = loadavg()[0]!;
  const report = await initBackend();
  const slow = report.chosen === 'cpu' || report.adapter?.software === true;
  const sentences = slow ? req.slowSentences : req.sentences;
  const peak = await matMulPeak();
  instrumentKernels(report.chosen !== 'webgpu');
  const encoders: Record<string, EncoderFigures> = {};
  for (const [name, config] of Object.entries(req.encoders)) encoders[name] = await measureEncoder(config, data, sentences, req);
  return {
    backend: report.chosen,
    reason: report.reason,
    threads: report.threads ?? null,
    adapter: report.chosen === 'webgpu' && report.adapter ? report.adapter.description : null,
    software_adapter: report.chosen === 'webgpu' && report.adapter?.software === true,
    sentences,
    peak_gflop_s: peak.gflop_s,
    peak_size: peak.size,
    load: { before, after: loadavg()[0]! },
    encoders,
  };
}
