// Label Studio through the app: a dropped export is detected and imported with its predictions,
// and an export carries a model's predictions with the label config as a second download.

import { expect, test, type Download } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, dropFile, fixture, openApp } from './app.js';

test.describe('Label Studio', () => {
  test('a dropped Label Studio export is detected and imports its gold and its predictions', async ({ page }) => {
    // A project of its own: the shared one keeps exactly the predictions the other specs count.
    await openApp(page, '#/projects');
    const previous = (await api(page, 'projects.current', {}))!;
    const dir = mkdtempSync(join(tmpdir(), 'crosstag-e2e-interchange-'));
    try {
      await api(page, 'projects.create', { path: join(dir, 'review.sqlite'), name: 'Review', labels: ['PER', 'ORG', 'LOC'] });
      const problems = await openApp(page, '#/projects');
      await page.getByRole('button', { name: 'Import sentences…' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Import sentences' });
      await expect(dialog).toBeVisible();
      const zone = dialog.getByRole('button', { name: /Drop a CoNLL/ });
      await dropFile(page, zone, 'project-3-at-2024-05-01.json', readFileSync(fixture('en-review.json'), 'utf8'));

      await expect(dialog.getByTestId('preview-format')).toHaveText('labelstudio');
      await expect(dialog.getByTestId('preview-sentences')).toHaveText('2');
      await expect(dialog.getByText('Nordic')).toBeVisible();
      await dialog.getByRole('combobox', { name: 'Language' }).fill('en');
      await dialog.getByRole('combobox', { name: 'Split' }).selectOption('test');
      await dialog.getByRole('button', { name: 'Import 2 sentences' }).click();
      await expect(dialog.getByRole('status').filter({ hasText: 'Imported 2 sentences' })).toContainText('1 with predictions');

      const counts = await api(page, 'stats.splits', {});
      expect(counts).toEqual([{ lang: 'en', split: 'test', total: 2, unlabelled: 0, predicted: 1, gold: 1, corrected: 0 }]);
      const models = await api(page, 'models.list', {});
      expect(models).toEqual([expect.objectContaining({ name: 'review-model-3', kind: 'external', dir: '' })]);
      await dialog.getByRole('button', { name: 'Close' }).click();
      expect(problems).toEqual([]);
    } finally {
      await api(page, 'projects.open', { path: previous.path });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("exports a model's predictions as pre-annotations, with the label config as a second download", async ({ page }) => {
    await openApp(page, '#/projects');
    const models = await api(page, 'models.list', {});
    const student = models.find((m) => m.name === 'e2e student')!;
    // Sentences still holding that model's predictions, whatever other specs did to the rest.
    const { rows } = await api(page, 'sentences.list', {
      filter: { lang: 'es', status: 'predicted' },
      sort: 'document',
      offset: 0,
      limit: 1000,
    });
    let expected = 0;
    for (const row of rows) if ((await api(page, 'sentences.get', { id: row.id })).spans.some((s) => s.modelId === student.id)) expected++;
    expect(expected).toBeGreaterThan(0);

    const panel = page.getByRole('region', { name: 'Export' });
    await panel.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await panel.getByRole('combobox', { name: 'Format' }).selectOption('labelstudio');
    await panel.getByRole('combobox', { name: 'Predictions' }).selectOption({ label: 'e2e student (student)' });
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await panel.getByRole('button', { name: 'Export and download' }).click();
    await expect.poll(() => downloads.length).toBe(2);
    const [tasksFile, configFile] = downloads as [Download, Download];
    expect(tasksFile.suggestedFilename()).toMatch(/-es\.json$/);
    expect(configFile.suggestedFilename()).toMatch(/-es\.label-config\.xml$/);
    const tasks = JSON.parse(readFileSync(await tasksFile.path(), 'utf8')) as {
      predictions?: { model_version: string; result: { score?: number }[] }[];
    }[];
    const predicted = tasks.filter((t) => t.predictions !== undefined);
    expect(predicted).toHaveLength(expected);
    expect(predicted.every((t) => t.predictions![0]!.model_version === 'e2e student')).toBe(true);
    expect(predicted.flatMap((t) => t.predictions![0]!.result.map((r) => r.score))).toContain(0.93);
    const config = readFileSync(await configFile.path(), 'utf8');
    expect(config).toContain('<Label value="PER" background="#e15759"/>');
    expect(config).toContain('<Text name="text" value="$text"/>');
    await expect(panel.getByRole('status')).toContainText(`${expected} with predictions`);
  });
});
