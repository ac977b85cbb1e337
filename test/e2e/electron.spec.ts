// The desktop app end to end: launch Electron on a demo project, reach the core through the
// preload's typed functions, and check the sandbox. Needs the Electron binary and the
// Electron-ABI SQLite build; where either is missing the test is skipped with the reason printed.

import { _electron as electron, expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

function electronBinary(): string | null {
  try {
    return require(join(root, 'node_modules', 'electron')) as string;
  } catch {
    return null;
  }
}

function missing(): string | null {
  if (electronBinary() === null)
    return 'the Electron binary is not installed (its download failed or was skipped; `npm run fetch:electron`); the web shell e2e tests cover the UI';
  const binding = join(root, 'build', 'electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binding)) return `better-sqlite3 for Electron is not built (${binding}); run \`npm run rebuild:electron\``;
  if (!existsSync(join(root, 'dist', 'main', 'electron', 'main.js'))) return 'the app is not built; run `npm run build`';
  return null;
}

const reason = missing();
if (reason !== null) console.warn(`\n*** SKIPPING test/e2e/electron.spec.ts: ${reason} ***\n`);

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
type Crosstag = { api: Record<string, (p: unknown) => Promise<Reply>>; on: (e: string, cb: (d: unknown) => void) => () => void };
/** Calls one preload function inside the page (the function body runs there, not here). */
const call = (page: Page, method: string, params: unknown): Promise<Reply> =>
  page.evaluate(([m, p]) => (window as unknown as { crosstag: Crosstag }).crosstag.api[m as string]!(p), [method, params] as const);

test.describe('Electron shell', () => {
  test.skip(reason !== null, `SKIPPED: ${reason ?? ''}`);

  test('opens the demo project and talks to the core only through typed preload functions', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'crosstag-electron-'));
    try {
      const demo = join(userData, 'demo.sqlite');
      execFileSync(process.execPath, [join(root, 'dist', 'main', 'cli', 'index.js'), 'demo', demo], { cwd: root });
      const app = await electron.launch({
        args: [root, '--demo', demo],
        env: { ...process.env, CROSSTAG_USER_DATA: userData },
      });
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(page.url()).toMatch(/^app:\/\/crosstag\//);

      const sandbox = await page.evaluate(() => ({
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
        call: typeof (window as unknown as { crosstag: { call?: unknown } }).crosstag.call,
        methods: Object.keys((window as unknown as { crosstag: Crosstag }).crosstag.api).length,
      }));
      expect(sandbox).toEqual({ require: 'undefined', process: 'undefined', call: 'undefined', methods: expect.any(Number) });
      expect(sandbox.methods).toBeGreaterThan(20);

      const info = await call(page, 'app.info', {});
      expect(info).toMatchObject({ ok: true, value: { shell: 'electron' } });
      const current = await call(page, 'projects.current', {});
      expect(current).toMatchObject({ ok: true, value: { path: demo } });
      const bad = await call(page, 'sentences.get', { id: 'one' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await page.waitForTimeout(300);
      expect(page.url()).toMatch(/^app:\/\/crosstag\//);

      await app.close();
      const state = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as { width: number };
      expect(state.width).toBeGreaterThan(0);
    } finally {
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
