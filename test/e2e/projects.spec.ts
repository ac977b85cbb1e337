import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dictionary, sourceCorpus, targetText } from '../support/casing.js';
import { api, openApp, shot } from './app.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

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

  test('Letter case says which language capitalises its common words, which has no case, and what training does', async ({ page }) => {
    const problems = await openApp(page, '#/projects');
    const previous = (await api(page, 'projects.current', {}))!;
    const dir = mkdtempSync(join(tmpdir(), 'crosstag-e2e-casing-'));
    try {
      await api(page, 'projects.create', { path: join(dir, 'casing.sqlite'), name: 'Casing', labels: ['PER', 'LOC'] });
      const conll = sourceCorpus(200)
        .map((s) => s.tokens.map((t, i) => `${t} ${s.tags![i]}`).join('\n'))
        .join('\n\n');
      await api(page, 'imports.run', { source: { kind: 'bytes', name: 'en.conll', base64: b64(conll) }, lang: 'en', split: 'train' });
      for (const [lang, convention] of [
        ['de', 'nouns'],
        ['ar', 'caseless'],
      ] as const) {
        const text = targetText(convention, 300)
          .map((s) => s.tokens.join(' '))
          .join('\n');
        await api(page, 'imports.run', {
          source: { kind: 'bytes', name: `${lang}.txt`, base64: b64(text) },
          lang,
          split: 'unlabelled',
          unlabelled: true,
        });
      }
      // The project was made through the API: load the app on it.
      await page.reload();
      const section = page.getByRole('region', { name: 'Letter case' });
      const de = section.locator('li[data-lang="de"]');
      await expect(de).toContainText('Capitalises common words: unknown; import a dictionary into de to tell');
      await expect(section.locator('li[data-lang="ar"]')).toContainText('No letter case: its script has no capitals');
      await expect(section.locator('li[data-lang="ar"]')).toContainText('training lowercases the source sentences');

      // A dictionary into de tells its common words from its names.
      const lines = [...dictionary('nouns')].map(([en, [xx]]) => `${en} ${xx}`).join('\n');
      await api(page, 'dictionaries.import', {
        source: { kind: 'bytes', name: 'en-de.txt', base64: b64(lines) },
        srcLang: 'en',
        tgtLang: 'de',
      });
      await section.getByRole('button', { name: 'Read again' }).click();
      await expect(de.getByTestId('casing-verdict')).toHaveText(
        /^Capitalises common words: yes, \d+% of \d+ dictionary translations of common en words \(“en-de”\) appear capitalised mid-sentence$/,
      );
      await expect(de).toHaveClass(/hard/);
      await expect(de).toContainText('100% of sentences start with a capital');
      await section.scrollIntoViewIfNeeded();
      await shot(page, 'projects-casing');
      expect(problems).toEqual([]);
    } finally {
      await api(page, 'projects.open', { path: previous.path });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
