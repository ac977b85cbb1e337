// A newcomer's first run, on a project of its own: Annotate never edits a sentence the filters
// hide and its undo says what it takes back (and leaves Pairs' links alone); an import proposes
// the language of a Spanish file and asks before adding a label; the published en-es dictionary
// downloads from a local stand-in for MUSE's server with progress and appears on the Train form,
// and offline the app says where to get it; a student below its teacher is said plainly; `?`
// shows the keys of the screen in view; a missing recent project can be removed.

import { expect, test, type Page } from '@playwright/test';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { openStore } from '../../src-main/core/store/index.js';
import { trainingConfig } from '../support/training.js';
import { openAt } from './app.js';
import { startTrainingServer, type TrainingServer } from './training-project.js';

let server: TrainingServer;
let musePort: number;
let muse: Server | null = null;

// A MUSE-style file, long enough that its download is seen in progress (served in slow chunks).
const DICTIONARY =
  ['went fue', 'to a', 'met vio', 'in en', 'today hoy', ...Array.from({ length: 3000 }, (_, i) => `w${i} p${i}`)].join('\n') + '\n';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // A port with nothing on it: the dictionary address is offline until the stand-in listens there.
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  musePort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  server = await startTrainingServer({ CROSSTAG_MUSE_URL: `http://127.0.0.1:${musePort}/arrival/dictionaries` });
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => (muse ? muse.close(() => resolve()) : resolve()));
  await server?.close();
});

function startMuse(): Promise<void> {
  const body = Buffer.from(DICTIONARY);
  muse = createServer((req, res) => {
    if (req.url !== '/arrival/dictionaries/en-es.txt') {
      res.writeHead(404);
      return void res.end();
    }
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'text/plain' });
    if (req.method === 'HEAD') return void res.end();
    let at = 0;
    const step = Math.ceil(body.length / 8);
    const next = (): void => {
      if (at >= body.length) return void res.end();
      res.write(body.subarray(at, at + step));
      at += step;
      setTimeout(next, 250);
    };
    next();
  });
  return new Promise((resolve) => muse!.listen(musePort, '127.0.0.1', () => resolve()));
}

const open = (page: Page, hash: string): Promise<string[]> => openAt(page, `${server.url}${hash}`);

const tokens = (page: Page) => page.getByRole('listbox', { name: /^Tokens/ });
const sentenceId = (page: Page) => Number(/#\/annotate\/(\d+)$/.exec(page.url())?.[1] ?? NaN);

test.describe('A first run that earns trust', () => {
  test('filters then keys never touch a hidden sentence; undo says what it takes back and leaves the links alone', async ({ page }) => {
    const problems = await open(page, '#/annotate');
    await expect(tokens(page)).toBeVisible();
    await expect(page.locator('.sentence .head')).toContainText('en');
    const english = sentenceId(page);
    const englishBefore = await server.call('sentences.get', { id: english });

    // The English sentence had focus; the Spanish filter must not leave it in the editor.
    await tokens(page).focus();
    const list = page.getByRole('complementary', { name: 'Sentences' });
    await list.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await list.getByRole('combobox', { name: 'Split' }).selectOption('unlabelled');
    await expect(list.getByText('10 sentences match')).toBeVisible();
    // The first sentence of the new list is open: Spanish and unlabelled, no longer the English one.
    await expect(page.locator('.sentence .head')).toContainText('unlabelled');
    const spanish = sentenceId(page);
    expect(spanish).not.toBe(english);
    expect((await server.call('sentences.get', { id: spanish })).lang).toBe('es');
    await tokens(page).focus();
    await page.keyboard.press('1');
    await expect(page.locator('.tokens [data-label="PER"]')).toHaveCount(1);
    expect(await server.call('sentences.get', { id: english })).toEqual(englishBefore);

    // Filters nothing matches: no sentence in the editor, and a key changes nothing.
    await list.getByRole('combobox', { name: 'Status' }).selectOption('corrected');
    await expect(page.getByText('No sentences match these filters')).toBeVisible();
    await expect(tokens(page)).toHaveCount(0);
    await page.locator('body').focus();
    await page.keyboard.press('2');
    expect((await server.call('sentences.get', { id: spanish })).spans.map((s) => s.label)).toEqual(['PER']);
    await list.getByRole('combobox', { name: 'Status' }).selectOption('');
    await expect(tokens(page)).toBeVisible();

    // A link made in Pairs after the tag: Annotate's undo still takes back the tag, in words.
    const tagged = await server.call('sentences.get', { id: spanish });
    const word = tagged.text.split(' ')[0]!;
    const nextUndo = page.getByTestId('undo-next');
    await expect(nextUndo).toHaveText(`Ctrl+Z undoes: PER “${word}” in “${tagged.text}”`);
    const pair = await server.call('pairs.create', { a: english, b: spanish });
    await server.call('pairs.link', { pairId: pair.id, i: 0, j: 0, value: 'same' });
    await tokens(page).focus();
    await page.keyboard.press('Control+z');
    await expect(page.locator('.sentence').getByRole('status').filter({ hasText: 'Undone:' })).toHaveText(
      `Undone: PER “${word}” in “${tagged.text}”`,
    );
    await expect(page.locator('.tokens [data-label="PER"]')).toHaveCount(0);
    expect((await server.call('pairs.get', { id: pair.id })).links).toHaveLength(1);

    // Pairs undoes its own link, and says which.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Pairs', exact: true }).click();
    await expect(page.getByTestId('pairs-undo-next')).toContainText(/^Ctrl\+Z undoes: link same “.+” ↔ “.+”$/);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await server.call('pairs.get', { id: pair.id })).links.length).toBe(0);
    await expect(page.getByTestId('pairs-undo-next')).toHaveText('No link edits to undo.');
    await server.call('pairs.delete', { id: pair.id });
    expect(problems).toEqual([]);
  });

  test('a Spanish file is proposed as es, and a label the project lacks is added only once confirmed', async ({ page }) => {
    const problems = await open(page, '#/projects');
    await page.getByRole('button', { name: 'Import sentences…' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import sentences' });
    const file = [
      'El O',
      'festival O',
      'de O',
      'Cannes B-EVENT',
      'y O',
      'los O',
      'premios O',
      'de O',
      'la O',
      'ciudad O',
      '',
      'Dora B-PER',
      'fue O',
      'a O',
      'Lima B-LOC',
      '',
      ...'La película ganó el premio del jurado y la directora dijo que el año fue muy bueno para el cine de su país , cuando la crítica esperaba otra cosa .'
        .split(' ')
        .map((w) => `${w} O`),
      '',
      ...'Los productores anunciaron que la próxima edición tendrá más salas , y el público podrá comprar las entradas desde el lunes en la página del festival .'
        .split(' ')
        .map((w) => `${w} O`),
      '',
    ].join('\n');
    const chooser = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: /Drop a CoNLL/ }).click();
    await (await chooser).setFiles({ name: 'noticias.conll', mimeType: 'text/plain', buffer: Buffer.from(file) });

    await expect(dialog.getByTestId('import-guess')).toContainText(
      'Proposed language: Spanish (es) from the text (its letter trigrams (franc)',
    );
    await expect(dialog.getByRole('combobox', { name: 'Language' })).toHaveValue('es');
    await expect(dialog.getByRole('combobox', { name: 'Split' })).toHaveValue('train');
    await expect(dialog.getByTestId('import-guess')).toContainText('Proposed split: train, as the file has tags');
    const newLabels = dialog.getByRole('group', { name: 'Entity types the project lacks' });
    const add = newLabels.getByRole('checkbox', { name: /Add EVENT/ });
    await expect(add).not.toBeChecked();
    const importButton = dialog.getByRole('button', { name: 'Import 4 sentences' });
    await expect(importButton).toBeDisabled();
    expect((await server.call('projects.current', {}))!.labels.map((l) => l.name)).not.toContain('EVENT');

    await add.check();
    await importButton.click();
    await expect(dialog.getByRole('status').filter({ hasText: 'Imported 4 sentences' })).toContainText('into es / train');
    expect((await server.call('projects.current', {}))!.labels.map((l) => l.name)).toContain('EVENT');

    // A binary file is told it is not a corpus, without a line to fix.
    await dialog.getByRole('button', { name: 'Import another file' }).click();
    const again = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: /Drop a CoNLL/ }).click();
    await (
      await again
    ).setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48]) });
    await expect(dialog.getByRole('alert')).toContainText('this is not a text corpus: it looks like a binary file');
    await expect(dialog.getByRole('alert')).toContainText('Choose a corpus file: CoNLL, JSONL or plain text.');
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  });

  test('offline, the dictionary download says where to get the file; online it shows progress and lands on the Train form', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const problems = await open(page, '#/train');
    const offer = page.getByRole('group', { name: 'Download MUSE en-es' });
    await expect(offer).toContainText('Conneau et al., 2018');
    await expect(offer).toContainText('Licence: CC BY-NC 4.0 (non-commercial use)');
    await expect(offer).toContainText(`http://127.0.0.1:${musePort}/arrival/dictionaries/en-es.txt`);
    await expect(page.getByRole('form', { name: 'New training run' })).toContainText('about 35 F1 without one and 52–56 with');
    await expect(page.getByRole('form', { name: 'New training run' })).toContainText('mBERT reaches 75.0 F1 on CoNLL-2002 Spanish');

    await offer.getByRole('button', { name: 'Download MUSE en-es' }).click();
    const alert = offer.getByRole('alert');
    await expect(alert).toContainText('this computer seems to be offline');
    await expect(alert).toContainText(`download http://127.0.0.1:${musePort}/arrival/dictionaries/en-es.txt (CC BY-NC 4.0`);
    await expect(alert).toContainText('import the file under Projects ▸ Dictionaries with en as source and es as target');

    await startMuse();
    await offer.getByRole('button', { name: 'Download MUSE en-es' }).click();
    await expect(offer.getByRole('progressbar', { name: 'Download of MUSE en-es' })).toBeVisible();
    await expect(offer.getByRole('status')).toContainText(/KB of \d+\.\d KB/);
    const select = page.getByRole('combobox', { name: 'Dictionary (code-switching)' });
    await expect(select).toHaveValue(/^\d+$/, { timeout: 20_000 });
    await expect(select.locator('option:checked')).toHaveText('MUSE en-es (en→es)');
    await expect(page.getByRole('group', { name: 'Download MUSE en-es' })).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('a student that ends below its teacher is said plainly, with what to try', async ({ page }) => {
    // A finished run as the engine records it, with the figures the demo run ended on.
    const store = openStore(server.db);
    let runId: number;
    try {
      const config = trainingConfig({ epochs: 2, evaluatorEpochs: 1, studentEpochs: 2, predictAfter: false });
      const run = store.runs.create('pipeline', { ...config }, 'running');
      runId = run.id;
      const epoch = (stage: 'teacher-recognizer' | 'teacher-evaluator' | 'student', n: number, devF1: number) =>
        store.runs.addMetrics(run.id, { stage, epoch: n, loss: 1 / n, devF1, tokensPerSec: 1000, seconds: 5 });
      epoch('teacher-recognizer', 1, 0.31);
      epoch('teacher-recognizer', 2, 0.38);
      epoch('teacher-evaluator', 1, 0.58);
      epoch('student', 1, 0.352);
      epoch('student', 2, 0.366);
      store.runs.update(run.id, { status: 'completed' });
    } finally {
      store.close();
    }
    const problems = await open(page, '#/train');
    const row = page.locator(`tr[data-run-id="${runId}"]`);
    await expect(row).toContainText('below its teacher');
    await row.getByRole('button', { name: `Run ${runId}` }).click();
    const note = page.getByRole('note', { name: 'Student below its teacher' });
    await expect(note).toContainText('The student ended below its teacher: 36.6% against 38.0% dev F1 on es dev.');
    await expect(note).toContainText('Add a bilingual dictionary');
    await expect(note).toContainText('Give the student more epochs (this run: 2)');
    await expect(note).toContainText('Train with a pretrained multilingual encoder');
    expect(problems).toEqual([]);
  });

  test('? shows the keys of the screen in view, and a recent project whose file is gone can be removed', async ({ page }) => {
    const gone = join(server.dir, 'gone.sqlite');
    await server.call('projects.create', { path: gone, name: 'Gone project' });
    await server.call('projects.open', { path: server.db });
    rmSync(gone);
    const problems = await open(page, '#/train');
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keys' });
    await expect(help).toContainText('Keys in Train');
    await expect(help).not.toContainText('Apply label');
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Pairs', exact: true }).click();
    await page.locator('body').focus();
    await page.keyboard.press('?');
    await expect(help).toContainText('Keys in Pairs');
    await expect(help).toContainText('Undo the last link edit');
    await page.keyboard.press('Escape');

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Projects', exact: true }).click();
    const recent = page.getByRole('region', { name: 'Recent projects' });
    await expect(recent).toContainText('file missing');
    await recent.getByRole('button', { name: 'Remove Gone project from the list' }).click();
    await expect(recent).not.toContainText('Gone project');
    expect((await server.call('projects.recent', {})).map((r) => r.name)).not.toContain('Gone project');
    expect(problems).toEqual([]);
  });
});
