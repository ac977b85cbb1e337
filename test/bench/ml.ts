// MTMT engine speed on every backend that works on this machine, against a PyTorch CPU reference
// measured in the same run (`npm run bench -- ml`, `npm run bench -- --json ml`):
//   - per backend (wasm on 1 thread and on every core), in a process of its own: training
//     tokens/s of the recognizer, similarity-evaluator and student steps (batches of 32 sentences
//     bucketed by length) and prediction sentences/s, for the default `small` encoder (BiLSTM) and
//     the reference transformer (2 layers, d=128, 4 heads, ff=256); the GFLOP/s its matrix products
//     achieve in each step against the peak of a matMul microbench on the same backend;
//   - wasm as one single-threaded process per core at once, each on its share of the sentences
//     and of the batch: the most that data-parallel replicas could give (no gradient exchange);
//   - the PyTorch reference (lib/torch_reference.py, Debian's python3-torch with OpenBLAS on as
//     many threads as cores) of the default encoder's three steps on the same sentences.
// Sentences come from CoNLL-2003 en train (source) and CoNLL-2002 es train (target) when
// ../shared/data is present, else from synthetic text with CoNLL-like lengths. The load average
// is printed before and after each run: figures from a busy machine are not comparable.
//
// CROSSTAG_BENCH_BACKENDS=wasm,webgpu picks backends (default: all of backend-table.ts; webgpu on
// a software adapter and cpu run on CROSSTAG_BENCH_SLOW_SENTENCES, default 64);
// CROSSTAG_BENCH_SENTENCES (default 640) sizes the others; CROSSTAG_BENCH_TORCH=0 skips PyTorch.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readCorpus } from '../../src-main/core/formats/index.js';
import {
  BACKEND_ORDER,
  DEFAULT_BATCH,
  datasetFromCorpus,
  encoderConfig,
  REFERENCE_TRANSFORMER,
  type Dataset,
} from '../../src-main/core/ml/index.js';
import { nodeArgsFor } from '../reliability/child-command.js';
import type { Bench, BenchContext, Figures } from './lib/harness.js';
import { round, sharedDataDir } from './lib/harness.js';
import { STAGES, type BackendFigures, type BenchData, type ChildRequest } from './lib/ml-measure.js';
import { summaryLines, type Run } from './lib/ml-summary.js';

const SENTENCES = Number(process.env['CROSSTAG_BENCH_SENTENCES'] ?? 640);
const SLOW_SENTENCES = Number(process.env['CROSSTAG_BENCH_SLOW_SENTENCES'] ?? 64);
const PREDICT_SENTENCES = Number(process.env['CROSSTAG_BENCH_PREDICT'] ?? 1000);
const CHILD = fileURLToPath(new URL('./lib/ml-child.ts', import.meta.url));
const TORCH = fileURLToPath(new URL('./lib/torch_reference.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

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

/** The runs: every backend asked for, wasm once on one thread and once on every core. */
function plan(): { backend: string; threads: number | null }[] {
  const wanted = process.env['CROSSTAG_BENCH_BACKENDS']?.split(',').map((b) => b.trim()) ?? [...BACKEND_ORDER];
  const cores = availableParallelism();
  return wanted.flatMap((backend) =>
    backend === 'wasm' ? [...new Set([1, cores])].map((threads) => ({ backend, threads })) : [{ backend, threads: null as number | null }],
  );
}

async function inChild(backend: string, threads: number | null, req: ChildRequest): Promise<BackendFigures | { error: string }> {
  const env: Record<string, string | undefined> = { ...process.env, CROSSTAG_BACKEND: backend };
  if (threads !== null) env['CROSSTAG_THREADS'] = String(threads);
  const args = [...(await nodeArgsFor(CHILD)), JSON.stringify(req)];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', (err) => resolve({ error: err.message.split('\n')[0]! }));
    child.on('close', (code, signal) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as BackendFigures | { error: string });
      } catch {
        resolve({ error: `the measuring process ended with ${signal ?? `code ${code}`} and no figures` });
      }
    });
  });
}

/**
 * What data-parallel replicas could give at most: one single-threaded wasm process per core at
 * the same time, each training the default encoder on its share of the sentences with its share
 * of the batch. Their tokens/s add up; a real replica set would also exchange gradients every
 * step, so this is an upper bound.
 */
async function replicaBound(ctx: BenchContext, req: ChildRequest, one: Run | undefined): Promise<Figures> {
  const count = availableParallelism();
  const batch = Math.max(1, Math.round(DEFAULT_BATCH / count));
  ctx.log(`-- wasm as ${count} concurrent single-threaded replicas, batches of ${batch} (load ${load1()})`);
  const results = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      inChild('wasm', 1, { ...req, encoders: { small: req.encoders['small']! }, batchSize: batch, shard: { index, count } }),
    ),
  );
  const failed = results.find((r): r is { error: string } => 'error' in r);
  if (failed) {
    ctx.log(`   not measured: ${failed.error}`);
    return { ml_wasm_replicas_error: failed.error };
  }
  const ok = results as BackendFigures[];
  const figures: Figures = { ml_wasm_replicas: count, ml_wasm_replicas_batch: batch };
  const base = one && !('error' in one.result) ? one.result.encoders['small'] : undefined;
  const parts: string[] = [];
  for (const stage of STAGES) {
    const sum = ok.reduce((a, r) => a + r.encoders['small']!.stages[stage].tok_s, 0);
    figures[`ml_wasm_replicas_small_${stage}_tok_s`] = round(sum, 1);
    const ratio = base ? sum / base.stages[stage].tok_s : null;
    if (ratio !== null) figures[`ml_wasm_replicas_small_${stage}_ratio`] = round(ratio, 3);
    parts.push(`${stage} ${Math.round(sum).toLocaleString('en-US')} tok/s${ratio === null ? '' : ` (${ratio.toFixed(2)}× 1 thread)`}`);
  }
  ctx.log(`   ${count} replicas together, small encoder, upper bound without gradient exchange: ${parts.join(', ')}`);
  return figures;
}

function torchReference(dataFile: string, sentences: number): Record<string, number | string> | { error: string } {
  if (process.env['CROSSTAG_BENCH_TORCH'] === '0') return { error: 'skipped (CROSSTAG_BENCH_TORCH=0)' };
  try {
    const out = execFileSync(PYTHON, [TORCH, dataFile, String(sentences), String(availableParallelism())], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number | string>;
  } catch (err) {
    const e = err as { stderr?: string; message?: string };
    return { error: `${PYTHON} ${TORCH} failed: ${(e.stderr || e.message || String(err)).trim().split('\n').pop()}` };
  }
}

const load1 = (): string => loadavg()[0]!.toFixed(2);

export const bench: Bench = {
  description: 'MTMT training tokens/s per backend and encoder, matMul GFLOP/s against each backend’s peak, and a PyTorch CPU reference',
  async run(ctx) {
    ctx.log(
      `load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} on ${availableParallelism()} cores`,
    );
    const source = load(ctx, 'conll2003/en/train.txt', SENTENCES, 1);
    const target = load(ctx, 'conll2002/es/train.txt', SENTENCES, 2);
    const dev = load(ctx, 'conll2003/en/dev.txt', PREDICT_SENTENCES, 3);
    ctx.log(`data: ${source.data.length} source sentences (${source.name}), ${target.data.length} target (${target.name})`);
    const dir = mkdtempSync(join(tmpdir(), 'crosstag-bench-ml-'));
    try {
      const dataFile = join(dir, 'data.json');
      const data: BenchData = { source: source.data, target: target.data, predict: dev.data.map((s) => s.tokens) };
      writeFileSync(dataFile, JSON.stringify(data));
      const req: ChildRequest = {
        dataFile,
        sentences: SENTENCES,
        slowSentences: SLOW_SENTENCES,
        encoders: { small: encoderConfig('small'), reference: REFERENCE_TRANSFORMER },
      };
      const runs: Run[] = [];
      for (const { backend, threads } of plan()) {
        ctx.log(`-- ${backend}${threads === null ? '' : ` on ${threads} thread${threads === 1 ? '' : 's'}`} (load ${load1()})`);
        const result = await inChild(backend, threads, req);
        if ('error' in result) ctx.log(`   not measured: ${result.error}`);
        else ctx.log(`   ${result.reason}; load ${result.load.before.toFixed(2)} → ${result.load.after.toFixed(2)}`);
        runs.push({ backend, threads, result });
      }
      const replicas =
        runs.some((r) => r.backend === 'wasm') && availableParallelism() > 1
          ? await replicaBound(
              ctx,
              req,
              runs.find((r) => r.backend === 'wasm' && r.threads === 1),
            )
          : {};
      ctx.log(`-- PyTorch reference (load ${load1()})`);
      const torch = torchReference(dataFile, SENTENCES);
      for (const line of summaryLines(runs, torch)) ctx.log(line);
      return { ...figuresOf(runs, torch), ...replicas };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function figuresOf(runs: Run[], torch: Record<string, number | string> | { error: string }): Figures {
  const figures: Figures = { ml_load_average: round(loadavg()[0]!, 2) };
  for (const { backend, threads, result } of runs) {
    const key = `ml_${backend.replace(/-/g, '_')}${threads === null ? '' : `_${threads}t`}`;
    if ('error' in result) {
      figures[`${key}_error`] = result.error;
      continue;
    }
    figures[`${key}_peak_gflop_s`] = round(result.peak_gflop_s, 2);
    figures[`${key}_sentences`] = result.sentences;
    if (result.adapter) figures[`${key}_adapter`] = result.adapter;
    for (const [enc, e] of Object.entries(result.encoders)) {
      for (const stage of STAGES) {
        figures[`${key}_${enc}_${stage}_tok_s`] = round(e.stages[stage].tok_s, 1);
        const g = e.stages[stage].gflop_s;
        figures[`${key}_${enc}_${stage}_gflop_s`] = g === null ? null : round(g, 3);
        const p = e.stages[stage].profile;
        if (p) {
          figures[`${key}_${enc}_${stage}_matmul_share`] = round(p.matmul, 3);
          figures[`${key}_${enc}_${stage}_outside_kernels_share`] = round(p.outside_kernels, 3);
        }
      }
      figures[`${key}_${enc}_predict_sent_s`] = round(e.predict_sent_s, 1);
    }
  }
  if ('error' in torch) figures['ml_torch_error'] = torch.error;
  else for (const stage of STAGES) figures[`ml_torch_small_${stage}_tok_s`] = round(Number(torch[`${stage}_tok_s`]), 1);
  return figures;
}

// `npx tsx test/bench/ml.ts` runs this bench alone, as `npm run bench -- --json ml` does.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await bench.run({ log: (line) => console.log(line), dataDir: sharedDataDir() });
  console.log(JSON.stringify(figures));
}
