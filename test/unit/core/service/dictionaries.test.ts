import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src-main/core/errors.js';
import { dispatch } from '../../../../src-main/core/service/index.js';
import type { Harness } from './fixtures.js';
import { b64, createEnEsProject, harness } from './fixtures.js';

let h: Harness;
beforeEach(async () => {
  h = harness();
  await createEnEsProject(h.core);
});
afterEach(async () => {
  await h.cleanup();
});

// MUSE lines; en words of EN_CONLL: John Smith lives in Paris . Acme hired Mary . (9 types, 10 tokens).
const MUSE = 'lives vive\nin en\nhired contrató\nparis parís\n';

describe('dictionaries', () => {
  it('imports a MUSE file from a path with its coverage of the project', async () => {
    fs.writeFileSync(path.join(h.dir, 'en-es.txt'), MUSE);
    const d = await h.core['dictionaries.import']({ source: { kind: 'path', path: 'en-es.txt' }, srcLang: 'en', tgtLang: 'es' });
    expect(d).toMatchObject({ name: 'en-es', srcLang: 'en', tgtLang: 'es', words: 4, entries: 4, file: 'en-es.txt' });
    // Paris is covered through its lowercase form; "." and the names are not.
    expect(d.coverage.source).toEqual({ lang: 'en', types: 9, coveredTypes: 4, tokens: 10, coveredTokens: 4 });
    // es words: Juan vive en Madrid . Trabaja para Telefónica Hola mundo → vive and en are translations.
    expect(d.coverage.target).toMatchObject({ lang: 'es', coveredTypes: 2, coveredTokens: 3 });
    expect(await h.core['dictionaries.coverage']({ id: d.id })).toEqual(d.coverage);
    expect(await h.core['dictionaries.list']({})).toEqual([d]);
  });

  it('refuses a file with a bad line, naming file and line, and leaves the project unchanged', async () => {
    await h.core['dictionaries.import']({
      source: { kind: 'bytes', name: 'ok.tsv', base64: b64('house\tcasa\n') },
      name: 'ok',
      srcLang: 'en',
      tgtLang: 'es',
    });
    const before = await h.core['dictionaries.list']({});
    const store = h.core.currentStore()!;
    const entries = () => (store.db.prepare('SELECT count(*) AS n FROM dictionary_entries').get() as { n: number }).n;
    const bad = `${MUSE}only-one-field\nthe el\n`;
    const err = await h.core['dictionaries.import']({
      source: { kind: 'bytes', name: 'bad.txt', base64: b64(bad) },
      srcLang: 'en',
      tgtLang: 'es',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).code).toBe('IMPORT_ERROR');
    expect((err as CoreError).message).toMatch(/bad\.txt.*5/);
    expect(await h.core['dictionaries.list']({})).toEqual(before);
    expect(entries()).toBe(1);
    const missing = await h.core['dictionaries.import']({ source: { kind: 'path', path: 'nope.txt' }, srcLang: 'en', tgtLang: 'es' }).catch(
      (e: unknown) => e,
    );
    expect((missing as CoreError).code).toBe('NOT_FOUND');
    const same = await h.core['dictionaries.import']({
      source: { kind: 'bytes', name: 'x.txt', base64: b64(MUSE) },
      srcLang: 'en',
      tgtLang: 'en',
    }).catch((e: unknown) => e);
    expect((same as CoreError).code).toBe('BAD_REQUEST');
    expect(entries()).toBe(1);
  });

  it('browses, fixes a translation (coverage follows) and removes', async () => {
    const d = await h.core['dictionaries.import']({
      source: { kind: 'bytes', name: 'en-es.txt', base64: b64(MUSE) },
      srcLang: 'en',
      tgtLang: 'es',
    });
    const page = await h.core['dictionaries.entries']({ id: d.id, offset: 1, limit: 2 });
    expect(page).toEqual({
      total: 4,
      rows: [
        { source: 'in', targets: ['en'] },
        { source: 'lives', targets: ['vive'] },
      ],
    });
    expect((await h.core['dictionaries.entries']({ id: d.id, q: 'i', offset: 0, limit: 10 })).rows.map((r) => r.source)).toEqual([
      'in',
      'hired',
      'lives',
      'paris',
    ]);
    expect(await h.core['dictionaries.setEntry']({ id: d.id, source: 'Mary', targets: ['María'] })).toEqual({
      source: 'Mary',
      targets: ['María'],
    });
    expect((await h.core['dictionaries.coverage']({ id: d.id })).source.coveredTypes).toBe(5);
    await h.core['dictionaries.setEntry']({ id: d.id, source: 'lives', targets: ['vive', 'habita'] });
    expect((await h.core['dictionaries.entries']({ id: d.id, q: 'lives', offset: 0, limit: 10 })).rows).toEqual([
      { source: 'lives', targets: ['habita', 'vive'] },
    ]);
    await h.core['dictionaries.setEntry']({ id: d.id, source: 'in', targets: [] });
    expect((await h.core['dictionaries.coverage']({ id: d.id })).target.coveredTypes).toBe(1);
    expect(await h.core['dictionaries.remove']({ id: d.id })).toEqual({ ok: true });
    expect(await h.core['dictionaries.list']({})).toEqual([]);
    const gone = await dispatch(h.core, 'dictionaries.entries', { id: d.id, offset: 0, limit: 10 });
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('validates params at the boundary', async () => {
    expect(await dispatch(h.core, 'dictionaries.setEntry', { id: 1, source: '', targets: [] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(
      await dispatch(h.core, 'dictionaries.import', { source: { kind: 'path', path: 'a\0b' }, srcLang: 'en', tgtLang: 'es' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await dispatch(h.core, 'dictionaries.entries', { id: 1, offset: 0, limit: 5000 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });
});
