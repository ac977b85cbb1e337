import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src-main/core/errors.js';
import type { Harness } from './fixtures.js';
import { b64, createEnEsProject, EN_CONLL, ES_TEXT, harness } from './fixtures.js';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  await h.cleanup();
});

async function rejects(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  try {
    await p;
    expect.unreachable('expected a rejection');
  } catch (err) {
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).code).toBe(code);
    if (message !== undefined) expect((err as CoreError).message).toMatch(message);
  }
}

function project(): Promise<void> {
  return createEnEsProject(h.core);
}

describe('projects', () => {
  it('creates, reports, switches and lists recent projects', async () => {
    expect(await h.core['projects.current']({})).toBeNull();
    await rejects(h.core['sentences.get']({ id: 1 }), 'NO_PROJECT');
    const info = await h.core['projects.create']({ path: 'a.sqlite', name: 'Alpha', labels: ['PER', 'LOC'] });
    expect(info).toMatchObject({ path: path.join(h.dir, 'a.sqlite'), name: 'Alpha', sentences: 0, languages: [], schemaVersion: 4 });
    expect(info.labels).toEqual([
      { name: 'PER', color: '#e15759', key: '1' },
      { name: 'LOC', color: '#59a14f', key: '2' },
    ]);
    await rejects(h.core['projects.create']({ path: 'a.sqlite', name: 'Again' }), 'CONFLICT', /already exists/);
    const b = await h.core['projects.create']({ path: path.join(h.dir, 'b.sqlite'), name: 'Beta' });
    expect(b.labels.map((l) => l.name)).toEqual(['PER', 'ORG', 'LOC', 'MISC']);
    expect((await h.core['projects.current']({}))?.name).toBe('Beta');
    await h.core['projects.open']({ path: 'a.sqlite' });
    expect((await h.core['projects.current']({}))?.name).toBe('Alpha');
    const recent = await h.core['projects.recent']({});
    expect(recent.map((r) => [r.name, r.missing])).toEqual([
      ['Alpha', false],
      ['Beta', false],
    ]);
    fs.rmSync(path.join(h.dir, 'b.sqlite'));
    expect((await h.core['projects.recent']({}))[1]!.missing).toBe(true);
    // A missing project's entry can be taken off the list; the others stay.
    expect((await h.core['projects.forget']({ path: path.join(h.dir, 'b.sqlite') })).map((r) => r.name)).toEqual(['Alpha']);
    expect((await h.core['projects.recent']({})).map((r) => r.name)).toEqual(['Alpha']);
    expect((await h.core['projects.forget']({ path: path.join(h.dir, 'never.sqlite') })).map((r) => r.name)).toEqual(['Alpha']);
    await rejects(h.core['projects.open']({ path: 'nope.sqlite' }), 'NOT_FOUND');
    expect((await h.core['projects.current']({}))?.name).toBe('Alpha');
  });

  it('a failed create leaves no file behind', async () => {
    await rejects(h.core['projects.create']({ path: 'bad.sqlite', name: 'Bad', labels: ['PER', 'PER'] }), 'BAD_REQUEST', /twice/);
    expect(fs.existsSync(path.join(h.dir, 'bad.sqlite'))).toBe(false);
  });

  it('updates the name and label set, refusing to drop a label in use', async () => {
    await project();
    const info = await h.core['projects.update']({
      name: 'Renamed',
      labels: [
        { name: 'PER', color: '#000000', key: '9' },
        { name: 'ORG', color: '#111111', key: '' },
        { name: 'LOC', color: '#222222', key: '1' },
      ],
    });
    expect(info.name).toBe('Renamed');
    expect(info.labels.map((l) => l.key)).toEqual(['9', '', '1']);
    await rejects(
      h.core['projects.update']({ labels: [{ name: 'PER', color: '#000000', key: '1' }] }),
      'CONFLICT',
      /label ORG is used by 1 span/,
    );
    expect((await h.core['projects.current']({}))?.labels).toHaveLength(3);
    expect((await h.core['projects.recent']({}))[0]!.name).toBe('Renamed');
  });

  it('upserts languages and refuses to remove one that has sentences', async () => {
    await project();
    const info = await h.core['languages.upsert']({ code: 'ar', name: 'Arabic', direction: 'rtl' });
    expect(info.languages.map((l) => l.code)).toEqual(['ar', 'en', 'es']);
    expect((await h.core['languages.remove']({ code: 'ar' })).languages.map((l) => l.code)).toEqual(['en', 'es']);
    await rejects(h.core['languages.remove']({ code: 'es' }), 'CONFLICT', /3 sentences/);
  });

  it('reports the app and refuses ML methods without an engine', async () => {
    const app = await h.core['app.info']({});
    expect(app.shell).toBe('web');
    expect(app.version).toMatch(/^\d+\.\d+\.\d+/);
    await rejects(h.core['backend.info']({}), 'INTERNAL', /training engine not available in this build/);
    await rejects(h.core['pairs.similarity']({ pairId: 1 }), 'INTERNAL');
  });
});

describe('imports and exports', () => {
  it('previews a file without touching the project', async () => {
    await h.core['projects.create']({ path: 'p.sqlite', name: 'P' });
    const preview = await h.core['imports.preview']({
      source: { kind: 'bytes', name: 'en.conll', base64: b64(EN_CONLL) },
      lang: 'en',
      split: 'train',
    });
    expect(preview).toMatchObject({
      format: 'conll',
      scheme: 'iob2',
      encoding: 'utf-8',
      documents: 1,
      sentences: 2,
      tokens: 10,
      entities: { PER: 2, LOC: 1, ORG: 1 },
    });
    expect(preview.first[0]).toEqual({
      tokens: ['John', 'Smith', 'lives', 'in', 'Paris', '.'],
      tags: ['B-PER', 'I-PER', 'O', 'O', 'B-LOC', 'O'],
    });
    expect((await h.core['stats.splits']({})).length).toBe(0);
  });

  it('imports from a path and from bytes, reporting counts, and emits sentences.changed', async () => {
    const seen: string[] = [];
    h.core.on('sentences.changed', (e) => seen.push(e.reason));
    await h.core['projects.create']({ path: 'p.sqlite', name: 'P', labels: ['PER'] });
    fs.writeFileSync(path.join(h.dir, 'en.conll'), EN_CONLL);
    const summary = await h.core['imports.run']({ source: { kind: 'path', path: 'en.conll' }, lang: 'en', split: 'train' });
    expect(summary).toMatchObject({ sentences: 2, tokens: 10, entities: { PER: 2, LOC: 1, ORG: 1 } });
    expect(summary.warnings).toEqual(['added language en to the project', 'added labels LOC, ORG to the label set']);
    await h.core['imports.run']({ source: { kind: 'bytes', name: 'es.txt', base64: b64(ES_TEXT) }, lang: 'es', split: 'unlabelled' });
    expect(await h.core['stats.splits']({})).toEqual([
      { lang: 'en', split: 'train', total: 2, unlabelled: 0, predicted: 0, gold: 2, corrected: 0 },
      { lang: 'es', split: 'unlabelled', total: 3, unlabelled: 3, predicted: 0, gold: 0, corrected: 0 },
    ]);
    expect(seen).toEqual(['project', 'import', 'import']);
    await rejects(h.core['imports.run']({ source: { kind: 'path', path: 'missing.conll' }, lang: 'en', split: 'train' }), 'NOT_FOUND');
  });

  it('a malformed file changes nothing: same row counts, same file bytes, and the error names file and line', async () => {
    await project();
    const file = path.join(h.dir, 'p.sqlite');
    const store = h.core.currentStore()!;
    const hash = (): string => {
      store.db.pragma('wal_checkpoint(TRUNCATE)');
      return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    };
    const before = { stats: await h.core['stats.splits']({}), hash: hash(), info: await h.core['projects.current']({}) };
    const bad = `${EN_CONLL}Rome B-LOC\nis O\nnice X-PER\n`;
    try {
      await h.core['imports.run']({ source: { kind: 'bytes', name: 'bad.conll', base64: b64(bad) }, lang: 'it', split: 'train' });
      expect.unreachable();
    } catch (err) {
      expect((err as CoreError).code).toBe('IMPORT_ERROR');
      expect((err as CoreError).file).toBe('bad.conll');
      expect((err as CoreError).line).toBe(16);
      expect((err as CoreError).message).toMatch(/^bad\.conll:16: /);
    }
    expect(await h.core['stats.splits']({})).toEqual(before.stats);
    expect(await h.core['projects.current']({})).toEqual(before.info);
    expect(hash()).toBe(before.hash);
  });

  it('counts entity types named like Object.prototype members as numbers, in preview and import', async () => {
    await project();
    const source = {
      kind: 'bytes' as const,
      name: 'odd.conll',
      base64: b64('Franz B-constructor\nis O\nhere B-toString\n\nAna B-constructor\n'),
    };
    const preview = await h.core['imports.preview']({ source, lang: 'de', split: 'train' });
    const summary = await h.core['imports.run']({ source, lang: 'de', split: 'train' });
    for (const s of [preview, summary]) expect(s.entities).toEqual({ constructor: 2, toString: 1 });
  });

  it('refuses a sentence with more tokens than annotations can address, naming the line it starts on', async () => {
    await project();
    const long = `a O\n\n${Array.from({ length: 100_001 }, (_, k) => `w${k} O`).join('\n')}\n`;
    for (const method of ['imports.preview', 'imports.run'] as const) {
      await rejects(
        h.core[method]({ source: { kind: 'bytes', name: 'long.conll', base64: b64(long) }, lang: 'en', split: 'train' }),
        'IMPORT_ERROR',
        /^long\.conll:3: sentence has 100,001 tokens, over the limit of 100,000$/,
      );
    }
  });

  it('refuses, in preview and import alike, an entity type that cannot be a label, naming its line', async () => {
    await project();
    const before = await h.core['stats.splits']({});
    const cases: [string, string, number][] = [
      ['zw.conll', `${EN_CONLL}Rome B-LOC\u200b\nis O\n`, 14],
      ['proto.conll', `${EN_CONLL}Rome O\nis B-__proto__\n`, 15],
      [
        'long.jsonl',
        `${JSON.stringify({ text: 'Rome' })}\n${JSON.stringify({ text: 'Rome', spans: [{ start: 0, end: 4, label: 'L'.repeat(40) }] })}\n`,
        2,
      ],
    ];
    for (const [name, text, line] of cases) {
      for (const method of ['imports.preview', 'imports.run'] as const) {
        try {
          await h.core[method]({ source: { kind: 'bytes', name, base64: b64(text) }, lang: 'it', split: 'train' });
          expect.unreachable(`${method} accepted ${name}`);
        } catch (err) {
          expect(err).toBeInstanceOf(CoreError);
          expect({ code: (err as CoreError).code, file: (err as CoreError).file, line: (err as CoreError).line }).toEqual({
            code: 'IMPORT_ERROR',
            file: name,
            line,
          });
          expect((err as CoreError).message).toMatch(/cannot be a label/);
        }
      }
    }
    expect(await h.core['stats.splits']({})).toEqual(before);
  });

  it('exports a language as CoNLL content or to a file, in the chosen scheme', async () => {
    await project();
    const out = await h.core['exports.run']({ lang: 'en', format: 'conll', scheme: 'bioes' });
    expect(out.sentences).toBe(2);
    expect(out.content).toContain('John B-PER\nSmith E-PER\n');
    expect(out.content).toContain('Acme S-ORG\n');
    const written = await h.core['exports.run']({ lang: 'es', split: 'unlabelled', format: 'text', path: 'out/../es.txt' });
    expect(written).toEqual({
      sentences: 3,
      predicted: 0,
      path: path.join(h.dir, 'es.txt'),
      content: null,
      labelConfig: null,
      notes: [],
    });
    expect(fs.readFileSync(path.join(h.dir, 'es.txt'), 'utf8')).toBe(ES_TEXT);
    await rejects(h.core['exports.run']({ lang: 'en', format: 'conll', path: 'p.sqlite' }), 'FORBIDDEN_PATH');
    await rejects(h.core['exports.run']({ lang: 'de', format: 'conll' }), 'NOT_FOUND');
  });
});

describe('annotating through the core', () => {
  it('returns the stored sentence and the edit, and undoes across a reopen', async () => {
    await project();
    const list = await h.core['sentences.list']({ filter: { lang: 'es' }, sort: 'document', offset: 0, limit: 10 });
    expect(list.total).toBe(3);
    const id = list.rows[0]!.id;
    const r = await h.core['annotations.set']({ sentenceId: id, start: 3, end: 4, label: 'LOC' });
    expect(r.sentence.status).toBe('gold');
    expect(r.edit?.description).toBe('LOC “Madrid” in “Juan vive en Madrid .”');
    expect((await h.core['annotations.confirm']({ sentenceId: id })).edit).toBeNull();
    await rejects(h.core['annotations.set']({ sentenceId: id, start: 0, end: 1, label: 'MISC' }), 'BAD_REQUEST', /label set/);

    await h.core['projects.open']({ path: 'p.sqlite' });
    const history = await h.core['edits.history']({ limit: 10 });
    expect(history.undo.map((e) => e.id)).toEqual([r.edit!.id]);
    const undone = await h.core['edits.undo']({});
    expect(undone.edit?.id).toBe(r.edit!.id);
    expect(undone.sentence?.status).toBe('unlabelled');
    expect(undone.pair).toBeNull();
    const redone = await h.core['edits.redo']({});
    expect(redone.sentence?.spans.map((s) => s.label)).toEqual(['LOC']);
    expect(await h.core['edits.revert']({ id: r.edit!.id })).toEqual({ edit: null, sentence: null, pair: null });
  });

  it('locates, finds the next sentence and lists neighbours', async () => {
    await project();
    expect(await h.core['sentences.locate']({ id: 4, filter: { lang: 'es' }, sort: 'document' })).toEqual({ index: 1 });
    expect(await h.core['sentences.next']({ after: null, filter: {}, sort: 'document' })).toEqual({ id: 3 });
    expect((await h.core['sentences.neighbours']({ id: 4, radius: 1 })).map((r) => r.id)).toEqual([3, 4, 5]);
    await rejects(h.core['sentences.get']({ id: 999 }), 'NOT_FOUND');
  });

  it('pairs sentences, links tokens as undoable edits, and suggests pairs', async () => {
    await project();
    const pair = await h.core['pairs.create']({ a: 1, b: 3 });
    expect(pair.a.text).toBe('John Smith lives in Paris .');
    const linked = await h.core['pairs.link']({ pairId: pair.id, i: 4, j: 3, value: 'same' });
    expect(linked.links).toEqual([{ i: 4, j: 3, value: 'same', source: 'user' }]);
    const listing = await h.core['pairs.list']({ offset: 0, limit: 10 });
    expect(listing.rows[0]).toMatchObject({ id: pair.id, links: 1, a: { id: 1 }, b: { id: 3 } });
    const undone = await h.core['edits.undo']({});
    expect(undone.pair?.links).toEqual([]);
    expect(undone.sentence).toBeNull();
    const suggestions = await h.core['pairs.suggest']({ mode: 'shared-capitalised', langA: 'es', langB: 'es', count: 5 });
    expect(suggestions.map((s) => [Math.min(s.a.id, s.b.id), Math.max(s.a.id, s.b.id), s.reason])).toEqual([
      [3, 4, 'both mention “Madrid”'],
    ]);
    await rejects(h.core['pairs.suggest']({ mode: 'random', langA: 'en', langB: 'fr', count: 5 }), 'NOT_FOUND', /fr/);
    expect(await h.core['pairs.delete']({ id: pair.id })).toEqual({ ok: true });
  });
});

describe('paths', () => {
  it("refuses to create, open or export at a SQLite file's -wal, -shm or -journal, which would break that database", async () => {
    await project();
    for (const suffix of ['-wal', '-shm', '-journal']) {
      const side = `p.sqlite${suffix}`;
      await rejects(h.core['projects.create']({ path: side, name: 'x' }), 'FORBIDDEN_PATH', /is the (wal|shm|journal) file of/);
      await rejects(h.core['projects.open']({ path: side }), 'FORBIDDEN_PATH');
      await rejects(h.core['exports.run']({ lang: 'en', format: 'conll', path: side }), 'FORBIDDEN_PATH');
    }
    // The project still opens, and a name that merely ends alike is fine when no database owns it.
    expect((await h.core['projects.open']({ path: 'p.sqlite' })).sentences).toBe(5);
    expect((await h.core['exports.run']({ lang: 'en', format: 'conll', path: 'notes-journal' })).sentences).toBe(2);
  });

  it('resolves relative paths against the base folder and refuses them without one', async () => {
    const bare = harness({ baseDir: undefined });
    try {
      await rejects(bare.core['projects.create']({ path: 'rel.sqlite', name: 'x' }), 'FORBIDDEN_PATH', /relative/);
      await rejects(bare.core['projects.create']({ path: `${bare.dir}/a\0b`, name: 'x' }), 'FORBIDDEN_PATH', /NUL/);
      const info = await bare.core['projects.create']({ path: path.join(bare.dir, 'abs.sqlite'), name: 'x' });
      expect(info.path).toBe(path.join(bare.dir, 'abs.sqlite'));
    } finally {
      await bare.cleanup();
    }
  });
});
