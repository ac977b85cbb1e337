// MTMT engine speed on this machine's best TensorFlow.js backend: training tokens/s of the
// recognizer, similarity-evaluator and student steps (batches of 32 sentences bucketed by length),
// and prediction sentences/s, for
//   (a) the reference shape: 100-d words, char CNN with 50 filters, 2-layer transformer d=128,
//       4 heads, ff=256 (its figures are the unprefixed ones, compared with the PyTorch reference);
//   (b) the default `small` encoder (prefixed `small_`).
// Sentences come from CoNLL-2003 en train (source) and CoNLL-2002 es train (target) when
// ../shared/data is present, else from synthetic text with CoNLL-like lengths. The machine is
// shared, so wall-clock figures vary from run to run; the *_cpu_s figures divide by this process's
// CPU time instead (TensorFlow.js on wasm runs on one thread), which other jobs disturb far less.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCorpus } from '../../src-main/core/formats/index.js';
import {
  datasetFromCorpus,
  distillStudent,
  encoderConfig,
  initBackend,
  predict,
  REFERENCE_TRANSFORMER,
  trainTeacher,
  type Dataset,
  type EncoderConfig,
  type StageSummary,
} from '../../src-main/core/ml/index.js';
import type { Bench, BenchContext, Figures } from './lib/harness.js';
import { round, sharedDataDir } from './lib/harness.js';

/** PyTorch reference (docs/DECISIONS.md, "Backends"), tokens/s with 2 threads: OpenBLAS, then Debian's reference BLAS. */
const REFERENCE = {
  recognizer: [10_184, 2_286],
  evaluator: [6_007, 1_582],
  student: [7_847, 1_378],
} as const;

const SENTENCES = Number(process.env['CROSSTAG_BENCH_SENTENCES'] ?? 640);
const PREDICT_SENTENCES = Number(process.env['CROSSTAG_BENCH_PREDICT'] ?? 1000);

function synthetic(count: number, seed: number): Dataset {
  let s = seed;
  const rand = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const out: Dataset = [];
  for (let k = 0; k < count; k++) {
    // CoNLL-2003 sentences average 14.5 tokens with a long tail.
    const n = 2 + rand(12) + rand(12) + (rand(10) === 0 ? rand(30) : 0);
    const tokens: string[] = [];
    const tags: string[] = [];
    for (let t = 0; t < n; t++) {
      const name = rand(6) === 0;
      tokens.push(name ? `Name${rand(500)}` : `word${rand(3000)}`);
      tags.push(name ? (rand(2) === 0 ? 'B-PER' : 'B-LOC') : 'O');
    }
    out.push({ tokens, tags });
  }
  return out;
}

function load(ctx: BenchContext, rel: string, count: number, seed: number): { name: string; data: Dataset } {
  const file = ctx.dataDir === null ? null : join(ctx.dataDir, rel);
  if (file !== null && existsSync(file)) {
    const data = datasetFromCorpus(readCorpus(readFileSync(file), { file }));
    return { name: rel, data: data.slice(0, count) };
  }
  return { name: 'synthetic', data: synthetic(count, seed) };
}

const meanTps = (s: StageSummary | undefined): number =>
  s && s.history.length > 0 ? s.history.reduce((a, h) => a + h.tokensPerSec, 0) / s.history.length : 0;

/** Wall and CPU seconds between the first and last progress report of each stage. */
class StageClock {
  private readonly spans = new Map<string, { wall0: number; cpu0: number; wall: number; cpu: number }>();

  tick(stage: string): void {
    const wall = performance.now() / 1000;
    const c = process.cpuUsage();
    const cpu = (c.user + c.system) / 1e6;
    const span = this.spans.get(stage);
    if (span) {
      span.wall = wall - span.wall0;
      span.cpu = cpu - span.cpu0;
    } else {
      this.spans.set(stage, { wall0: wall, cpu0: cpu, wall: 0, cpu: 0 });
    }
  }

  /** Wall time over CPU time: below 1 when other jobs took the CPU from this process. */
  share(stage: string): number {
    const span = this.spans.get(stage);
    return span && span.cpu > 0 ? span.wall / span.cpu : 1;
  }
}

async function measure(
  ctx: BenchContext,
  label: string,
  encoder: EncoderConfig,
  source: Dataset,
  target: Dataset,
  predictSet: string[][],
): Promise<Record<string, number>> {
  const clock = new StageClock();
  const onProgress = (p: { stage: string }) => clock.tick(p.stage);
  const teacher = await trainTeacher({ train: source, encoder, epochs: 1, evaluatorEpochs: 1, seed: 1, onProgress });
  try {
    const student = await distillStudent({ teacher, target, epochs: 1, seed: 1, onProgress });
    try {
      const stages = student.summary!.stages;
      const find = (name: string) => stages.find((s) => s.stage === name);
      // One untimed pass first, so the timed one measures steady-state inference.
      predict(student, predictSet.slice(0, 64));
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      predict(student, predictSet);
      const wall = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      const figures: Record<string, number> = {
        recognizer_tok_s: meanTps(find('teacher-recognizer')),
        evaluator_tok_s: meanTps(find('teacher-evaluator')),
        student_tok_s: meanTps(find('student')),
        predict_sent_s: predictSet.length / wall,
      };
      // The same figures per second of this process's CPU time: what an idle machine would give.
      figures['recognizer_tok_cpu_s'] = figures['recognizer_tok_s']! * clock.share('teacher-recognizer');
      figures['evaluator_tok_cpu_s'] = figures['evaluator_tok_s']! * clock.share('teacher-evaluator');
      figures['student_tok_cpu_s'] = figures['student_tok_s']! * clock.share('student');
      figures['predict_sent_cpu_s'] = predictSet.length / ((c.user + c.system) / 1e6);
      const r = (k: string) => Math.round(figures[k]!);
      ctx.log(
        `${label}: recognizer ${r('recognizer_tok_s')} tok/s (${r('recognizer_tok_cpu_s')} per CPU-s), evaluator ${r('evaluator_tok_s')} (${r('evaluator_tok_cpu_s')}), ` +
          `student ${r('student_tok_s')} (${r('student_tok_cpu_s')}), predict ${r('predict_sent_s')} sentences/s (${r('predict_sent_cpu_s')})`,
      );
      return figures;
    } finally {
      student.dispose();
    }
  } finally {
    teacher.dispose();
  }
}

export const bench: Bench = {
  description: 'MTMT training tokens/s (recognizer, evaluator, student) and prediction sentences/s, reference shape and default encoder',
  async run(ctx) {
    const report = await initBackend();
    ctx.log(`backend ${report.chosen} (${report.reason})`);
    const source = load(ctx, 'conll2003/en/train.txt', SENTENCES, 1);
    const target = load(ctx, 'conll2002/es/train.txt', SENTENCES, 2);
    const dev = load(ctx, 'conll2003/en/dev.txt', PREDICT_SENTENCES, 3);
    ctx.log(
      `data: ${source.data.length} source sentences (${source.name}), ${target.data.length} target (${target.name}), ${dev.data.length} to predict (${dev.name})`,
    );
    const predictSet = dev.data.map((s) => s.tokens);
    const ref = await measure(
      ctx,
      'reference shape (2-layer transformer d=128)',
      REFERENCE_TRANSFORMER,
      source.data,
      target.data,
      predictSet,
    );
    const small = await measure(ctx, 'default small encoder', encoderConfig('small'), source.data, target.data, predictSet);
    const figures: Figures = { backend: report.chosen };
    for (const [k, v] of Object.entries(ref)) figures[k] = round(v, 1);
    for (const [k, v] of Object.entries(small)) figures[`small_${k}`] = round(v, 1);
    for (const stage of ['recognizer', 'evaluator', 'student'] as const) {
      const [openblas, refblas] = REFERENCE[stage];
      const ours = ref[`${stage}_tok_s`]!;
      figures[`${stage}_vs_pytorch_openblas`] = round(ours / openblas, 3);
      figures[`${stage}_vs_pytorch_refblas`] = round(ours / refblas, 3);
      const cpu = ref[`${stage}_tok_cpu_s`]!;
      figures[`${stage}_cpu_vs_pytorch_openblas`] = round(cpu / openblas, 3);
      ctx.log(
        `  ${stage}: ${Math.round(ours)} tok/s = ${(ours / openblas).toFixed(2)}x PyTorch+OpenBLAS (${openblas}), ${(ours / refblas).toFixed(2)}x PyTorch+reference BLAS (${refblas}); ` +
          `per CPU-second ${Math.round(cpu)} = ${(cpu / openblas).toFixed(2)}x OpenBLAS`,
      );
    }
    return figures;
  },
};

// `npx tsx test/bench/ml.ts` runs this bench alone, as `npm run bench -- --json ml` does.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await bench.run({ log: (line) => console.log(line), dataDir: sharedDataDir() });
  console.log(JSON.stringify(figures));
}
