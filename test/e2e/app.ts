// What the browser specs share: opening the served app, calling the API as the page does,
// screenshots, and a watch for console errors (a CSP violation shows up there).

import { expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Method, Params, Result } from '../../src-main/contract/api.js';
import type { Reply } from '../../src-main/contract/errors.js';
import { root } from './cli.js';

export function serverUrl(): string {
  const url = process.env['CROSSTAG_E2E_URL'];
  if (!url) throw new Error('CROSSTAG_E2E_URL is not set: run through playwright.config.ts (global setup)');
  return url;
}

/** Loads the app through the token URL (which sets the session cookie), on the given screen. */
export function openApp(page: Page, hash = ''): Promise<string[]> {
  return openAt(page, `${serverUrl()}${hash}`);
}

/** Loads the app at a served URL (another spec's own server); returns the console errors it logs. */
export async function openAt(page: Page, url: string): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(url);
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  return problems;
}

/** Calls the contract over HTTP with the page's session cookie, as the app itself does. */
export async function api<M extends Method>(page: Page, method: M, params: Params<M>): Promise<Result<M>> {
  const origin = new URL(serverUrl()).origin;
  const res = await page.request.post(`${origin}/api/${method}`, { data: params });
  const reply = (await res.json()) as Reply<Result<M>>;
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}

export async function shot(page: Page, name: string): Promise<void> {
  const dir = join(root, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

export function fixture(name: string): string {
  return join(root, 'test', 'fixtures', 'e2e', name);
}

/** A real drop of a file on `zone`: the file travels in a DataTransfer, as from the desktop. */
export async function dropFile(page: Page, zone: Locator, name: string, content: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ([n, c]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([c], n));
      return dt;
    },
    [name, content] as const,
  );
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}
