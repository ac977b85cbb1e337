// Store speed: importing CoNLL-2003 English train (14,041 sentences, 203,621 tokens) into a
// fresh project (target < 2 s), and listing a page deep into a 100,000-sentence project (target
// < 20 ms), plain, filtered and sorted by uncertainty, through the store and through dispatch.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SentenceFilter, SentenceSort } from '../../src-main/contract/entities.js';
import { readCorpus } from '../../src-main/core/formats/index.js';
import type { Corpus } from '../../src-main/core/formats/types.js';
import { createCore, dispatch } from '../../src-main/core/service/index.js';
import type { Store } from '../../src-main/core/store/index.js';
import { openStore } from '../../src-main/core/store/index.js';
import type { Bench, BenchContext, Figures } from './lib/harness.js';
import { medianMs, round, sharedDataDir } from './lib/harness.js';

const IMPORT_TARGET_MS = 2000;
const LIST_TARGET_MS = 20;
const PROJECT_SIZE = 100_000;

/** CoNLL-2003 en train when ../shared/data is present, else a synthetic file of the same size. */
function source(ctx: BenchContext): { name: string; bytes: Uint8Array } {
  const real = ctx.dataDir === null ? null : join(ctx.dataDir, 'conll2003/en/train.txt');
  if (real !== null && existsSync(real)) return { name: 'CoNLL-2003 en train', bytes: readFileSync(real) };
  const lines: string[] = [];
  for (let s = 0; s < 14_041; s++) {
    for (let t = 0; t < 14; t++) lines.push(`${t % 4 === 0 ? 'Name' : 'word'}${s % 97} NN I-NP ${t % 4 === 0 ? 'I-PER' : 'O'}`);
    lines.push('');
  }
  return { name: 'synthetic CoNLL (14,041 sentences)', bytes: new TextEncoder().encode(lines.join('\n')) };
}

function sentencesOf(c: Corpus): number {
  return c.documents.reduce((n, d) => n + d.sentences.length, 0);
}

/** The first `n` sentences of a corpus, keeping document boundaries. */
function take(c: Corpus, n: number): Corpus {
  const documents: Corpus['documents'] = [];
  let left = n;
  for (const d of c.documents) {
    if (left <= 0) break;
    const sentences = d.sentences.slice(0, left);
    left -= sentences.length;
    documents.push({ name: d.name, sentences });
  }
  return { ...c, documents };
}

// A small deterministic generator (mulberry32) so every run writes the same uncertainties.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** en train x3, en dev x1 and es unlabelled for the rest, with predictions on half the es sentences. */
function build100k(store: Store, corpus: Corpus): void {
  const per = sentencesOf(corpus);
  const plan: { lang: string; split: 'train' | 'dev' | 'unlabelled' }[] = [
    { lang: 'en', split: 'train' },
    { lang: 'en', split: 'train' },
    { lang: 'en', split: 'train' },
    { lang: 'en', split: 'dev' },
  ];
  while (plan.length * per < PROJECT_SIZE) plan.push({ lang: 'es', split: 'unlabelled' });
  let left = PROJECT_SIZE;
  for (const p of plan) {
    const part = left >= per ? corpus : take(corpus, left);
    store.importCorpus(part, { lang: p.lang, split: p.split, unlabelled: p.split === 'unlabelled', file: 'bench' });
    left -= sentencesOf(part);
  }
  const model = store.models.create({ name: 'bench', kind: 'student', encoder: 'small', dir: '/bench' }).id;
  const random = rng(1);
  const ids = store.db.prepare(`SELECT id, n_tokens FROM sentences WHERE lang = 'es' AND id % 2 = 0`).all() as {
    id: number;
    n_tokens: number;
  }[];
  store.writePredictions(
    model,
    ids.map((r) => ({
      sentenceId: r.id,
      spans: r.n_tokens > 1 ? [{ start: 0, end: 1, label: 'PER', confidence: round(random(), 3) }] : [],
      uncertainty: round(random(), 4),
    })),
  );
}

export const bench: Bench = {
  description: 'project store: bulk import and deep listing',
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'crosstag-bench-store-'));
    const figures: Figures = {};
    try {
      const src = source(ctx);
      ctx.log(`input: ${src.name}`);

      // Import: read + one-transaction insert into a fresh file, three fresh projects, median.
      const times: { read: number; write: number }[] = [];
      let corpus: Corpus | null = null;
      for (let k = 0; k < 3; k++) {
        const file = join(dir, `import-${k}.sqlite`);
        const t0 = performance.now();
        corpus = readCorpus(src.bytes, { file: 'train.txt' });
        const t1 = performance.now();
        const store = openStore(file, { create: true });
        store.importCorpus(corpus, { lang: 'en', split: 'train', file: 'train.txt' });
        store.close();
        times.push({ read: t1 - t0, write: performance.now() - t1 });
      }
      times.sort((a, b) => a.read + a.write - (b.read + b.write));
      const mid = times[1]!;
      const total = mid.read + mid.write;
      const tokens = corpus!.documents.reduce((n, d) => n + d.sentences.reduce((m, s) => m + s.tokens.length, 0), 0);
      ctx.log(
        `import into a fresh project: ${total.toFixed(0)} ms (read ${mid.read.toFixed(0)} + store ${mid.write.toFixed(0)}), ` +
          `${Math.round(tokens / (total / 1000)).toLocaleString('en-US')} tokens/s; target < ${IMPORT_TARGET_MS} ms (${(IMPORT_TARGET_MS / total).toFixed(1)}x headroom)`,
      );
      Object.assign(figures, {
        store_import_ms: round(total, 1),
        store_import_read_ms: round(mid.read, 1),
        store_import_write_ms: round(mid.write, 1),
        store_import_tok_s: Math.round(tokens / (total / 1000)),
      });

      // The 100k-sentence project, listed through the store and through the validated boundary.
      const file = join(dir, 'big.sqlite');
      const t0 = performance.now();
      const store = openStore(file, { create: true });
      build100k(store, corpus!);
      store.close();
      ctx.log(`built a ${PROJECT_SIZE.toLocaleString('en-US')}-sentence project in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const big = openStore(file);
      const core = createCore({ shell: 'web', recentFile: join(dir, 'recent.json') });
      await core['projects.open']({ path: file });
      const esPredicted = big.sentences.list({ lang: 'es', status: 'predicted' }, 'document', 0, 1).total;
      const cases: { key: string; what: string; filter: SentenceFilter; sort: SentenceSort; offset: number }[] = [
        { key: 'store_list_ms', what: 'rows 50,000..50,100, document order', filter: {}, sort: 'document', offset: 50_000 },
        {
          key: 'store_list_filtered_ms',
          what: 'es + predicted, middle page',
          filter: { lang: 'es', status: 'predicted' },
          sort: 'document',
          offset: Math.floor(esPredicted / 2),
        },
        {
          key: 'store_list_split_ms',
          what: 'split=train (no language), middle page',
          filter: { split: 'train' },
          sort: 'document',
          offset: 20_000,
        },
        { key: 'store_list_uncertainty_ms', what: 'rows 50,000..50,100 by uncertainty', filter: {}, sort: 'uncertainty', offset: 50_000 },
        {
          key: 'store_list_filtered_uncertainty_ms',
          what: 'es by uncertainty, middle page',
          filter: { lang: 'es' },
          sort: 'uncertainty',
          offset: 20_000,
        },
      ];
      for (const c of cases) {
        const direct = await medianMs(21, () => big.sentences.list(c.filter, c.sort, c.offset, 100));
        const viaDispatch = await medianMs(21, () =>
          dispatch(core, 'sentences.list', { filter: c.filter, sort: c.sort, offset: c.offset, limit: 100 }),
        );
        ctx.log(
          `list ${c.what}: ${direct.toFixed(2)} ms (via dispatch ${viaDispatch.toFixed(2)} ms); target < ${LIST_TARGET_MS} ms (${(LIST_TARGET_MS / viaDispatch).toFixed(1)}x headroom)`,
        );
        figures[c.key] = round(direct);
        figures[c.key.replace(/_ms$/, '_dispatch_ms')] = round(viaDispatch);
      }
      const deep = big.sentences.list({}, 'uncertainty', 70_000, 1).rows[0]!.id;
      const more: [string, string, () => unknown][] = [
        ['store_counts_ms', 'counts per language, split and status', () => big.sentences.counts()],
        ['store_locate_ms', 'locate a sentence 70,000 deep by uncertainty', () => big.sentences.locate(deep, {}, 'uncertainty')],
        ['store_next_ms', 'next most uncertain unreviewed es sentence', () => big.sentences.next(deep, { lang: 'es' }, 'uncertainty')],
        ['store_get_ms', 'get one sentence with tokens and spans', () => big.sentences.get(deep)],
        ['store_search_ms', 'text search "germany" (full scan)', () => big.sentences.list({ q: 'germany' }, 'document', 0, 100)],
      ];
      for (const [key, what, fn] of more) {
        const ms = await medianMs(11, fn);
        ctx.log(`${what}: ${ms.toFixed(2)} ms`);
        figures[key] = round(ms);
      }
      await core.close();
      big.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};

// `npx tsx test/bench/store.ts` runs this bench alone, as `npm run bench -- --json store` does.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await bench.run({ log: (line) => console.log(line), dataDir: sharedDataDir() });
  console.log(JSON.stringify(figures));
}
