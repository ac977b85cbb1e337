// Pretrained encoders from Settings, on a project of its own: add the tiny BERT checkpoint of
// test/fixtures/bert by its folder, see it listed with its summary and offered on the Train form
// with frozen layers, see the offline error under "Download from hub", and remove it again.

import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { shot } from './app.js';
import { root } from './cli.js';
import { startTrainingServer, type TrainingServer } from './training-project.js';

const TINY = join(root, 'test', 'fixtures', 'bert', 'tiny');

let server: TrainingServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // The server must never reach the real hub from a test: a .invalid host never resolves (RFC 2606),
  // which is what a computer without a network sees of huggingface.co.
  const before = process.env['HF_ENDPOINT'];
  process.env['HF_ENDPOINT'] = 'https://huggingface.invalid';
  try {
    server = await startTrainingServer();
  } finally {
    if (before === undefined) delete process.env['HF_ENDPOINT'];
    else process.env['HF_ENDPOINT'] = before;
  }
});

test.afterAll(async () => {
  await server?.close();
});

async function open(page: Page, hash: string): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}${hash}`);
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  return problems;
}

const section = (page: Page) => page.getByRole('region', { name: 'Encoders' });

test.describe('Pretrained encoders', () => {
  test('a checkpoint folder added in Settings is listed and offered on the Train form; a download offline says what to do', async ({
    page,
  }) => {
    const problems = await open(page, '#/settings');
    const encoders = section(page);
    await expect(encoders).toContainText('No pretrained encoders in this project yet.');
    await expect(encoders).toContainText('small-transformer');

    const add = encoders.getByRole('form', { name: 'Add pretrained encoder… (folder)' });
    await add.getByLabel('Folder').fill(join(root, 'test', 'fixtures', 'bert'));
    await add.getByRole('button', { name: 'Add' }).click();
    await expect(add.getByRole('alert')).toContainText('config.json');
    await expect(add.getByRole('alert')).toContainText('the one holding config.json, vocab.txt and model.safetensors');

    await add.getByLabel('Folder').fill(TINY);
    await add.getByLabel('Name (optional)').fill('Tiny BERT');
    await add.getByRole('button', { name: 'Add' }).click();
    const row = encoders.getByRole('table', { name: 'Pretrained encoders' }).getByRole('row', { name: /Tiny BERT/ });
    await expect(row).toContainText('bert · 2 layers · hidden 32 · 183 word pieces · cased · 22k parameters');
    await expect(row).toContainText('✓ ready');
    await expect(row).toContainText(TINY);
    await expect(add.getByRole('alert')).toHaveCount(0);
    await expect(encoders.getByRole('status').filter({ hasText: 'Added “Tiny BERT”' })).toBeVisible();

    const download = encoders.getByRole('form', { name: 'Download from hub' });
    await download.getByLabel('Repository').fill('google-bert/bert-base-multilingual-cased');
    await download.getByRole('button', { name: 'Download' }).click();
    const offline = download.getByRole('alert');
    await expect(offline).toContainText('cannot reach huggingface.invalid to download google-bert/bert-base-multilingual-cased', {
      timeout: 10_000,
    });
    await expect(offline).toContainText('this computer seems to be offline');
    await expect(offline).toContainText('copy the folder to this computer and add it with “Add pretrained encoder” above');
    await expect(download.getByRole('button', { name: 'Download' })).toBeEnabled();
    await shot(page, 'settings-encoders');

    await page.goto(`${server.url}#/train`);
    const form = page.getByRole('form', { name: 'New training run' });
    const select = form.getByRole('combobox', { name: /^Encoder/ });
    await expect(select.locator('optgroup[label="Pretrained (fine-tuned)"] option')).toHaveText(['Tiny BERT']);
    await select.selectOption({ label: 'Tiny BERT' });
    await expect(form.locator('#encoder-help')).toContainText('bert · 2 layers · hidden 32');
    await expect(form.locator('#encoder-help')).toContainText('fits in memory on every backend');
    const freeze = form.getByLabel('Frozen lower layers (0–1)');
    await expect(freeze).toHaveValue('0');
    await freeze.fill('1');
    await expect(freeze).toHaveAccessibleDescription(/Keeps the embeddings and the lowest layers as pretrained/);
    await shot(page, 'train-pretrained-encoder');
    // The form sends exactly what the engine takes.
    await select.selectOption('small-cnn');
    await expect(form.getByLabel('Frozen lower layers (0–1)')).toHaveCount(0);
    await select.selectOption({ label: 'Tiny BERT' });
    await expect(form.getByLabel('Frozen lower layers (0–1)')).toHaveValue('0');

    await page.goto(`${server.url}#/settings`);
    await section(page).getByRole('button', { name: 'Remove encoder Tiny BERT' }).click();
    await expect(section(page)).toContainText('No pretrained encoders in this project yet.');
    expect((await server.call('encoders.list', {})).filter((e) => e.kind === 'pretrained')).toEqual([]);
    expect(problems).toEqual([]);
  });
});
