// Train ▸ Run elsewhere…: the form's run written as a bundle for the PyTorch trainer, with the
// commands that train it; a folder that is not empty is refused and left as it was.

import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shot } from './app.js';
import { root } from './cli.js';
import { startTrainingServer, type TrainingServer } from './training-project.js';

const TINY = join(root, 'test', 'fixtures', 'bert', 'tiny');

let server: TrainingServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startTrainingServer();
  await server.call('encoders.add', { dir: TINY, name: 'Tiny BERT' });
});

test.afterAll(async () => {
  await server?.close();
});

test.describe('Run elsewhere', () => {
  test('writes the form’s run as a training bundle and shows the commands that train it', async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}#/train`);
    const form = page.getByRole('form', { name: 'New training run' });
    await form.getByLabel('Teacher epochs').fill('3');
    await form.getByLabel('Student epochs').fill('1');

    await form.getByRole('button', { name: 'Run elsewhere…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run elsewhere' });
    await expect(dialog).toContainText('The PyTorch trainer trains pretrained encoders');
    await expect(dialog.getByRole('button', { name: 'Write bundle' })).toBeDisabled();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await form.getByRole('combobox', { name: /^Encoder/ }).selectOption({ label: 'Tiny BERT' });
    await form.getByRole('button', { name: 'Run elsewhere…' }).click();
    const bundle = join(server.dir, 'bundle');
    await dialog.getByLabel('Bundle folder (new or empty)').fill(bundle);
    await dialog.getByRole('button', { name: 'Write bundle' }).click();
    const written = dialog.getByRole('region', { name: 'Bundle written' });
    await expect(written).toContainText(`Written to ${bundle}: 16 labelled, 10 target and 4 dev sentences, 0 linked pairs.`);
    await expect(written).toContainText('Word pieces are included: the other machine needs only PyTorch.');
    await expect(written).toContainText('torchrun --standalone --nproc_per_node=NUM_GPUS train.py . --out run');
    await expect(written).toContainText('crosstag import-model run/student --db');
    await shot(page, 'train-run-elsewhere');

    const run = JSON.parse(readFileSync(join(bundle, 'run.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(run['encoder']!['source']).toBe(TINY);
    expect(run['encoder']!['path']).toBe('encoder');
    expect(run['teacher']!['epochs']).toBe(3);
    expect(run['student']!['epochs']).toBe(1);
    expect(run['selectOn']).toBe('target-dev');
    expect(readdirSync(bundle).sort()).toEqual(['README.md', 'crosstag_trainer', 'data', 'encoder', 'run.json', 'train.py']);
    expect(
      readFileSync(join(bundle, 'data', 'source.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(16);

    // The same folder again: refused, and the bundle in it is untouched.
    await dialog.getByRole('button', { name: 'Write bundle' }).click();
    await expect(dialog.getByRole('alert')).toContainText('already exists and is not an empty folder');
    expect(existsSync(join(bundle, 'run.json'))).toBe(true);
    expect(problems).toEqual([]);
  });
});
