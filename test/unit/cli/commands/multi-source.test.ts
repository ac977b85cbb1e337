import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIn, vocabOf } from '../helpers.js';
import { tinyConll } from '../../../support/corpus.js';
import { initBackend } from '../../../../src-main/core/ml/index.js';
import { expectNoLeak } from '../../../support/leaks.js';

let dir = '';

const run = (...argv: string[]) => runIn(dir, ...argv);

function summary(folder: string): { trainSentences: number; options: Record<string, unknown> } {
  return (
    JSON.parse(readFileSync(join(dir, folder, 'config.json'), 'utf8')) as {
      summary: { trainSentences: number; options: Record<string, unknown> };
    }
  ).summary;
}

const QUICK = ['--epochs', '1', '--evaluator-epochs', '1', '--quiet'];
/** en.conll switched with en-es.txt, en2.conll without a dictionary. */
const TWO_SOURCES = ['--source', 'en.conll', '--dictionary', 'en-es.txt', '--source', 'en2.conll', '--dictionary', 'none'];

beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'crosstag-multi-cli-'));
  writeFileSync(join(dir, 'en.conll'), tinyConll(10, 0, 'went', 'to'));
  writeFileSync(join(dir, 'en2.conll'), tinyConll(8, 1, 'went', 'into'));
  writeFileSync(join(dir, 'per-only.conll'), tinyConll(6, 2, 'went', 'to', 'O'));
  writeFileSync(join(dir, 'dev.conll'), tinyConll(6, 2, 'fue', 'a'));
  writeFileSync(join(dir, 'target.txt'), 'Dora fue a Oslo\nEmil fue a Lima\nChen fue a Quito\nAlice fue a Rome\n');
  writeFileSync(join(dir, 'en-es.txt'), 'went fue\nto a\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('train-teacher with several --source', () => {
  it('concatenates the sources, pairs each --dictionary with its --source and records both', async () => {
    await expectNoLeak(async () => {
      const r = await run('train-teacher', ...TWO_SOURCES, '--translate-train', '--out', 'two', '--json', ...QUICK);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect((JSON.parse(r.out) as { sources: unknown }).sources).toEqual([
        { file: 'en.conll', sentences: 10, dictionary: 'en-es.txt' },
        { file: 'en2.conll', sentences: 8, dictionary: null },
      ]);
      const s = summary('two');
      expect(s.trainSentences).toBe(18);
      expect(s.options['sources']).toEqual([
        { name: 'en.conll', sentences: 10, codeSwitch: { dictionaryWords: 2, p: 0.6, mode: 'translate', keepNames: false } },
        { name: 'en2.conll', sentences: 8, codeSwitch: null },
      ]);
      expect(s.options['codeSwitch']).toBeUndefined();
      // en.conll is translated ("went" -> "fue", "to" -> "a"); en2.conll keeps "went" and "into".
      const words = vocabOf(dir, 'two');
      expect(words).toEqual(expect.arrayContaining(['fue', 'a', 'went', 'into']));
      expect(words).not.toContain('to');
    });
  });

  it('a single --source trains as before: no source list, the dictionary as codeSwitch', async () => {
    expect(
      (await run('train-teacher', '--source', 'en.conll', '--dictionary', 'en-es.txt', '--translate-train', '--out', 'one', ...QUICK)).code,
    ).toBe(0);
    const s = summary('one');
    expect(s.trainSentences).toBe(10);
    expect(s.options['sources']).toBeUndefined();
    expect(s.options['codeSwitch']).toEqual({ dictionaryWords: 2, p: 0.6, mode: 'translate', keepNames: false });
  });

  it('refuses a --dictionary count that does not match the --source count, and switching without any dictionary', async () => {
    const base = ['train-teacher', '--source', 'en.conll', '--source', 'en2.conll', '--out', 'x', ...QUICK];
    expect(await run(...base, '--dictionary', 'en-es.txt')).toMatchObject({
      code: 1,
      err: 'crosstag: --dictionary was given 1 times for 2 --source files; give one per --source, in the same order (none for a source without)\n',
    });
    expect((await run(...base, '--dictionary', 'none', '--dictionary', 'none', '--keep-names')).err).toBe(
      'crosstag: --keep-names needs --dictionary <file>\n',
    );
    expect((await run(...base, '--dictionary', 'none', '--dictionary', 'missing.txt')).err).toBe(
      'crosstag: cannot read missing.txt: no such file or directory\n',
    );
    expect(existsSync(join(dir, 'x'))).toBe(false);
    const help = await run('train-teacher', '--help');
    expect(help.out.replace(/\s+/g, ' ')).toMatch(
      /repeatable: the i-th --dictionary belongs to the i-th --source, one per --source or none at all \("none" for a source without\)/,
    );
  });
});

describe('distill and pipeline with several teachers', () => {
  it('distils from two --teacher folders, and refuses teachers whose labels differ', async () => {
    expect((await run('train-teacher', '--source', 'en2.conll', '--out', 't2', ...QUICK)).code).toBe(0);
    expect((await run('train-teacher', '--source', 'per-only.conll', '--out', 'tper', ...QUICK)).code).toBe(0);
    await expectNoLeak(async () => {
      const r = await run(
        'distill',
        '--teacher',
        'one',
        '--teacher',
        't2',
        '--target',
        'target.txt',
        '--out',
        'st',
        '--epochs',
        '1',
        '--quiet',
        '--json',
      );
      expect(r).toMatchObject({ code: 0, err: '' });
      expect((JSON.parse(r.out) as { teachers: string[] }).teachers).toEqual(['one', 't2']);
      expect(summary('st').options['teachers']).toBe(2);
      expect(
        await run('distill', '--teacher', 'one', '--teacher', 'tper', '--target', 'target.txt', '--out', 'st2', '--quiet'),
      ).toMatchObject({
        code: 1,
        err: 'crosstag: tper: has labels O B-PER I-PER but one has O B-LOC I-LOC B-PER I-PER; the teachers must share one label list\n',
      });
      expect(existsSync(join(dir, 'st2'))).toBe(false);
    });
  });

  it('pipeline --teacher-per-source trains a teacher per source and scores each', async () => {
    const common = [
      'pipeline',
      '--target',
      'target.txt',
      '--target-dev',
      'dev.conll',
      '--target-test',
      'dev.conll',
      '--student-epochs',
      '1',
      '--json',
      ...QUICK,
    ];
    const r = await run(...common, ...TWO_SOURCES, '--teacher-per-source', '--out', 'pp');
    expect(r).toMatchObject({ code: 0, err: '' });
    const result = JSON.parse(r.out) as {
      teachers_f1: number[];
      teacher_f1: number;
      teacher_per_source: boolean;
      code_switch: { dictionary: unknown };
    };
    expect(result.teachers_f1).toHaveLength(2);
    expect(result.teacher_f1).toBe(result.teachers_f1[0]);
    expect(result.teacher_per_source).toBe(true);
    expect(result.code_switch.dictionary).toEqual(['en-es.txt', null]);
    expect(summary('pp/teacher-1').trainSentences).toBe(10);
    expect(summary('pp/teacher-1').options['codeSwitch']).toMatchObject({ dictionaryWords: 2 });
    expect(summary('pp/teacher-2').trainSentences).toBe(8);
    expect(summary('pp/teacher-2').options['codeSwitch']).toBeUndefined();
    expect(summary('pp/student').options['teachers']).toBe(2);
    expect(await run(...common, '--source', 'en.conll', '--source', 'per-only.conll', '--teacher-per-source', '--out', 'pq')).toMatchObject(
      {
        code: 1,
        err: 'crosstag: --teacher-per-source: per-only.conll has labels O B-PER I-PER but en.conll has O B-LOC I-LOC B-PER I-PER; the teachers must share one label list\n',
      },
    );
  });
});
