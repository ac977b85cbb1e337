import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, openApp, shot } from './app.js';

test.describe('Projects', () => {
  test('the label set editor saves names, colours and keys, and Annotate uses them', async ({ page }) => {
    await openApp(page, '#/projects');
    const editor = page.getByRole('region', { name: 'Label set' });
    await editor.getByRole('button', { name: 'Add label' }).click();
    await editor.getByRole('textbox', { name: 'Name of label 5' }).fill('PER');
    await expect(editor.getByRole('list')).toContainText('"PER" is already used');
    await expect(editor.getByRole('button', { name: 'Save labels' })).toBeDisabled();
    await editor.getByRole('textbox', { name: 'Name of label 5' }).fill('DATE');
    await expect(editor.getByRole('combobox', { name: 'Key for label DATE' })).toHaveValue('5');
    await editor.getByRole('button', { name: 'Save labels' }).click();
    await expect(editor.getByRole('status')).toHaveText('Label set saved.');
    expect((await api(page, 'projects.current', {}))!.labels.map((l) => l.name)).toContain('DATE');

    await page.getByRole('button', { name: 'Annotate', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Apply DATE (key 5)' })).toBeVisible();
  });

  test('a language added as Hebrew defaults to right to left', async ({ page }) => {
    await openApp(page, '#/projects');
    const langs = page.getByRole('region', { name: 'Languages' });
    await langs.getByRole('textbox', { name: 'Code' }).fill('he');
    await expect(langs.getByRole('combobox', { name: 'Direction' })).toHaveValue('rtl');
    await langs.getByRole('textbox', { name: 'Name' }).fill('Hebrew');
    await langs.getByRole('button', { name: 'Add language' }).click();
    await expect(langs.getByRole('row', { name: /Hebrew/ })).toContainText('right ← left');
  });

  test('creates a new project (empty state first), then reopens the previous one from Recent', async ({ page }) => {
    await openApp(page, '#/projects');
    const previous = (await api(page, 'projects.current', {}))!;
    const dir = mkdtempSync(join(tmpdir(), 'crosstag-e2e-new-'));
    const path = join(dir, 'fresh.sqlite');
    try {
      const form = page.getByRole('region', { name: 'New project' });
      await form.getByRole('textbox', { name: 'Name' }).fill('Fresh');
      await form.getByRole('textbox', { name: 'File path' }).fill(path);
      await form.getByRole('button', { name: 'Create project' }).click();
      const current = page.getByRole('region', { name: 'Open project' }).first();
      await expect(current).toContainText('Fresh');
      await expect(page.getByRole('heading', { name: 'Import labelled sentences in your source language' })).toBeVisible();
      await page.getByRole('button', { name: 'Annotate', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'Import labelled sentences in your source language' })).toBeVisible();
      await shot(page, 'annotate-empty');

      await page.getByRole('button', { name: 'Projects', exact: true }).click();
      await page.getByRole('button', { name: `Open ${previous.name}` }).click();
      await expect(current).toContainText(previous.name);
    } finally {
      if ((await api(page, 'projects.current', {}))?.path !== previous.path) await api(page, 'projects.open', { path: previous.path });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
