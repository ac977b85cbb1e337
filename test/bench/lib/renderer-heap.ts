// The Annotate screen of a large project in real Chromium, over `crosstag serve`: the page's
// JavaScript heap (after a forced garbage collection, as Chrome DevTools reports it) once the
// screen is open, after jumping deep into the sentence list, and after scrolling through tens of
// thousands of rows. A renderer that holds only pages keeps these flat; one that keeps every row
// it has seen grows with the rows scrolled past.

import { chromium, type CDPSession, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, serve } from '../../e2e/cli.js';
import { peakRss } from './proc-memory.js';

// Rows are 46 px high (SentenceList.svelte); 2,300 px a frame passes 50 rows, half a page.
const ROW_PX = 46;
const SCROLL_PX = 50 * ROW_PX;

export interface RendererFigures {
  openMs: number;
  heapOpen: number;
  heapDeep: number;
  /** The heap after scrolling past each number of rows, in order. */
  scrolled: { rows: number; heap: number }[];
  /** Rows in the page's list after the scroll. */
  rowsInDom: number;
  /** The deepest sentence shown, by its position in the list. */
  deepestIndex: number;
  jumpMs: number;
  serverPeakRss: number | null;
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
}

// In-page code given as strings: tsx keeps function names with a helper the page lacks.
const JUMP = `(async () => {
  const viewport = document.querySelector('.viewport > div');
  const t0 = performance.now();
  viewport.scrollTop = viewport.scrollHeight * 0.95;
  while (!document.querySelector('.srow')) await new Promise((r) => requestAnimationFrame(r));
  return performance.now() - t0;
})()`;

// Resolves with the pixels actually scrolled (the top of the list stops it).
const scrollUp = (frames: number) => `new Promise((done) => {
  const viewport = document.querySelector('.viewport > div');
  const from = viewport.scrollTop;
  let n = 0;
  const step = () => {
    viewport.scrollTop = Math.max(0, viewport.scrollTop - ${SCROLL_PX});
    if (++n < ${frames}) requestAnimationFrame(step);
    else done(from - viewport.scrollTop);
  };
  requestAnimationFrame(step);
})`;

async function deepestShown(page: Page, total: number): Promise<number> {
  // The list's scroll position says which row is at the top.
  const top = await page.evaluate(`document.querySelector('.viewport > div').scrollTop`);
  return Math.min(total - 1, Math.floor(Number(top) / ROW_PX));
}

/** `stages`: frames to scroll (upwards, 50 rows a frame) before each heap reading after the jump. */
export async function rendererHeap(db: string, env: NodeJS.ProcessEnv, total: number, stages: readonly number[]): Promise<RendererFigures> {
  if (!existsSync(join(root, 'dist', 'renderer', 'index.html')))
    throw new Error('dist/renderer is missing: run `npm run build:renderer` first');
  const served = await serve(db, env);
  try {
    const browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const t0 = performance.now();
      await page.goto(`${served.url}#/annotate`);
      await page.waitForFunction(() => performance.getEntriesByName('crosstag:annotate-ready').length > 0, null, { timeout: 60_000 });
      const openMs = performance.now() - t0;
      await page.locator('.srow').first().waitFor();
      const heapOpen = await heapUsed(cdp);
      const jumpMs = Number(await page.evaluate(JUMP));
      // Let the pages around the new position arrive.
      await page.waitForTimeout(500);
      const deepestIndex = await deepestShown(page, total);
      const heapDeep = await heapUsed(cdp);
      const scrolled: RendererFigures['scrolled'] = [];
      let px = 0;
      for (const n of stages) {
        px += Number(await page.evaluate(scrollUp(n)));
        // Let the last pages asked for arrive.
        await page.waitForTimeout(1000);
        scrolled.push({ rows: Math.round(px / ROW_PX), heap: await heapUsed(cdp) });
      }
      const rowsInDom = await page.locator('.srow').count();
      return {
        openMs,
        heapOpen,
        heapDeep,
        scrolled,
        rowsInDom,
        deepestIndex,
        jumpMs,
        serverPeakRss: served.child.pid === undefined ? null : peakRss(served.child.pid),
      };
    } finally {
      await browser.close();
    }
  } finally {
    await served.stop();
  }
}
