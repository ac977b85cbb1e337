// A large project through the real core: 200,000 sentences (the train and dev files of
// ../shared/data, then varied copies; see lib/large-corpus.ts) imported file by file, opened,
// listed, filtered and searched, annotated, undone and redone through dispatch; a small training
// run on a subset of it (English train as source, 5,000 unlabelled Dutch sentences as target,
// the tiny model sizes with batches of 32) watched for its first progress and its worker's peak
// memory while the list keeps answering; then the Annotate screen in Chromium, whose heap must
// stay at a few pages however deep the list is scrolled.
// `npm run bench:large`; CROSSTAG_LARGE_SENTENCES changes the size (default 200,000).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainingConfig } from '../../src-main/contract/api.js';
import type { RunInfo } from '../../src-main/contract/entities.js';
import { nodeSpawner, type EngineTuning } from '../../src-main/core/jobs/index.js';
import { createCore, dispatch, type Core } from '../../src-main/core/service/index.js';
import { createMlService, type MlEngine } from '../../src-main/core/service/ml-service.js';
import { nodeArgsFor } from '../reliability/child-command.js';
import { Rng } from '../reliability/rng.js';
import { trainingConfig } from '../support/training.js';
import type { Bench, BenchContext, Figures } from './lib/harness.js';
import { round } from './lib/harness.js';
import type { ChildReport, ChildRequest } from './lib/large-child.js';
import { writeLargeProject } from './lib/large-corpus.js';
import { mb, PeakWatch } from './lib/proc-memory.js';
import { rendererHeap } from './lib/renderer-heap.js';

const TARGET_SENTENCES = 5_000;
// Frames of 50 rows scrolled upwards from the jump before each heap reading: 10,000, 30,000 and
// 70,000 rows in all, 700 pages of the list.
const SCROLL_STAGES = [200, 400, 800];
const ACTIONS = 60;

// A reduced small model (32-wide words and BiLSTM, 16 character filters; the default is several
// times larger) in batches of 32, so that 14,041 source sentences train in minutes; a checkpoint
// every 200 steps.
const TUNING: EngineTuning = {
  encoderOverrides: {
    wordDim: 32,
    wordMinCount: 2,
    wordDropout: 0.1,
    charDim: 8,
    charFilters: 16,
    featureDropout: 0.1,
    sequence: { type: 'bilstm', hidden: 32, layers: 1, dropout: 0.1 },
  },
  batchSize: 32,
  evaluatorEpochs: 1,
  checkpointEvery: 200,
  predictBatch: 256,
};

const TRAINING: TrainingConfig = trainingConfig({ targetLang: 'nl' });

const CHILD = fileURLToPath(new URL('./lib/large-child.ts', import.meta.url));

async function inChild(req: ChildRequest): Promise<ChildReport> {
  const args = await nodeArgsFor(CHILD);
  const out = execFileSync(process.execPath, ['--expose-gc', ...args, JSON.stringify(req)], {
    env: { ...process.env, CROSSTAG_LARGE_CHILD: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildReport;
}

const mb1 = (bytes: number) => `${round(bytes / 2 ** 20, 1)} MB`;

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
}

async function call<T>(core: Core, method: string, params: unknown): Promise<T> {
  const reply = await dispatch(core, method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.value as T;
}

/** Milliseconds of each of `n` calls. */
async function timed(n: number, fn: (k: number) => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    await fn(k);
    ms.push(performance.now() - t0);
  }
  return ms;
}

interface Opened {
  core: Core;
  ml: MlEngine;
}

function openCore(dir: string): Opened {
  const ml = createMlService({ spawner: nodeSpawner({ echoStderr: false }), tuning: TUNING });
  return { core: createCore({ shell: 'web', recentFile: path.join(dir, 'recent.json'), baseDir: dir, ml }), ml };
}

async function run(ctx: BenchContext): Promise<Figures> {
  const total = Number(process.env['CROSSTAG_LARGE_SENTENCES'] ?? 200_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'crosstag-bench-large-'));
  const db = path.join(dir, 'large.sqlite');
  const f: Figures = {};
  const log = (line: string) => ctx.log(line);
  try {
    // Assemble the files.
    const t0 = performance.now();
    const parts = writeLargeProject(dir, ctx.dataDir, total, TARGET_SENTENCES);
    const bytes = parts.reduce((n, p) => n + statSync(p.file).size, 0);
    const tokens = parts.reduce((n, p) => n + p.tokens, 0);
    log(
      `${parts.length} CoNLL files, ${total.toLocaleString('en')} sentences, ${tokens.toLocaleString('en')} tokens, ${mb(bytes)}, written in ${round((performance.now() - t0) / 1000, 1)} s`,
    );
    for (const p of parts)
      log(`  ${p.lang}/${p.split}${p.unlabelled ? ' (as unlabelled)' : ''}: ${p.sentences.toLocaleString('en')} from ${p.what}`);

    // Import, file by file as a person would, in a core process of its own.
    const imported = await inChild({ mode: 'import', db, parts });
    const importSec = imported.ms.reduce((a, b) => a + b, 0) / 1000;
    if (imported.sentences !== total) throw new Error(`the project holds ${imported.sentences} sentences, not ${total}`);
    log(
      `import: ${round(importSec, 1)} s (${Math.round(total / importSec).toLocaleString('en')} sentences/s; slowest file ${round(Math.max(...imported.ms) / 1000, 1)} s); ` +
        `peak RSS of the core's process ${mb(imported.peakRss)}, JS heap after it ${mb(imported.heapUsed)}; project file ${mb(statSync(db).size)}`,
    );
    Object.assign(f, {
      large_sentences: total,
      large_tokens: tokens,
      large_import_s: round(importSec, 1),
      large_import_peak_rss_mb: Math.round(imported.peakRss / 2 ** 20),
      large_db_mb: Math.round(statSync(db).size / 2 ** 20),
    });

    // Open, each time in a fresh core process.
    const opens: ChildReport[] = [];
    for (let k = 0; k < 4; k++) opens.push(await inChild({ mode: 'open', db }));
    const openMs = opens.slice(1).map((o) => o.ms[0]!);
    log(
      `open: first ${round(opens[0]!.ms[0]!, 0)} ms, median of 3 more ${round(quantile(openMs, 0.5), 0)} ms; ` +
        `the core's process after open: peak RSS ${mb(opens[1]!.peakRss)}, JS heap ${mb(opens[1]!.heapUsed)}`,
    );
    Object.assign(f, {
      large_open_first_ms: round(opens[0]!.ms[0]!, 0),
      large_open_ms: round(quantile(openMs, 0.5), 0),
      large_open_peak_rss_mb: Math.round(opens[1]!.peakRss / 2 ** 20),
    });
    const opened = openCore(dir);
    const core = opened.core;
    await call(core, 'projects.open', { path: db });

    // Listing, filtering and search: pages of 100 rows, as the Annotate list asks for them.
    const lists: [string, string, object][] = [
      ['large_list_first_ms', 'first page', { filter: {}, sort: 'document', offset: 0 }],
      ['large_list_deep_ms', `page at row ${(total - 100).toLocaleString('en')}`, { filter: {}, sort: 'document', offset: total - 100 }],
      ['large_list_lang_ms', 'es only, middle page', { filter: { lang: 'es' }, sort: 'document', offset: 20_000 }],
      [
        'large_list_split_status_ms',
        'nl unlabelled, last page',
        { filter: { lang: 'nl', split: 'unlabelled', status: 'unlabelled' }, sort: 'document', offset: TARGET_SENTENCES - 100 },
      ],
      ['large_search_ms', 'search "Madrid" (full scan), first page', { filter: { q: 'Madrid' }, sort: 'document', offset: 0 }],
      ['large_search_deep_ms', 'search "the" deep page', { filter: { q: 'the' }, sort: 'document', offset: 30_000 }],
    ];
    for (const [key, what, params] of lists) {
      const ms = await timed(9, () => call(core, 'sentences.list', { ...params, limit: 100 }));
      const { total: n } = await call<{ total: number }>(core, 'sentences.list', { ...params, limit: 1 });
      log(
        `list ${what}: median ${round(quantile(ms, 0.5), 1)} ms, max ${round(Math.max(...ms), 1)} ms (${n.toLocaleString('en')} rows match)`,
      );
      f[key] = round(quantile(ms, 0.5), 1);
    }

    // Annotate deep in the project: set, undo and redo through dispatch, one action each.
    const rng = new Rng(7);
    const targets: { id: number; tokens: number }[] = [];
    for (let k = 0; k < ACTIONS; k++) {
      const { rows } = await call<{ rows: { id: number }[] }>(core, 'sentences.list', {
        filter: {},
        sort: 'document',
        offset: rng.int(total / 2, total - 1),
        limit: 1,
      });
      const s = await call<{ tokens: unknown[] }>(core, 'sentences.get', { id: rows[0]!.id });
      targets.push({ id: rows[0]!.id, tokens: s.tokens.length });
    }
    const sets = await timed(ACTIONS, (k) =>
      call(core, 'annotations.set', { sentenceId: targets[k]!.id, start: 0, end: 1, label: rng.pick(['PER', 'LOC', 'ORG']) }),
    );
    const undos = await timed(ACTIONS / 2, () => call(core, 'edits.undo', {}));
    const redos = await timed(ACTIONS / 4, () => call(core, 'edits.redo', {}));
    for (const [name, ms] of [
      ['annotations.set', sets],
      ['edits.undo', undos],
      ['edits.redo', redos],
    ] as const) {
      log(
        `${name} on sentences past row ${(total / 2).toLocaleString('en')}: median ${round(quantile(ms, 0.5), 1)} ms, p95 ${round(quantile(ms, 0.95), 1)} ms over ${ms.length}`,
      );
      f[`large_${name.replace('.', '_')}_ms`] = round(quantile(ms, 0.5), 1);
    }

    // A small training run on a subset, with the list polled meanwhile.
    log(
      `training: ${TRAINING.mode}, source ${TRAINING.sourceLangs.join('+')}/${TRAINING.sourceSplits.join('+')}, target ${TRAINING.targetLang} (${TARGET_SENTENCES.toLocaleString('en')} unlabelled), encoder ${TRAINING.encoder} reduced (${JSON.stringify(TUNING.encoderOverrides)}), batches of ${TUNING.batchSize}; epochs: teacher ${TRAINING.epochs}, evaluator ${TUNING.evaluatorEpochs}, student ${TRAINING.studentEpochs}; predictions written back`,
    );
    Object.assign(f, await train(opened, db, log));
    await core.close();

    // The Annotate screen in Chromium.
    const r = await rendererHeap(db, { ...process.env, CROSSTAG_HOME: dir }, total, SCROLL_STAGES);
    const last = r.scrolled[r.scrolled.length - 1]!;
    log(
      `Annotate in Chromium: open ${round(r.openMs, 0)} ms; a jump to row ~${r.deepestIndex.toLocaleString('en')} shows rows after ${round(r.jumpMs, 0)} ms`,
    );
    log(
      `  page JS heap (after GC): ${mb1(r.heapOpen)} open, ${mb1(r.heapDeep)} after the jump, ` +
        `${r.scrolled.map((x) => `${mb1(x.heap)} after scrolling past ${x.rows.toLocaleString('en')} rows`).join(', ')}; ${r.rowsInDom} rows in the page`,
    );
    log(
      `  for comparison: the project file ${mb(statSync(db).size)}, its sentences as CoNLL ${mb(bytes)}; the web shell's core process peak RSS ${mb(r.serverPeakRss)}`,
    );
    Object.assign(f, {
      large_browser_open_ms: round(r.openMs, 0),
      large_browser_heap_open_mb: round(r.heapOpen / 2 ** 20, 1),
      large_browser_heap_deep_mb: round(r.heapDeep / 2 ** 20, 1),
      large_browser_heap_scrolled_mb: round(last.heap / 2 ** 20, 1),
      large_browser_rows_scrolled: last.rows,
      large_browser_heap_to_project_ratio: round(last.heap / statSync(db).size, 3),
      large_browser_rows_in_dom: r.rowsInDom,
      large_web_core_peak_rss_mb: r.serverPeakRss === null ? null : Math.round(r.serverPeakRss / 2 ** 20),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return f;
}

async function train({ core, ml }: Opened, db: string, log: (line: string) => void): Promise<Figures> {
  const t0 = performance.now();
  const run = await call<RunInfo>(core, 'training.start', TRAINING);
  let firstMs: number | null = null;
  const stages = new Map<string, number>();
  const offProgress = core.on('training.progress', (p) => {
    firstMs ??= performance.now() - t0;
    if (!stages.has(p.stage)) stages.set(p.stage, performance.now() - t0);
  });
  const done = new Promise<RunInfo>((resolve) => {
    const off = core.on('training.status', (r) => {
      if (r.id === run.id && r.status !== 'running' && r.status !== 'queued') {
        off();
        resolve(r);
      }
    });
  });
  const watch = new PeakWatch(() => ml.runner.pid(db, run.id));
  const latencies: number[] = [];
  let finished = false;
  const poll = (async () => {
    while (!finished) {
      const t = performance.now();
      await call(core, 'sentences.list', { filter: { lang: 'nl' }, sort: 'uncertainty', offset: 1_000, limit: 100 });
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const end = await done;
  finished = true;
  await poll;
  offProgress();
  const peak = watch.stop();
  const seconds = (performance.now() - t0) / 1000;
  if (end.status !== 'completed') throw new Error(`the training run ended ${end.status}: ${end.error}`);
  const data = (end.config as { data?: { sourceSentences: number; targetSentences: number; devSentences: number } }).data;
  log(
    `  data: ${data?.sourceSentences} source, ${data?.targetSentences} target, ${data?.devSentences} dev sentences; backend ${end.backend}`,
  );
  log(
    `  first progress after ${round((firstMs ?? NaN) / 1000, 1)} s; stages began at ${[...stages].map(([s, ms]) => `${s} ${round(ms / 1000, 0)} s`).join(', ')}; completed in ${round(seconds, 0)} s`,
  );
  for (const m of end.metrics) {
    const dev = m.devF1 === null ? '-' : round(m.devF1, 3);
    log(
      `  ${m.stage} epoch ${m.epoch}: loss ${round(m.loss, 3)}, ${m.stage === 'teacher-evaluator' ? 'dev pair accuracy' : 'dev F1 (nl)'} ${dev}, ${Math.round(m.tokensPerSec)} tokens/s, ${round(m.seconds, 0)} s`,
    );
  }
  log(
    `  worker peak RSS ${mb(peak)}; sentences.list (nl by uncertainty) while it ran: ${latencies.length} calls, median ${round(quantile(latencies, 0.5), 1)} ms, max ${round(Math.max(...latencies), 1)} ms`,
  );
  return {
    large_train_first_progress_s: round((firstMs ?? NaN) / 1000, 1),
    large_train_s: round(seconds, 0),
    large_train_worker_peak_rss_mb: peak === null ? null : Math.round(peak / 2 ** 20),
    large_train_list_max_ms: round(Math.max(...latencies), 1),
  };
}

export const bench: Bench = {
  description: 'a 200,000-sentence project: import, open, list, annotate, train a small model, the renderer heap',
  run,
};
