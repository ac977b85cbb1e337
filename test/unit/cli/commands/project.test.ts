import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runIn } from '../helpers.js';

let dir = '';

const run = (...argv: string[]) => runIn(dir, ...argv);

const EN = ['Ana B-PER', 'Lima I-PER', 'visited O', 'Oslo B-LOC', '', 'The O', 'UN B-ORG', 'met O', ''].join('\n');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crosstag-cli-project-'));
  writeFileSync(join(dir, 'en.conll'), EN);
  writeFileSync(join(dir, 'es.txt'), 'Hola Madrid\nAdiós\n');
  writeFileSync(join(dir, 'bad.conll'), `${EN}Rome B-LOC\nhi Q-PER\n`);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('crosstag project', () => {
  it('creates, imports, counts and exports', async () => {
    expect(await run('project', 'create', 'p.sqlite', '--name', 'Demo', '--labels', 'PER,ORG,LOC')).toEqual({
      code: 0,
      out: 'created p.sqlite with labels PER, ORG, LOC\n',
      err: '',
    });
    const imported = await run('project', 'import', 'p.sqlite', 'en.conll', '--lang', 'en');
    expect(imported.code).toBe(0);
    expect(imported.out).toBe('imported 2 sentences (7 tokens; LOC 1, ORG 1, PER 1) into en/train\n');
    expect(imported.err).toBe('crosstag: warning: added language en to the project\n');
    expect((await run('project', 'import', 'p.sqlite', 'es.txt', '--lang', 'es', '--unlabeled')).out).toBe(
      'imported 2 sentences (3 tokens) into es/unlabelled\n',
    );

    const stats = await run('project', 'stats', 'p.sqlite', '--json');
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.out)).toEqual({
      name: 'Demo',
      schemaVersion: 4,
      sentences: 4,
      labels: ['PER', 'ORG', 'LOC'],
      languages: ['en', 'es'],
      splits: [
        { lang: 'en', split: 'train', total: 2, unlabelled: 0, predicted: 0, gold: 2, corrected: 0 },
        { lang: 'es', split: 'unlabelled', total: 2, unlabelled: 2, predicted: 0, gold: 0, corrected: 0 },
      ],
    });

    expect(await run('project', 'export', 'p.sqlite', 'out.conll', '--lang', 'en', '--split', 'train')).toEqual({
      code: 0,
      out: 'wrote 2 sentences to out.conll\n',
      err: '',
    });
    expect(readFileSync(join(dir, 'out.conll'), 'utf8')).toBe(`${EN}\n`);
    expect((await run('project', 'export', 'p.sqlite', 'out.jsonl', '--lang', 'es', '--format', 'jsonl')).code).toBe(0);
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('a malformed import exits 1 with file, line and reason, and leaves the project as it was', async () => {
    await run('project', 'create', 'p.sqlite', '--name', 'Demo');
    await run('project', 'import', 'p.sqlite', 'en.conll', '--lang', 'en');
    const before = (await run('project', 'stats', 'p.sqlite', '--json')).out;
    const r = await run('project', 'import', 'p.sqlite', 'bad.conll', '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^crosstag: .*bad\.conll:10: .*Q-PER.*\n$/);
    expect(r.err.split('\n')).toHaveLength(2);
    expect((await run('project', 'stats', 'p.sqlite', '--json')).out).toBe(before);
  });

  it('exits non-zero with a one-line reason on bad input', async () => {
    const cases: [string[], RegExp][] = [
      [['project', 'create', 'p.sqlite'], /required option '--name <name>'/],
      [['project', 'create', 'p.sqlite', '--name', 'x', '--labels', 'PER,bad label'], /"bad label" is not a label name/],
      [['project', 'import', 'missing.sqlite', 'en.conll', '--lang', 'en'], /no project file at .*missing\.sqlite/],
      [['project', 'stats', 'en.conll', '--json'], /cannot open .*en\.conll/],
    ];
    await run('project', 'create', 'p.sqlite', '--name', 'Demo');
    cases.push(
      [['project', 'create', 'p.sqlite', '--name', 'Again'], /already exists/],
      [['project', 'import', 'p.sqlite', 'en.conll'], /--lang is required/],
      [['project', 'import', 'p.sqlite', 'en.conll', '--lang', 'english'], /--lang must be a language code/],
      [['project', 'import', 'p.sqlite', 'en.conll', '--lang', 'en', '--split', 'holdout'], /--split must be one of/],
      [['project', 'import', 'p.sqlite', 'nope.conll', '--lang', 'en'], /no file at .*nope\.conll/],
      [['project', 'export', 'p.sqlite', 'o.conll', '--lang', 'de'], /no language de/],
      [['project', 'export', 'p.sqlite', 'o.conll', '--lang', 'en', '--format', 'xml'], /--format must be one of/],
      [['project', 'export', 'p.sqlite', 'p.sqlite', '--lang', 'en'], /over the project file/],
    );
    for (const [argv, reason] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBeGreaterThan(0);
      expect(r.err, argv.join(' ')).toMatch(reason);
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.err.startsWith('crosstag: '), argv.join(' ')).toBe(true);
    }
    expect(existsSync(join(dir, 'o.conll'))).toBe(false);
  });
});
