// Point-and-click training on a project of its own, with real worker processes and tiny models:
// start, watch and cancel a run; complete another; survive a training process killed mid-epoch
// and resume it; see its predictions inline and accept one; evaluate teacher and student.

import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shot } from './app.js';
import { crosstag } from './cli.js';
import { startTrainingServer, type TrainingServer } from './training-project.js';

let server: TrainingServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startTrainingServer();
});

test.afterAll(async () => {
  await server?.close();
});

async function open(page: Page, hash: string): Promise<string[]> {
  const problems: string[] = [];
  // Chromium logs CSP refusals as console errors too; this names the directive for certain.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}${hash}`);
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  return problems;
}

const form = (page: Page) => page.getByRole('form', { name: 'New training run' });
const panel = (page: Page) => page.locator('section.run');
const runRow = (page: Page, id: number) => page.locator(`tr[data-run-id="${id}"]`);

const epochs = (page: Page) => form(page).getByRole('group', { name: 'Epochs per stage' });
const startButton = (page: Page) => page.getByRole('button', { name: /^Train teacher/ });

async function setEpochs(page: Page, teacher: number, student: number, evaluator = 1): Promise<void> {
  await epochs(page).getByLabel('Recognizer').fill(String(teacher));
  await epochs(page).getByLabel('Evaluator').fill(String(evaluator));
  await epochs(page).getByLabel('Student').fill(String(student));
}

async function startRun(page: Page): Promise<number> {
  // The Start button sits in the screen's header, in view however long the form.
  await expect(startButton(page)).toBeInViewport();
  await startButton(page).click();
  await expect(panel(page)).toHaveAttribute('data-status', 'running');
  return Number(await panel(page).getAttribute('data-run-id'));
}

test.describe('Training from the Train screen', () => {
  test('defaults fit the project; a run shows live progress with its backend and cancels', async ({ page }) => {
    test.setTimeout(90_000);
    const problems = await open(page, '#/train');
    await expect(form(page).getByRole('checkbox', { name: /^en English/ })).toBeChecked();
    await expect(form(page).getByRole('checkbox', { name: /^es Spanish/ })).not.toBeChecked();
    await expect(form(page).getByLabel('Target language (unlabelled)')).toHaveValue('es');
    await expect(form(page).getByRole('radio', { name: /es dev/ })).toBeChecked();
    await expect(form(page)).toContainText('16 labelled source sentences · 10 unreviewed es sentences');
    await expect(form(page).getByRole('checkbox', { name: 'γ: teacher agreement' })).toHaveAccessibleDescription(
      /recognizer and the similarity evaluator agree/,
    );
    await expect(form(page).getByRole('checkbox', { name: 'Consistent entity types' })).toBeChecked();

    // Long enough to be watched and cancelled.
    await setEpochs(page, 400, 1);
    const id = await startRun(page);
    const line = panel(page).getByRole('status');
    // The worker process loads TensorFlow.js first: seconds on a busy machine.
    await expect(line).toContainText(/teacher recognizer · epoch \d+ of 400 · step \d+ of 4/, { timeout: 30_000 });
    await expect(line).toContainText(/tokens\/s/);
    // One estimate for the whole run as well as the stage's, once a few steps show the speed.
    await expect(panel(page).getByTestId('run-eta')).toContainText(/^About .+ left in the whole run · .+ in this stage$/, {
      timeout: 30_000,
    });
    await expect(panel(page).getByRole('progressbar')).toBeVisible();
    await expect(panel(page).locator('.backend')).toContainText(/Backend: (tfjs-node-gpu|tfjs-node|wasm|cpu)/);
    await expect(panel(page).locator('.backend')).not.toContainText('not chosen yet');
    if (!/Backend: tfjs-node-gpu/.test(await panel(page).locator('.backend').innerText())) {
      // Without CUDA the panel says what to install, and why each faster backend was passed over.
      await expect(panel(page).locator('.backend')).toContainText('npm install @tensorflow/tfjs-node-gpu');
      await panel(page).getByText('Why not a faster backend').click();
      await expect(panel(page).locator('.why li').first()).toContainText(/✗ tfjs-node-gpu: \S/);
    }
    await expect(panel(page).locator('canvas').first()).toBeVisible();
    await expect(startButton(page)).toBeDisabled();
    await shot(page, 'train-running');

    await panel(page)
      .getByRole('button', { name: `Cancel run ${id}` })
      .click();
    await expect(panel(page)).toHaveAttribute('data-status', 'cancelled', { timeout: 30_000 });
    await expect(runRow(page, id)).toContainText('cancelled');
    await expect(runRow(page, id).getByRole('button', { name: `Resume run ${id}` })).toBeEnabled();
    expect(problems).toEqual([]);
  });

  test('a one-epoch pipeline run completes with curves, figures and its models, and predicts the target', async ({ page }) => {
    test.setTimeout(120_000);
    const problems = await open(page, '#/train');
    await setEpochs(page, 1, 1);
    const id = await startRun(page);
    await expect(panel(page)).toHaveAttribute('data-status', 'completed', { timeout: 90_000 });
    await expect(panel(page).getByRole('list', { name: 'Stages' }).locator('li.done')).toHaveCount(4);
    await expect(panel(page)).toContainText(/Best dev F1 of the student on es dev: \d+\.\d%/);
    await expect(panel(page)).toContainText(`teacher, run ${id} (en→es)`);
    // Each stage on its own epoch axis: the evaluator's and the student's single epochs too.
    await expect(panel(page).getByRole('list', { name: 'Stages' })).toContainText('teacher evaluator · 1 epoch');
    await expect(panel(page).getByRole('figure', { name: 'Teacher recognizer, by epoch' })).toHaveAccessibleDescription(
      /training loss: 1 points, .*; dev F1: 1 points, from \d+\.\d% to \d+\.\d%/,
    );
    await expect(panel(page).getByRole('figure', { name: 'Teacher evaluator, by epoch' })).toHaveAccessibleDescription(
      /dev pair accuracy: 1 points/,
    );
    await expect(panel(page).getByRole('figure', { name: 'Student, by epoch' })).toHaveAccessibleDescription(/training loss: 1 points/);
    const row = runRow(page, id);
    await expect(row).toContainText('completed');
    await expect(row).toContainText(
      'en (train) → es · small · 1 recognizer · 1 evaluator · 1 student epochs · α β γ · consistent types · best epoch on es dev',
    );
    await expect(row).toContainText(`student, run ${id} (en→es)`);
    await row.getByText('Figures per epoch').click();
    await expect(row.locator('.epochs tbody tr')).toHaveCount(3);
    await shot(page, 'train-finished');
    expect(problems).toEqual([]);
  });

  test('a training process killed mid-epoch leaves the app up and the run failed with its reason; Resume continues from the checkpoint', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const problems = await open(page, '#/train');
    // The inference worker (backend report) is up before the run starts, so the new child is the run's.
    await expect(panel(page).locator('.backend')).not.toContainText('not chosen yet');
    const children = new Set(server.children());
    await setEpochs(page, 40, 1);
    await form(page).getByRole('radio', { name: 'Teacher only' }).check();
    await expect(epochs(page).getByLabel('Student')).toBeDisabled();
    const id = await startRun(page);
    await expect(panel(page).getByRole('status')).toContainText(/epoch ([3-9]|\d\d) of 40/, { timeout: 30_000 });
    const workers = server.children().filter((pid) => !children.has(pid));
    expect(workers).toHaveLength(1);
    process.kill(workers[0]!, 'SIGKILL');

    await expect(panel(page)).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
    await expect(panel(page).getByRole('alert')).toHaveText('Failed: the training process was killed (SIGKILL)');
    await expect(runRow(page, id)).toContainText('the training process was killed (SIGKILL)');
    // The app is still up and answers from the same project.
    expect((await server.call('training.get', { runId: id })).status).toBe('failed');

    // A second window on Annotate sees the resumed run's predictions arrive without a reload.
    const watcher = await page.context().newPage();
    const watcherProblems = await open(watcher, '#/annotate');
    const list = watcher.getByRole('complementary', { name: 'Sentences' });
    await list.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await list.getByRole('combobox', { name: 'Split' }).selectOption('unlabelled');
    await expect(list.getByText('10 sentences match')).toBeVisible();
    const shownUncertainty = () =>
      list.locator('[data-sentence-id]').evaluateAll((els) => els.map((e) => /uncertainty ([\d.]+)/.exec(e.textContent ?? '')?.[1] ?? ''));
    const earlier = await shownUncertainty();
    expect(earlier).toHaveLength(10);

    await page.bringToFront();
    await panel(page)
      .getByRole('button', { name: `Resume run ${id}` })
      .click();
    await expect(panel(page).locator('.resumed')).toHaveText(
      /^Resumed from the checkpoint at teacher recognizer, epoch ([3-9]|\d\d), step \d of 4\.$/,
      // A new worker process starts TensorFlow.js and reads the checkpoint first: seconds on a busy machine.
      { timeout: 30_000 },
    );
    await expect(panel(page)).toHaveAttribute('data-status', 'completed', { timeout: 90_000 });
    const run = await server.call('training.get', { runId: id });
    const recognizer = run.metrics.filter((m) => m.stage === 'teacher-recognizer').map((m) => m.epoch);
    expect(recognizer).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(run.modelIds).toHaveLength(1);

    const stored = await server.call('sentences.list', {
      filter: { lang: 'es', split: 'unlabelled' },
      sort: 'document',
      offset: 0,
      limit: 10,
    });
    const after = stored.rows.map((r) => r.uncertainty!.toFixed(2));
    expect(after).not.toEqual(earlier);
    await expect.poll(shownUncertainty).toEqual(after);
    await watcher.close();
    expect(watcherProblems).toEqual([]);
    expect(problems).toEqual([]);
  });
  test('the predictions show inline, most useful first, and an accepted sentence counts as gold', async ({ page }) => {
    // The resumed 40-epoch teacher of the previous test predicted these (one epoch is too few
    // steps for the tiny model to tag anything).
    const problems = await open(page, '#/annotate');
    const list = page.getByRole('complementary', { name: 'Sentences' });
    await list.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await list.getByRole('combobox', { name: 'Split' }).selectOption('unlabelled');
    await list.getByRole('combobox', { name: 'Sort' }).selectOption('uncertainty');
    await expect(list.getByText('10 sentences match')).toBeVisible();
    await expect(list.getByText(/^Most useful first/)).toBeVisible();
    const rows = list.locator('[data-sentence-id]');
    await expect(rows.first()).toContainText('predicted');
    const shown = await rows.evaluateAll((els) => els.map((e) => Number(/uncertainty ([\d.]+)/.exec(e.textContent ?? '')?.[1])));
    expect(shown).toHaveLength(10);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));

    await rows.first().click();
    const predicted = page.locator('.tokens [data-provenance="predicted"]');
    await expect(predicted.first()).toBeVisible();
    await expect(predicted.first().locator('.tag small')).toHaveText(/^(\.\d\d|1\.00)$/);
    const counts = page.getByRole('region', { name: 'Counts per split' }).locator('tr', { hasText: 'es / unlabelled' });
    await expect(counts.locator('td').nth(2)).toHaveText('0');
    await page.keyboard.press('a');
    await expect(page.locator('.tokens [data-provenance="gold"]').first()).toBeVisible();
    await expect(page.locator('.sentence .head')).toContainText('gold');
    await expect(counts.locator('td').nth(2)).toHaveText('1');

    // The accepted sentence is labelled target data for the next run, when asked for.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Train', exact: true }).click();
    await expect(form(page).getByRole('checkbox', { name: 'Use es gold and corrected sentences' })).toHaveAccessibleDescription(
      /^Adds the 1 target sentence you confirmed or corrected/,
    );
    expect(problems).toEqual([]);
  });

  test('Evaluate compares the teacher and the student on es dev and opens a sentence in Annotate', async ({ page }) => {
    test.setTimeout(60_000);
    const problems = await open(page, '#/evaluate');
    await expect(page.getByLabel('Labelled split')).toHaveValue('es/dev');
    await expect(page.getByRole('combobox', { name: /^Teacher/ })).toContainText('teacher, run');
    await page.getByRole('button', { name: 'Evaluate on this split' }).click();
    const table = page.getByRole('table', { name: 'Scores per label' });
    await expect(table).toBeVisible({ timeout: 30_000 });
    for (const label of ['LOC', 'PER']) await expect(table.locator(`tr[data-label="${label}"]`)).toBeVisible();
    await expect(table.locator('tr[data-label="PER"] [data-side="teacher"][data-metric="support"]')).toHaveText('6');
    await expect(table.locator('tr[data-label="PER"] [data-side="student"][data-metric="support"]')).toHaveText('6');
    await expect(table.locator('tr[data-label="micro"] [data-side="student"][data-metric="f1"] strong')).toHaveText(/^\d+\.\d%$/);
    // Spans found apart from types given: span F1 is never below typed F1, the difference is lost to types.
    const spans = page.getByRole('table', { name: 'Spans found and types given' });
    for (const side of ['teacher', 'student']) {
      const cell = async (metric: string) =>
        parseFloat((await spans.locator(`tr[data-side="${side}"] [data-metric="${metric}"]`).textContent()) ?? '');
      await expect(spans.locator(`tr[data-side="${side}"] [data-metric="span-f1"]`)).toHaveText(/^\d+\.\d%$/);
      await expect(spans.locator(`tr[data-side="${side}"] [data-metric="lost-to-types"]`)).toHaveText(/^-?\d+\.\d pts$/);
      expect(await cell('span-f1')).toBeGreaterThanOrEqual(await cell('f1'));
      expect(await cell('lost-to-types')).toBeCloseTo((await cell('span-f1')) - (await cell('f1')), 0);
    }
    const heat = page.getByRole('table', { name: /Tokens by gold label/ });
    await expect(heat.getByRole('rowheader', { name: 'O', exact: true })).toBeVisible();
    // Four es dev sentences of 4 and 6 tokens: 20 tokens, each counted once.
    const cells = await heat.locator('td').allTextContents();
    expect(cells.reduce((n, c) => n + Number(c), 0)).toBe(20);
    await expect(heat.locator('td[aria-label^="gold PER, predicted PER:"]')).toBeVisible();
    // The newest teacher (the resumed run's) and the newest student (the one-epoch run's) come from two runs.
    // One chart per stage and run, each on its own epochs: the teacher-only run's two, the pipeline's three.
    await expect(page.getByRole('figure', { name: 'Teacher recognizer, by epoch' })).toHaveCount(2);
    await expect(page.getByRole('figure', { name: 'Student, by epoch' })).toHaveCount(1);
    await shot(page, 'evaluate');

    const worst = page.locator('.worst [data-sentence-id]');
    if ((await worst.count()) > 0) {
      const id = await worst.first().getAttribute('data-sentence-id');
      await worst.first().click();
      await expect(page).toHaveURL(new RegExp(`#/annotate/${id}$`));
      await expect(page.getByRole('listbox', { name: /^Tokens/ })).toBeVisible();
    } else {
      await expect(page.getByText('No sentence has an error.')).toBeVisible();
    }
    expect(problems).toEqual([]);
  });

  test('Models renames, exports a folder crosstag predict reads, imports it back and deletes it', async ({ page }) => {
    test.setTimeout(90_000);
    const problems = await open(page, '#/models');
    const rows = page.locator('tr[data-model-id]');
    await expect(rows).toHaveCount(3);
    const teacher = rows.filter({ hasText: 'teacher' }).first();
    const teacherId = Number(await teacher.getAttribute('data-model-id'));

    const name = teacher.getByRole('textbox', { name: `Name of model ${teacherId} (Enter renames)` });
    await name.fill('Spanish teacher');
    await name.press('Enter');
    await expect.poll(async () => (await server.call('models.list', {})).find((m) => m.id === teacherId)?.name).toBe('Spanish teacher');

    const folder = join(server.dir, 'exported-teacher');
    await teacher.getByRole('button', { name: 'Export model Spanish teacher' }).click();
    // A small-encoder model cannot leave as a Hugging Face checkpoint, and the form says why.
    const hf = page.getByRole('radio', { name: 'Hugging Face (transformers)' });
    await expect(hf).toBeDisabled();
    await expect(hf).toHaveAccessibleDescription(/its small encoder is Crosstag’s own, and transformers has no architecture to load it as/);
    await page.getByLabel(/^Export to a new folder/).fill(folder);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Exported' })).toContainText(`to ${folder}`);
    // Again into the same folder: refused, and said beside the folder field, with what to do.
    await teacher.getByRole('button', { name: 'Export model Spanish teacher' }).click();
    await page.getByLabel(/^Export to a new folder/).fill(folder);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const exportRow = page.locator('tr.export-row');
    await expect(exportRow.getByRole('alert')).toContainText('already exists and is not an empty folder');
    await expect(exportRow.getByRole('alert')).toContainText(
      'Choose a new folder name: an export never writes into a folder that has files.',
    );
    await expect(exportRow.getByRole('alert')).not.toContainText('changed meanwhile');
    await exportRow.getByRole('button', { name: 'Cancel' }).click();
    const text = join(server.dir, 'es.txt');
    const out = join(server.dir, 'es.conll');
    writeFileSync(text, 'Dora fue a Lima\n');
    crosstag(['predict', '--model', folder, '--in', text, '--out', out, '--quiet']);
    expect(
      readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['Dora', 'fue', 'a', 'Lima']);

    const importForm = page.getByRole('form', { name: 'Import a model folder' });
    await importForm.getByLabel('Folder').fill(folder);
    await importForm.getByLabel('Name (optional)').fill('Imported teacher');
    await importForm.getByRole('button', { name: 'Import' }).click();
    await expect(rows).toHaveCount(4);
    // Newest first.
    const imported = rows.first();
    await expect(imported.getByRole('textbox')).toHaveValue('Imported teacher');
    await expect(imported).toContainText('imported');
    await imported.getByRole('button', { name: 'Delete model Imported teacher' }).click();
    await expect(rows).toHaveCount(3);
    expect((await server.call('models.list', {})).map((m) => m.name)).not.toContain('Imported teacher');
    await shot(page, 'models');
    expect(problems).toEqual([]);
  });

  test('with two source languages ticked, the form offers a dictionary for each and the run switches each language with its own', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const bytes = (name: string, text: string) => ({ kind: 'bytes' as const, name, base64: Buffer.from(text, 'utf8').toString('base64') });
    // Last in this file: a third language changes the project the tests above rely on.
    await server.call('languages.upsert', { code: 'de', name: 'German', direction: 'ltr' });
    await server.call('imports.run', {
      source: bytes('de.conll', 'Dora B-PER\nging O\nnach O\nLima B-LOC\n\nEmil B-PER\ntraf O\nChen B-PER\n'),
      lang: 'de',
      split: 'train',
      unlabelled: false,
      format: 'conll',
    });
    const enEs = await server.call('dictionaries.import', {
      source: bytes('en-es.txt', 'went fue\nto a\nmet vio\nin en\n'),
      name: 'en-es',
      srcLang: 'en',
      tgtLang: 'es',
    });
    const deEs = await server.call('dictionaries.import', {
      source: bytes('de-es.txt', 'ging fue\nnach a\ntraf vio\n'),
      name: 'de-es',
      srcLang: 'de',
      tgtLang: 'es',
    });

    const problems = await open(page, '#/train');
    const en = form(page).getByRole('checkbox', { name: /^en English/ });
    const de = form(page).getByRole('checkbox', { name: /^de German/ });
    // The defaults tick one labelled language as the source; start from English alone.
    await expect(form(page).getByLabel('Target language (unlabelled)')).toHaveValue('es');
    await en.check();
    await de.uncheck();
    await expect(form(page).getByRole('combobox', { name: 'Dictionary (code-switching)' })).toHaveValue(String(enEs.id));
    await de.check();
    const forEn = form(page).getByRole('combobox', { name: 'Dictionary for en (code-switching)' });
    const forDe = form(page).getByRole('combobox', { name: 'Dictionary for de (code-switching)' });
    await expect(forEn).toHaveValue(String(enEs.id));
    await expect(forDe).toHaveValue(String(deEs.id));
    await expect(form(page).getByText(/de-es translates \d+% of the project's de tokens/)).toBeVisible();
    // None for one language leaves the other's.
    await forEn.selectOption('');
    await expect(forDe).toHaveValue(String(deEs.id));
    await expect(form(page).getByRole('spinbutton', { name: 'Swap probability' })).toHaveValue('0.6');
    await forEn.selectOption(String(enEs.id));
    await shot(page, 'train-dictionaries');

    await setEpochs(page, 1, 1);
    const id = await startRun(page);
    await expect(panel(page)).toHaveAttribute('data-status', 'completed', { timeout: 90_000 });
    await expect(runRow(page, id)).toContainText('code-switching with 2 dictionaries p 0.6');
    const run = await server.call('training.get', { runId: id });
    // In the order of the ticked languages; each switched only its own sentences.
    expect(run.config['dictionaryIds']).toEqual([enEs.id, deEs.id]);
    const data = run.config['data'] as { dictionaries: { srcLang: string; sentences: number }[] };
    expect(data.dictionaries.map((d) => [d.srcLang, d.sentences])).toEqual([
      ['en', 16],
      ['de', 2],
    ]);
    expect(problems).toEqual([]);
  });
});
