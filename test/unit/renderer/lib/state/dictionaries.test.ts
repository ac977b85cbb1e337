// DictionariesState over a real core: importing a dropped file (and refusing a bad one with its
// line), the list with coverage, paging and searching the words, fixing a translation, removing;
// and the Train form's choice of a dictionary for the run's language pair.

import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DictionaryInfo } from '../../../../../src-main/contract/entities.js';
import { AppState } from '../../../../../src-renderer/lib/state/app.svelte.js';
import {
  DictionariesState,
  dictionariesFor,
  ENTRY_PAGE,
  parseTargets,
  preselect,
} from '../../../../../src-renderer/lib/state/dictionaries.svelte.js';
import { openTestCore, type TestCore } from '../../support/core-client.js';

let t: TestCore;
let dicts: DictionariesState;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
// 150 numbered words (two pages) plus the words of the project's sentences.
const WORDS = Array.from({ length: 150 }, (_, k) => `w${String(k).padStart(3, '0')} p${k}`);
const MUSE = ['the el', 'the la', 'house casa', 'red roja', ...WORDS].join('\n');

beforeEach(async () => {
  t = await openTestCore('dictionaries');
  await t.client.call('projects.create', { path: path.join(t.dir, 'p.sqlite'), name: 'Dicts' });
  await t.client.call('imports.run', {
    source: { kind: 'bytes', name: 'en.txt', base64: b64('The red house\nthe house\n') },
    lang: 'en',
    split: 'unlabelled',
    unlabelled: true,
  });
  await t.client.call('imports.run', {
    source: { kind: 'bytes', name: 'es.txt', base64: b64('la casa roja\n') },
    lang: 'es',
    split: 'unlabelled',
    unlabelled: true,
  });
  const app = new AppState(t.client);
  await app.init('#/projects');
  dicts = new DictionariesState(app);
  await dicts.load();
  dicts.defaultLanguages();
});
afterEach(async () => {
  await t?.close();
});

async function importMuse(text = MUSE, name = 'en-es.txt'): Promise<boolean> {
  await dicts.pick(new File([text], name));
  return dicts.import();
}

describe('DictionariesState', () => {
  it('imports a dropped file with its coverage and browses it page by page', async () => {
    expect([dicts.list, dicts.srcLang, dicts.tgtLang]).toEqual([[], 'en', 'es']);
    expect(await importMuse()).toBe(true);
    expect(dicts.list).toHaveLength(1);
    const d = dicts.list![0]!;
    expect(d).toMatchObject({ name: 'en-es', words: 153, entries: 154 });
    expect(d.coverage.source).toEqual({ lang: 'en', types: 4, coveredTypes: 4, tokens: 5, coveredTokens: 5 });
    expect(d.coverage.target).toEqual({ lang: 'es', types: 3, coveredTypes: 3, tokens: 3, coveredTokens: 3 });
    expect(dicts.done).toMatch(/153 words/);
    expect([dicts.selected, dicts.total, dicts.file]).toEqual([d.id, 153, null]);
    expect(dicts.rows.filter(Boolean)).toHaveLength(ENTRY_PAGE);
    expect(dicts.rows[0]).toEqual({ source: 'house', targets: ['casa'] });
    await dicts.ensure(ENTRY_PAGE + 10);
    expect(dicts.rows.filter(Boolean)).toHaveLength(153);
    expect(dicts.rows[152]).toEqual({ source: 'w149', targets: ['p149'] });

    dicts.q = 'w14';
    await dicts.browse();
    expect(dicts.total).toBe(10);
    expect(dicts.rows[0]!.source).toBe('w140');
  });

  it('refuses a bad file naming its line and keeps the list as it was', async () => {
    expect(await importMuse('the el\nhouse\n', 'bad.txt')).toBe(false);
    expect(dicts.importError?.code).toBe('IMPORT_ERROR');
    expect(dicts.importError).toMatchObject({ file: 'bad.txt', line: 2 });
    expect(dicts.list).toEqual([]);
    expect(await t.client.call('dictionaries.list', {})).toEqual([]);
    dicts.srcLang = '';
    expect(await importMuse()).toBe(false);
    expect(dicts.importError?.message).toMatch(/languages/);
  });

  it('fixes and adds translations, with coverage read again, and removes', async () => {
    await importMuse();
    const id = dicts.selected!;
    dicts.edit(dicts.rows[0]!);
    expect([dicts.editSource, dicts.editTargets]).toEqual(['house', 'casa']);
    dicts.editTargets = 'vivienda, hogar, vivienda';
    expect(await dicts.save()).toBe(true);
    expect(dicts.rows[0]).toEqual({ source: 'house', targets: ['hogar', 'vivienda'] });
    expect(dicts.current!.entries).toBe(155);
    // casa is no longer a translation.
    expect(dicts.current!.coverage.target.coveredTypes).toBe(2);

    dicts.q = 'cat';
    await dicts.browse();
    expect(dicts.total).toBe(0);
    dicts.edit(null);
    expect(dicts.editSource).toBe('cat');
    dicts.editTargets = 'gato';
    expect(await dicts.save()).toBe(true);
    expect(dicts.rows[0]).toEqual({ source: 'cat', targets: ['gato'] });
    expect(dicts.current!.words).toBe(154);

    await dicts.remove(id);
    expect([dicts.list, dicts.selected]).toEqual([[], null]);
    expect(await t.client.call('dictionaries.list', {})).toEqual([]);
  });
});

describe('the Train form’s dictionary', () => {
  const d = (id: number, srcLang: string, tgtLang: string) => ({ id, srcLang, tgtLang }) as DictionaryInfo;
  const list = [d(1, 'es', 'en'), d(2, 'en', 'es'), d(3, 'en', 'es'), d(4, 'de', 'es')];

  it('offers dictionaries of the run’s pair and preselects one per source language unless the person chose', () => {
    expect(dictionariesFor(list, ['en'], 'es').map((x) => x.id)).toEqual([2, 3]);
    expect(dictionariesFor(list, ['en', 'de'], 'es').map((x) => x.id)).toEqual([2, 3, 4]);
    expect(preselect(list, ['en'], 'es', [], [])).toEqual([2]);
    expect(preselect(list, ['en'], 'es', [3], ['en'])).toEqual([3]);
    expect(preselect(list, ['en'], 'es', [], ['en'])).toEqual([]);
    expect(preselect(list, ['en'], 'fr', [], [])).toEqual([]);
    // A second source language gets its own; choosing none for one language leaves the other.
    expect(preselect(list, ['en', 'de'], 'es', [3], ['en'])).toEqual([3, 4]);
    expect(preselect(list, ['en', 'de'], 'es', [3], ['en', 'de'])).toEqual([3]);
    // A language no longer ticked loses its dictionary.
    expect(preselect(list, ['de'], 'es', [3, 4], [])).toEqual([4]);
    // A choice that no longer fits the pair gives way.
    expect(preselect(list, ['es'], 'en', [3], ['en'])).toEqual([1]);
    expect(parseTargets(' casa, hogar ,, casa ')).toEqual(['casa', 'hogar']);
  });
});
