import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src-main/core/errors.js';
import { MIGRATIONS, openStore, SCHEMA_VERSION } from '../../../../src-main/core/store/index.js';
import { corpus, EN, tempFolder } from '../../../support/store.js';

const dirs: string[] = [];
const dir = (): string => {
  const d = tempFolder();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('opening and migrating project files', () => {
  it('creates a new file at the latest schema with WAL, full sync and foreign keys, and no backup', () => {
    const file = path.join(dir(), 'p.sqlite');
    const store = openStore(file, { create: true });
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.migration).toEqual({ from: 0, to: SCHEMA_VERSION, backup: null });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    store.close();
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.bak-'))).toEqual([]);
  });

  it('passes nativeBinding through to better-sqlite3', () => {
    const file = path.join(dir(), 'n.sqlite');
    expect(() => openStore(file, { create: true, nativeBinding: path.join(dir(), 'missing-electron-abi.node') })).toThrow(
      /cannot open .*n\.sqlite/,
    );
  });

  it('refuses a missing file unless asked to create it', () => {
    const file = path.join(dir(), 'missing.sqlite');
    expect(() => openStore(file)).toThrow(/no project file/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('backs up an old-version file, then migrates it keeping its data', () => {
    const file = path.join(dir(), 'old.sqlite');
    const v1 = openStore(file, { create: true, migrations: MIGRATIONS.slice(0, 1) });
    expect(v1.schemaVersion).toBe(1);
    v1.project.setMeta('name', 'Old project');
    v1.importCorpus(corpus(...EN), { lang: 'en', split: 'train', file: 'en.conll' });
    v1.close();

    const store = openStore(file);
    expect(store.migration.from).toBe(1);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    const backup = store.migration.backup!;
    expect(path.basename(backup)).toMatch(/^old\.sqlite\.bak-v1-\d{4}-\d\d-\d\dT[\d-]+Z$/);
    expect(store.project.meta('name')).toBe('Old project');
    expect(store.project.sentenceCount()).toBe(3);
    expect(store.db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'dictionaries'`).get()).toEqual({ n: 1 });
    expect(store.encoders.list()).toEqual([]);
    store.close();

    // The backup is a complete, readable v1 project.
    const old = new Database(backup, { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    expect(old.prepare('SELECT count(*) AS n FROM sentences').get()).toEqual({ n: 3 });
    expect(old.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'dictionaries'`).get()).toEqual({ n: 0 });
    old.close();

    // Opening a current file again writes no further backup.
    openStore(file).close();
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.bak-'))).toHaveLength(1);
  });

  it('v4 rebuilds the models table for external models, keeping every model and the predictions that point to it', () => {
    const file = path.join(dir(), 'v3.sqlite');
    const v3 = openStore(file, { create: true, migrations: MIGRATIONS.slice(0, 3) });
    v3.importCorpus(corpus(['Ana vive', 'Lima es']), { lang: 'es', split: 'unlabelled', unlabelled: true, file: 'es.txt' });
    v3.project.ensureLabels(['PER']);
    const teacher = v3.models.create({ name: 'teacher 1', kind: 'teacher', encoder: 'small', dir: 'models/t1' });
    v3.writePredictions(teacher.id, [{ sentenceId: 1, spans: [{ start: 0, end: 1, label: 'PER', confidence: 0.9 }], uncertainty: 0.2 }]);
    expect(() =>
      v3.db.prepare(`INSERT INTO models (name, kind, encoder, dir, created_at) VALUES ('x', 'external', '', '', '')`).run(),
    ).toThrow(/CHECK constraint failed/);
    v3.close();

    const store = openStore(file);
    expect(store.migration).toMatchObject({ from: 3, to: SCHEMA_VERSION });
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    expect(store.models.list()).toEqual([teacher]);
    expect(store.sentences.records({ statuses: ['predicted'] })[0]!.spans).toEqual([
      { start: 0, end: 1, label: 'PER', provenance: 'predicted', confidence: 0.9, modelId: teacher.id },
    ]);
    const external = store.models.external('student-v2');
    expect(external).toMatchObject({ kind: 'external', name: 'student-v2', dir: '' });
    expect(store.models.external('student-v2').id).toBe(external.id);
    expect(store.models.runnable(teacher.id)).toEqual(teacher);
    expect(() => store.models.runnable(external.id)).toThrow(/cannot tag text/);
    // Deleting a model still leaves its predictions, without a model id.
    store.models.delete(teacher.id);
    expect(store.sentences.records({ statuses: ['predicted'] })[0]!.spans[0]!.modelId).toBeNull();
    store.close();
  });

  it('refuses files from a newer schema and SQLite files that are not projects', () => {
    const newer = path.join(dir(), 'newer.sqlite');
    const db = new Database(newer);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStore(newer)).toThrow(/newer Crosstag/);

    const foreign = path.join(dir(), 'foreign.sqlite');
    const f = new Database(foreign);
    f.exec('CREATE TABLE t (x)');
    f.close();
    try {
      openStore(foreign);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CoreError);
      expect((err as CoreError).code).toBe('CONFLICT');
      expect((err as CoreError).message).toMatch(/not a Crosstag project/);
    }
  });

  it('leaves a foreign SQLite file, an empty file and a device byte for byte as they were', () => {
    const d = dir();
    const foreign = path.join(d, 'other.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    f.close();
    const empty = path.join(d, 'empty.txt');
    fs.writeFileSync(empty, '');
    const bytes = { foreign: fs.readFileSync(foreign), empty: fs.readFileSync(empty) };
    expect(() => openStore(foreign)).toThrow(/not a Crosstag project/);
    expect(() => openStore(empty)).toThrow(/is empty, not a Crosstag project/);
    expect(() => openStore('/dev/null')).toThrow(/not a regular file/);
    expect(fs.readFileSync(foreign).equals(bytes.foreign)).toBe(true);
    expect(fs.readFileSync(empty).equals(bytes.empty)).toBe(true);
    expect(fs.readdirSync(d).sort()).toEqual(['empty.txt', 'other.db']);
    // Creating over an empty file is still allowed: that is what `create` is for.
    openStore(empty, { create: true }).close();
    expect(fs.statSync(empty).size).toBeGreaterThan(0);
  });

  it('opens read-only without migrating, and refuses an outdated file read-only', () => {
    const file = path.join(dir(), 'ro.sqlite');
    openStore(file, { create: true, migrations: MIGRATIONS.slice(0, 1) }).close();
    expect(() => openStore(file, { readonly: true })).toThrow(/schema v1/);
    openStore(file).close();
    const ro = openStore(file, { readonly: true });
    expect(ro.schemaVersion).toBe(SCHEMA_VERSION);
    expect(() => ro.project.setMeta('name', 'x')).toThrow();
    ro.close();
  });

  it('keeps the edit log append-only', () => {
    const store = openStore(path.join(dir(), 'log.sqlite'), { create: true });
    store.importCorpus(corpus(...EN), { lang: 'en', split: 'train', file: 'en.conll' });
    store.annotations.confirm(1);
    store.annotations.remove(1, 0);
    expect(() => store.db.exec('DELETE FROM edits')).toThrow(/append-only/);
    expect(() => store.db.exec(`UPDATE edits SET action = 'x'`)).toThrow(/append-only/);
    store.close();
  });
});
