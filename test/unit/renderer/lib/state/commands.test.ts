import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnotateState } from '../../../../../src-renderer/lib/state/annotate.svelte.js';
import { AppState } from '../../../../../src-renderer/lib/state/app.svelte.js';
import { runAppCommand } from '../../../../../src-renderer/lib/state/commands.js';
import { EncodersState } from '../../../../../src-renderer/lib/state/encoders.svelte.js';
import { ImportState } from '../../../../../src-renderer/lib/state/import.svelte.js';
import { PairsState } from '../../../../../src-renderer/lib/state/pairs.svelte.js';
import { ProjectsState } from '../../../../../src-renderer/lib/state/projects.svelte.js';
import { openTestCore, type TestCore } from '../../support/core-client.js';

describe('desktop menu commands', () => {
  let t: TestCore;
  let stores: {
    app: AppState;
    importer: ImportState;
    projects: ProjectsState;
    encoders: EncodersState;
    annotate: AnnotateState;
    pairs: PairsState;
  };

  beforeEach(async () => {
    t = await openTestCore('commands');
    await t.client.call('projects.create', { path: path.join(t.dir, 'p.sqlite'), name: 'Menus' });
    const app = new AppState(t.client);
    await app.init('');
    stores = {
      app,
      importer: new ImportState(app),
      projects: new ProjectsState(app),
      encoders: new EncodersState(app),
      annotate: new AnnotateState(app),
      pairs: new PairsState(app),
    };
  });

  afterEach(async () => {
    await t.close();
  });

  it('Import… opens the import form on the chosen file and previews it from its path', async () => {
    const file = path.join(t.dir, 'chosen.conll');
    fs.writeFileSync(file, 'Oslo B-LOC\nis O\ncold O\n\nBergen B-LOC\n');
    runAppCommand(stores, { command: 'import', path: file });
    expect(stores.app.screen).toBe('projects');
    expect(stores.importer.open).toBe(true);
    expect(stores.importer.file).toMatchObject({ kind: 'path', name: 'chosen.conll', path: file });
    await expect.poll(() => stores.importer.preview?.sentences).toBe(2);
    stores.importer.lang = 'no';
    expect(await stores.importer.run()).toBe(true);
    expect(stores.app.project?.sentences).toBe(2);
    expect(stores.app.project?.languages.map((l) => l.code)).toEqual(['no']);
  });

  it('Export… fills in the destination, and the export writes there', async () => {
    runAppCommand(stores, { command: 'export', path: path.join(t.dir, 'out.conll') });
    expect(stores.projects.exportPath).toBe(path.join(t.dir, 'out.conll'));
    await t.client.call('languages.upsert', { code: 'en', name: 'English', direction: 'ltr' });
    const result = await stores.projects.exportContent({
      lang: 'en',
      split: undefined,
      format: 'conll',
      scheme: 'iob2',
      path: stores.projects.exportPath!,
    });
    expect(result?.content).toBeNull();
    expect(fs.existsSync(path.join(t.dir, 'out.conll'))).toBe(true);
    expect(stores.projects.exportPath).toBeNull();
  });

  it('Add Pretrained Encoder… opens Settings and adds the chosen folder, or says what is wrong with it', async () => {
    const tiny = path.resolve(import.meta.dirname, '../../../../fixtures/bert/tiny');
    runAppCommand(stores, { command: 'add-encoder', path: tiny });
    expect(stores.app.screen).toBe('settings');
    await expect.poll(() => stores.encoders.pretrained.map((e) => e.dir)).toEqual([tiny]);
    expect(stores.encoders.done).toMatch(/^Added “tiny”/);
    runAppCommand(stores, { command: 'add-encoder', path: t.dir });
    await expect.poll(() => stores.encoders.addError?.message).toContain(path.join(t.dir, 'config.json'));
    expect(stores.encoders.addPath).toBe(t.dir);
  });

  it('Edit ▸ Undo and Redo undo the edits of the screen shown: sentence tags in Annotate, links in Pairs', async () => {
    const bytes = (text: string) => ({ kind: 'bytes' as const, name: 'x.conll', base64: Buffer.from(text).toString('base64') });
    await t.client.call('projects.update', { labels: [{ name: 'LOC', color: '#59a14f', key: '1' }] });
    await t.client.call('imports.run', { source: bytes('Oslo O\nis O\n\nBergen O\nrains O\n'), lang: 'en', split: 'train' });
    const [a, b] = (await t.client.call('sentences.list', { filter: {}, sort: 'document', offset: 0, limit: 2 })).rows;
    const pair = await t.client.call('pairs.create', { a: a!.id, b: b!.id });
    await t.client.call('annotations.set', { sentenceId: a!.id, start: 0, end: 1, label: 'LOC' });
    await t.client.call('pairs.link', { pairId: pair.id, i: 0, j: 0, value: 'same' });
    const spans = async () => (await t.client.call('sentences.get', { id: a!.id })).spans.length;
    const links = async () => (await t.client.call('pairs.get', { id: pair.id })).links.length;

    stores.app.screen = 'settings';
    runAppCommand(stores, { command: 'undo' });
    stores.app.screen = 'annotate';
    runAppCommand(stores, { command: 'undo' });
    await expect.poll(spans).toBe(0);
    expect(await links()).toBe(1);
    await expect.poll(() => stores.annotate.notice).toBe('Undone: LOC “Oslo” in “Oslo is”');
    stores.app.screen = 'pairs';
    runAppCommand(stores, { command: 'undo' });
    await expect.poll(links).toBe(0);
    expect(stores.pairs.notice).toBe('Undone: link same “Oslo” ↔ “Bergen”');
    runAppCommand(stores, { command: 'redo' });
    await expect.poll(links).toBe(1);
    expect(await spans()).toBe(0);
  });

  it('Keyboard Shortcuts opens the key help', () => {
    runAppCommand(stores, { command: 'shortcuts' });
    expect(stores.app.helpOpen).toBe(true);
  });
});
