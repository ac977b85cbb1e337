// Settings ▸ Compute backend: the engine's report (what it runs on, the GPU it found, why not a
// faster backend) and the thread count, which the next worker uses and which survives a reload.

import { expect, test } from '@playwright/test';
import { api, openApp, shot } from './app.js';

test('shows the backend report and changes the WebAssembly thread count', async ({ page }) => {
  const problems = await openApp(page, '#/settings');
  const section = page.getByRole('region', { name: 'Compute backend' });
  const chosen = section.getByTestId('backend-chosen');
  await expect(chosen).toContainText(/wasm|webgpu|tfjs-node|cpu/, { timeout: 20_000 });
  const report = await api(page, 'backend.info', {});
  const items = section.getByRole('listitem');
  await expect(items).toHaveCount(report.tried.length);
  for (const [i, t] of report.tried.entries()) await expect(items.nth(i)).toHaveText(`${t.ok ? '✓' : '✗'} ${t.name}: ${t.reason}`);
  if (report.adapter) await expect(section).toContainText(`GPU found: ${report.adapter.description}`);

  const threads = section.getByRole('combobox', { name: 'Threads for the WebAssembly backend' });
  const { cores } = await api(page, 'backend.settings', {});
  await expect(threads).toHaveValue('all');
  await expect(threads.locator('option').first()).toHaveText(`Every core (${cores})`);
  await threads.selectOption('1');
  if (report.chosen === 'wasm') await expect(chosen).toContainText('wasm on 1 thread', { timeout: 20_000 });
  expect((await api(page, 'backend.settings', {})).threads).toBe(1);
  await shot(page, 'settings-backend');

  await page.reload();
  await expect(page.getByRole('region', { name: 'Compute backend' }).getByRole('combobox')).toHaveValue('1');
  await page.getByRole('region', { name: 'Compute backend' }).getByRole('combobox').selectOption('all');
  await expect.poll(async () => (await api(page, 'backend.settings', {})).threads).toBeNull();
  expect(problems).toEqual([]);
});
