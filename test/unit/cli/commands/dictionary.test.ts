import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIn, tinyPipeline, vocabOf } from '../helpers.js';
import { tinyConll } from '../../../support/corpus.js';
import { initBackend } from '../../../../src-main/core/ml/index.js';
import { expectNoLeak } from '../../../support/leaks.js';

let dir = '';

const run = (...argv: string[]) => runIn(dir, ...argv);

function summaryOptions(folder: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(dir, folder, 'config.json'), 'utf8')) as { summary: { options: Record<string, unknown> } }).summary
    .options;
}

const TRAIN = ['train-teacher', '--source', 'source.conll', '--epochs', '1', '--evaluator-epochs', '1', '--quiet'];

beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'crosstag-dict-cli-'));
  writeFileSync(join(dir, 'source.conll'), tinyConll(20, 0, 'went', 'to'));
  writeFileSync(join(dir, 'dev.conll'), tinyConll(6, 2, 'fue', 'a'));
  writeFileSync(join(dir, 'target.txt'), 'Dora fue a Oslo\nEmil fue a Lima\nChen fue a Quito\nAlice fue a Rome\n');
  writeFileSync(join(dir, 'en-es.txt'), 'went fue\nto a\nto hacia\nparis parís\n');
  writeFileSync(join(dir, 'es-en.tsv'), 'fue\twent\na\tto\n');
  writeFileSync(join(dir, 'bad.txt'), 'went fue\nto\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crosstag train-teacher --dictionary', () => {
  it('code-switches with the default p, or a given one, keeping names; translations join the vocabulary', async () => {
    await expectNoLeak(async () => {
      const r = await run(...TRAIN, '--out', 'cs', '--dictionary', 'en-es.txt');
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(summaryOptions('cs').codeSwitch).toEqual({ dictionaryWords: 3, p: 0.6, mode: 'dynamic', keepNames: false });
      expect(vocabOf(dir, 'cs')).toEqual(expect.arrayContaining(['went', 'fue', 'a', 'hacia']));

      expect((await run(...TRAIN, '--out', 'cs2', '--dictionary', 'en-es.txt', '--code-switch', '0.25', '--keep-names')).code).toBe(0);
      expect(summaryOptions('cs2').codeSwitch).toEqual({ dictionaryWords: 3, p: 0.25, mode: 'dynamic', keepNames: true });
    });
  });

  it('--translate-train trains on the translated sentences', async () => {
    expect((await run(...TRAIN, '--out', 'tt', '--dictionary', 'en-es.txt', '--translate-train')).code).toBe(0);
    expect(summaryOptions('tt').codeSwitch).toMatchObject({ mode: 'translate' });
    const words = vocabOf(dir, 'tt');
    expect(words).toEqual(expect.arrayContaining(['fue', 'a']));
    expect(words).not.toContain('went');
    expect(words).not.toContain('hacia');
  });

  it('names the file and line of a bad dictionary, and refuses bad or stray options', async () => {
    expect(await run(...TRAIN, '--out', 'x', '--dictionary', 'bad.txt')).toMatchObject({
      code: 1,
      err: 'crosstag: bad.txt:2: expected two fields (source and target word), found 1\n',
    });
    expect((await run(...TRAIN, '--out', 'x', '--dictionary', 'nowhere.txt')).err).toBe(
      'crosstag: cannot read nowhere.txt: no such file or directory\n',
    );
    expect((await run(...TRAIN, '--out', 'x', '--dictionary', 'en-es.txt', '--code-switch', '1.5')).err).toBe(
      'crosstag: --code-switch must be a number between 0 and 1, not "1.5"\n',
    );
    expect((await run(...TRAIN, '--out', 'x', '--keep-names')).err).toBe('crosstag: --keep-names needs --dictionary <file>\n');
    expect((await run(...TRAIN, '--out', 'x', '--dictionary', 'en-es.txt', '--translate-train', '--code-switch', '0.3')).err).toMatch(
      /--translate-train .* no --code-switch/,
    );
    expect(
      (await run('distill', '--teacher', 'cs', '--target', 'target.txt', '--out', 'x', '--init-from-dictionary', 'bad.txt', '--quiet')).err,
    ).toBe('crosstag: bad.txt:2: expected two fields (source and target word), found 1\n');
  });
});

describe('crosstag distill and pipeline --init-from-dictionary', () => {
  it('starts added target words from their translations and records it', async () => {
    expect(
      (
        await run(
          'distill',
          '--teacher',
          'cs',
          '--target',
          'target.txt',
          '--out',
          'st',
          '--epochs',
          '1',
          '--init-from-dictionary',
          'es-en.tsv',
          '--quiet',
        )
      ).code,
    ).toBe(0);
    // "fue" and "a" are already in the code-switched teacher's vocabulary: nothing is added for them.
    expect(summaryOptions('st').dictionary).toEqual({ dictionaryWords: 2, initialisedWords: 0 });
    expect((await run(...TRAIN, '--out', 'plain')).code).toBe(0);
    expect(
      (
        await run(
          'distill',
          '--teacher',
          'plain',
          '--target',
          'target.txt',
          '--out',
          'st2',
          '--epochs',
          '1',
          '--init-from-dictionary',
          'es-en.tsv',
          '--quiet',
        )
      ).code,
    ).toBe(0);
    expect(summaryOptions('st2').dictionary).toEqual({ dictionaryWords: 2, initialisedWords: 2 });
  });

  it('pipeline takes both dictionaries and reports them', async () => {
    const r = await run(
      ...tinyPipeline('pipe', 1),
      '--dictionary',
      'en-es.txt',
      '--keep-names',
      '--init-from-dictionary',
      'es-en.tsv',
      '--quiet',
      '--json',
    );
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.code_switch).toEqual({ dictionary: 'en-es.txt', p: 0.6, mode: 'dynamic', keep_names: true });
    expect(result.init_from_dictionary).toBe('es-en.tsv');
    expect(summaryOptions(join('pipe', 'teacher')).codeSwitch).toMatchObject({ keepNames: true });
    expect(summaryOptions(join('pipe', 'student')).dictionary).toEqual({ dictionaryWords: 2, initialisedWords: 0 });
  });
});
