// Every screen at 1400×900 and 1024×700, light and dark, on a project with a finished run (so
// Train, Evaluate and Models have something to show): nothing may scroll sideways (the page or
// any scrolling region of it) and each screen's key control must be in view without scrolling.
// The screenshots go to test-results/screenshots/<screen>-<width>-<theme>.png for a person to look at.

import { expect, test, type Locator, type Page } from '@playwright/test';
import { trainingConfig } from '../support/training.js';
import { shot } from './app.js';
import { startTrainingServer, type TrainingServer } from './training-project.js';

let server: TrainingServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startTrainingServer();
  const run = await server.call('training.start', trainingConfig({ epochs: 3, evaluatorEpochs: 1, studentEpochs: 2 }));

  await expect.poll(async () => (await server.call('training.get', { runId: run.id })).status, { timeout: 150_000 }).toBe('completed');
  // A long sentence, as real corpora have: lists and previews must truncate it, not widen their column.
  const long =
    'La Asociación Internacional de Federaciones de Atletismo anunció ayer en Mónaco que el campeonato mundial de 2025 se celebrará en Tokio, Japón, con la participación de más de doscientos países';
  await server.call('imports.run', {
    source: { kind: 'bytes', name: 'largo.txt', base64: Buffer.from(`${long}\n`).toString('base64') },
    lang: 'es',
    split: 'unlabelled',
    unlabelled: true,
    format: 'text',
    addLabels: [],
  });
  const [en] = (await server.call('sentences.list', { filter: { lang: 'en' }, sort: 'document', offset: 0, limit: 1 })).rows;
  const [es] = (await server.call('sentences.list', { filter: { lang: 'es', split: 'unlabelled' }, sort: 'document', offset: 0, limit: 1 }))
    .rows;
  const pair = await server.call('pairs.create', { a: en!.id, b: es!.id });
  await server.call('pairs.link', { pairId: pair.id, i: 0, j: 0, value: 'same' });
});

test.afterAll(async () => {
  await server?.close();
});

const SIZES = [
  { width: 1400, height: 900 },
  { width: 1024, height: 700 },
];
const THEMES = ['light', 'dark'] as const;

interface ScreenCase {
  screen: string;
  /** Brings the screen to the state worth a look; returns the controls that must be in view. */
  ready(page: Page): Promise<Locator[]>;
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true });

const SCREENS: ScreenCase[] = [
  {
    screen: 'projects',
    ready: async (page) => {
      await expect(page.getByRole('region', { name: 'Dictionaries' })).toBeVisible();
      return [page.getByRole('button', { name: 'Import sentences…' }).first(), nav(page, 'Settings')];
    },
  },
  {
    screen: 'annotate',
    ready: async (page) => {
      const list = page.getByRole('complementary', { name: 'Sentences' });
      await list.getByRole('combobox', { name: 'Language' }).selectOption('es');
      await expect(page.locator('.sentence .head')).toContainText('es');
      return [page.getByRole('listbox', { name: /^Tokens/ }), list.getByRole('searchbox', { name: 'Search sentence text' })];
    },
  },
  {
    screen: 'pairs',
    ready: async (page) => {
      // Search results showing in the sidebar: the case that once overflowed it.
      const search = page.getByRole('searchbox', { name: 'Search for sentence A' });
      await search.fill('campeonato');
      await expect(page.getByRole('list', { name: 'Matches for sentence A' })).toBeVisible();
      await expect(page.getByRole('region', { name: /^Pair \d+$/ })).toBeVisible();
      return [search, page.getByRole('button', { name: 'Undo (Ctrl+Z)' })];
    },
  },
  {
    screen: 'train',
    ready: async (page) => {
      await expect(page.locator('section.run')).toHaveAttribute('data-status', 'completed');
      return [page.getByRole('button', { name: /^Train teacher/ })];
    },
  },
  {
    screen: 'evaluate',
    ready: async (page) => {
      const go = page.getByRole('button', { name: 'Evaluate on this split' });
      await go.click();
      await expect(page.getByRole('table', { name: 'Scores per label' })).toBeVisible({ timeout: 30_000 });
      return [go];
    },
  },
  {
    screen: 'models',
    ready: async (page) => {
      await expect(page.locator('tr[data-model-id]')).toHaveCount(2);
      return [
        page
          .locator('tr[data-model-id]')
          .first()
          .getByRole('button', { name: /^Export model/ }),
      ];
    },
  },
  {
    screen: 'settings',
    ready: async (page) => {
      await expect(page.getByRole('region', { name: 'Encoders' })).toBeVisible();
      return [nav(page, 'Settings')];
    },
  },
];

/** Elements that scroll sideways: the page itself, or any region that scrolls (a sidebar, a list) whose content is wider than it. */
function sidewaysScrollers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push(`the page (${doc.scrollWidth} > ${doc.clientWidth})`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main *, main'))) {
      const style = getComputedStyle(el);
      if (!['auto', 'scroll'].includes(style.overflowX) || el.clientWidth === 0) continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        out.push(`${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} (${el.scrollWidth} > ${el.clientWidth})`);
      }
    }
    return out;
  });
}

for (const size of SIZES) {
  for (const theme of THEMES) {
    test(`every screen at ${size.width}×${size.height}, ${theme}: nothing scrolls sideways, key controls in view`, async ({ page }) => {
      test.setTimeout(120_000);
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      await page.setViewportSize(size);
      await page.addInitScript((t) => localStorage.setItem('crosstag.theme', t), theme);
      for (const s of SCREENS) {
        await page.goto(`${server.url}#/${s.screen}`);
        await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        const controls = await s.ready(page);
        for (const c of controls) await expect(c, `${s.screen}: a key control is out of view`).toBeInViewport();
        expect(await sidewaysScrollers(page), `${s.screen} scrolls sideways`).toEqual([]);
        await shot(page, `${s.screen}-${size.width}-${theme}`);
      }
      expect(problems).toEqual([]);
    });
  }
}
