// A process of its own for the large-project bench's import and open, so their peak memory is the
// core's and not the bench's: `import` creates the project and imports each file through dispatch;
// `open` opens it in a fresh core. Prints one JSON line. Run with --expose-gc for the heap after
// a collection.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCore, dispatch, type Core } from '../../../src-main/core/service/index.js';

interface Part {
  file: string;
  lang: string;
  split: string;
  unlabelled: boolean;
}

export type ChildRequest = { mode: 'import'; db: string; parts: Part[] } | { mode: 'open'; db: string };

export interface ChildReport {
  /** Milliseconds per imported file, or of the open. */
  ms: number[];
  /** Peak resident bytes of this process. */
  peakRss: number;
  /** JavaScript heap in use after a collection, at the end. */
  heapUsed: number;
  sentences: number;
}

async function call(core: Core, method: string, params: unknown): Promise<unknown> {
  const reply = await dispatch(core, method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.value;
}

async function main(req: ChildRequest): Promise<ChildReport> {
  const state = mkdtempSync(path.join(tmpdir(), 'crosstag-large-child-'));
  const core = createCore({ shell: 'web', recentFile: path.join(state, 'recent.json'), baseDir: path.dirname(req.db) });
  const ms: number[] = [];
  try {
    if (req.mode === 'import') {
      await call(core, 'projects.create', { path: req.db, name: 'Large', labels: ['PER', 'LOC', 'ORG', 'MISC'] });
      for (const p of req.parts) {
        const t0 = performance.now();
        await call(core, 'imports.run', {
          source: { kind: 'path', path: p.file },
          lang: p.lang,
          split: p.split,
          unlabelled: p.unlabelled,
          format: 'conll',
        });
        ms.push(performance.now() - t0);
      }
    } else {
      const t0 = performance.now();
      await call(core, 'projects.open', { path: req.db });
      ms.push(performance.now() - t0);
    }
    const info = (await call(core, 'projects.current', {})) as { sentences: number };
    (globalThis as { gc?: () => void }).gc?.();
    return { ms, peakRss: process.resourceUsage().maxRSS * 1024, heapUsed: process.memoryUsage().heapUsed, sentences: info.sentences };
  } finally {
    await core.close();
    rmSync(state, { recursive: true, force: true });
  }
}

if (process.env['CROSSTAG_LARGE_CHILD'] === '1') {
  const report = await main(JSON.parse(process.argv[2]!) as ChildRequest);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
