// Pretrained encoders from Settings, on a project of its own: add the tiny BERT checkpoint of
// test/fixtures/bert by its folder, see it listed with its summary and offered on the Train form
// with frozen layers, see the offline error under "Download from hub", and remove it again; see
// the recommended encoders and download one from a local stand-in for the hub (the tiny XLM-R of
// test/fixtures/pretrained served as FacebookAI/xlm-roberta-base), with progress, until the Train
// form offers it.

import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { shot } from './app.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { crosstag, root } from './cli.js';
import { startHubServer, type HubServer } from '../support/hub-server.js';
import { startTrainingServer, type TrainingServer } from './training-project.js';

const TINY = join(root, 'test', 'fixtures', 'bert', 'tiny');
const TINY_XLMR = join(root, 'test', 'fixtures', 'pretrained', 'xlm-roberta');

let server: TrainingServer;
let hub: HubServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // The server must never reach the real hub from a test: it talks to a local stand-in, which drops
  // the connections of mBERT's repository, as a computer without a network sees huggingface.co.
  hub = await startHubServer({ 'FacebookAI/xlm-roberta-base': TINY_XLMR }, { unreachable: ['google-bert/bert-base-multilingual-cased'] });
  const before = process.env['HF_ENDPOINT'];
  process.env['HF_ENDPOINT'] = hub.endpoint;
  try {
    server = await startTrainingServer();
  } finally {
    if (before === undefined) delete process.env['HF_ENDPOINT'];
    else process.env['HF_ENDPOINT'] = before;
  }
});

test.afterAll(async () => {
  await server?.close();
  await hub?.close();
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
    await expect(add.getByRole('alert')).toContainText('the one holding config.json, model.safetensors and tokenizer.json or vocab.txt');

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
    await expect(offline).toContainText('cannot reach 127.0.0.1', { timeout: 10_000 });
    await expect(offline).toContainText('to download google-bert/bert-base-multilingual-cased');
    await expect(offline).toContainText('this computer seems to be offline');
    await expect(offline).toContainText('copy the folder to this computer and add it with “Add pretrained encoder” below');
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

  test('the recommended encoders say what they cost, and one downloads with progress and appears on the Train form', async ({ page }) => {
    const problems = await open(page, '#/settings');
    const list = section(page).getByRole('list', { name: 'Recommended encoders' });
    await expect(list.locator('li[data-repo]')).toHaveCount(4);
    const xlmrBase = list.locator('li[data-repo="FacebookAI/xlm-roberta-base"]');
    await expect(xlmrBase).toContainText('XLM-RoBERTa base');
    await expect(xlmrBase).toContainText('277M parameters');
    const memory = xlmrBase.getByRole('list', { name: 'Teacher memory of XLM-RoBERTa base' });
    await expect(memory).toContainText('tfjs-node-gpu: 12.9 GB');
    await expect(memory).toContainText('wasm: does not fit');
    const mbert = list.locator('li[data-repo="google-bert/bert-base-multilingual-cased"]');
    await expect(mbert).toContainText('de 69.56 · es 74.96 · nl 77.57');
    await expect(mbert).toContainText('Wu and Dredze (2019)');
    await expect(list.locator('li[data-repo="FacebookAI/xlm-roberta-large"]')).toContainText('Conneau et al. (2020)');

    // Slow enough to watch: 8 KB every 100 ms.
    Object.assign(hub.behaviour, { chunkBytes: 8192, delayMs: 100 });
    await xlmrBase.getByRole('button', { name: 'Download FacebookAI/xlm-roberta-base' }).click();
    const progress = section(page).getByRole('progressbar', { name: 'Download of FacebookAI/xlm-roberta-base' });
    await expect(progress).toBeVisible();
    await expect(
      section(page)
        .getByRole('status')
        .filter({ hasText: /model\.safetensors: \d/ }),
    ).toBeVisible();
    await shot(page, 'settings-encoders-download');
    const row = section(page)
      .getByRole('table', { name: 'Pretrained encoders' })
      .getByRole('row', { name: /FacebookAI\/xlm-roberta-base/ });
    await expect(row).toContainText('xlm-roberta · 2 layers · hidden 32', { timeout: 20_000 });
    await expect(row).toContainText('Unigram tokenizer');
    await expect(row).toContainText('✓ ready');
    await expect(xlmrBase).toContainText('✓ in this project');
    hub.reset();

    await page.goto(`${server.url}#/train`);
    const select = page.getByRole('form', { name: 'New training run' }).getByRole('combobox', { name: /^Encoder/ });
    await expect(select.locator('optgroup[label="Pretrained (fine-tuned)"] option')).toHaveText(['FacebookAI/xlm-roberta-base']);
    await select.selectOption({ label: 'FacebookAI/xlm-roberta-base' });
    await expect(page.locator('#encoder-help')).toContainText('xlm-roberta · 2 layers · hidden 32');
    expect(problems).toEqual([]);
  });

  test('Models ▸ Export ▸ Hugging Face writes a checkpoint for a pretrained-encoder model, and says why not for a small one', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    // Two teachers trained on the command line and imported: one on the tiny XLM-R, one small.
    const source = join(server.dir, 'hf-source.conll');
    writeFileSync(source, ['Alice B-PER', 'went O', 'to O', 'Paris B-LOC', '', 'Bruno B-PER', 'saw O', 'Lima B-LOC', ''].join('\n'));
    for (const [name, encoder] of [
      ['xlmr-teacher', `xlm-roberta:${TINY_XLMR}`],
      ['small-teacher', 'small'],
    ]) {
      const out = join(server.dir, name);
      crosstag([
        'train-teacher',
        '--source',
        source,
        '--out',
        out,
        '--encoder',
        encoder!,
        '--epochs',
        '1',
        '--evaluator-epochs',
        '0',
        '--quiet',
      ]);
      await server.call('models.import', { path: out, name: name! });
    }
    const problems = await open(page, '#/models');
    // An imported model's folder is named after it.
    const row = (name: string) => page.locator('tr[data-model-id]').filter({ hasText: `/models/${name}-` });

    await row('small-teacher').getByRole('button', { name: 'Export model small-teacher' }).click();
    const hf = page.getByRole('radio', { name: 'Hugging Face (transformers)' });
    await expect(hf).toBeDisabled();
    await expect(hf).toHaveAccessibleDescription(/its small encoder is Crosstag’s own, and transformers has no architecture to load it as/);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await row('xlmr-teacher').getByRole('button', { name: 'Export model xlmr-teacher' }).click();
    await hf.check();
    const folder = join(server.dir, 'hf-export');
    await page.getByLabel(/^Export to a new folder/).fill(folder);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'as a Hugging Face checkpoint' })).toContainText(
      `AutoModelForTokenClassification.from_pretrained("${folder}")`,
    );
    const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config['architectures']).toEqual(['XLMRobertaForTokenClassification']);
    for (const f of ['model.safetensors', 'tokenizer.json', 'sentencepiece.bpe.model']) expect(existsSync(join(folder, f)), f).toBe(true);
    await shot(page, 'models-export-hf');
    expect(problems).toEqual([]);
  });
});
