import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { api, fixture, openApp, shot } from './app.js';

test.describe('Import', () => {
  test('a dropped file shows its preview, then imports into the chosen language and split', async ({ page }) => {
    const problems = await openApp(page, '#/projects');
    const before = (await api(page, 'projects.current', {}))!.sentences;
    await page.getByRole('button', { name: 'Import sentences…' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import sentences' });
    await expect(dialog).toBeVisible();

    // A real drop: the file travels in a DataTransfer, as from the desktop.
    const text = readFileSync(fixture('en-dev.conll'), 'utf8');
    const transfer = await page.evaluateHandle((content) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], 'en-dev.conll', { type: 'text/plain' }));
      return dt;
    }, text);
    const zone = dialog.getByRole('button', { name: /Drop a CoNLL/ });
    await zone.dispatchEvent('dragover', { dataTransfer: transfer });
    await zone.dispatchEvent('drop', { dataTransfer: transfer });

    await expect(dialog.getByTestId('preview-format')).toHaveText('conll');
    await expect(dialog.getByTestId('preview-scheme')).toHaveText('iob2');
    await expect(dialog.getByTestId('preview-sentences')).toHaveText('3');
    await expect(dialog.getByText('Merkel')).toBeVisible();
    await shot(page, 'import-preview');

    await dialog.getByRole('combobox', { name: 'Language' }).fill('en');
    await dialog.getByRole('combobox', { name: 'Split' }).selectOption('dev');
    await dialog.getByRole('button', { name: 'Import 3 sentences' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'Imported 3 sentences' })).toBeVisible();

    const counts = await api(page, 'stats.splits', {});
    expect(counts.find((c) => c.lang === 'en' && c.split === 'dev')?.total).toBe(3);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByTestId('project-sentences')).toHaveText(String(before + 3));
    expect(problems).toEqual([]);
  });

  test('a malformed file shows its error with the line quoted, and changes nothing', async ({ page }) => {
    const LINE_3 = 'German\tX-MISC';
    await openApp(page, '#/projects');
    const before = await api(page, 'stats.splits', {});
    await page.getByRole('button', { name: 'Import sentences…' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import sentences' });
    // showModal() moves focus into the dialog as it opens: focus the drop zone only after that.
    await expect(dialog).toBeVisible();
    // Keyboard only: the drop zone opens the file chooser with Enter.
    const zone = dialog.getByRole('button', { name: /Drop a CoNLL/ });
    await zone.focus();
    await expect(zone).toBeFocused();
    const chooser = page.waitForEvent('filechooser');
    // Listening turns on file chooser interception without waiting for it; one round trip to the
    // page lets it take effect first, or headless Chromium cancels the chooser it opens.
    await page.evaluate(() => 0);
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(fixture('bad-tag.conll'));

    const error = dialog.getByRole('alert');
    await expect(error).toContainText('bad-tag.conll');
    await expect(error).toContainText('bad-tag.conll, line 3');
    // The line itself, quoted, so the person sees what is wrong with it.
    await expect(error.getByLabel('Line 3 of bad-tag.conll')).toHaveText(LINE_3);
    await expect(error).toContainText('Fix that line in the file');
    await expect(dialog.getByRole('button', { name: /^Import \d* ?sentences$/ })).toBeDisabled();
    await shot(page, 'import-error');

    expect(await api(page, 'stats.splits', {})).toEqual(before);
  });
});

test.describe('Export', () => {
  test('downloads one language and split in the chosen format and scheme', async ({ page }) => {
    await openApp(page, '#/projects');
    const panel = page.getByRole('region', { name: 'Export' });
    await panel.getByRole('combobox', { name: 'Language' }).selectOption('en');
    await panel.getByRole('combobox', { name: 'Split' }).selectOption('train');
    await panel.getByRole('combobox', { name: 'Tag scheme' }).selectOption('bioes');
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Export and download' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/-en-train\.conll$/);
    const text = readFileSync(await file.path(), 'utf8');
    expect(text).toMatch(/^Acme\s+S-ORG$/m);
    expect(text).toMatch(/^Lee\s+E-PER$/m);
    expect(text).not.toContain('Marie');
    await expect(panel.getByRole('status')).toContainText('Exported 3 sentences');
  });
});
