// A run with a project dictionary: the worker loads its words and hands them to the teacher as
// code-switching, and the run and the model record it.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src-main/core/errors.js';
import { loadTrainingData } from '../../../../src-main/core/jobs/index.js';
import { config, mlHarness, statusOf, tinyProject, type MlHarness } from './fixtures.js';

let h: MlHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
// The tiny project's English words (fixtures.ts) and their Spanish counterparts there.
const EN_ES = 'went fue\nto a\nmet vio\nin en\ntoday hoy\n';

describe('training with a dictionary', () => {
  it('passes the dictionary to the teacher and records it, refusing one for another language pair', async () => {
    h = mlHarness();
    const core = h.core;
    const dbPath = await tinyProject(core, h.dir);
    const dict = await core['dictionaries.import']({ source: { kind: 'bytes', name: 'en-es.txt', base64: b64(EN_ES) }, srcLang: 'en', tgtLang: 'es' });
    const reverse = await core['dictionaries.import']({ source: { kind: 'bytes', name: 'es-en.txt', base64: b64('fue went\n') }, srcLang: 'es', tgtLang: 'en' });

    const wrong = await core['training.start'](config({ mode: 'teacher', dictionaryId: reverse.id })).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(CoreError);
    expect((wrong as CoreError).message).toMatch(/es→en.*en→es/);
    expect(await core['training.list']({})).toEqual([]);

    const run = await core['training.start'](config({ mode: 'teacher', epochs: 1, predictAfter: false, dictionaryId: dict.id, keepNames: true }));
    expect(run.config).toMatchObject({ dictionaryId: dict.id, codeSwitch: 0.6, keepNames: true });
    const done = await statusOf(core, run.id, ['completed', 'failed', 'cancelled']);
    expect(done.error).toBeNull();
    expect(done.config['data']).toMatchObject({ dictionary: { id: dict.id, name: 'en-es', words: 5, p: 0.6, keepNames: true } });

    const [model] = await core['models.list']({});
    const saved = JSON.parse(readFileSync(path.join(path.resolve(path.dirname(dbPath), model!.dir), 'config.json'), 'utf8')) as {
      summary: { options: { codeSwitch?: unknown } };
    };
    expect(saved.summary.options.codeSwitch).toMatchObject({ dictionaryWords: 5, p: 0.6, keepNames: true });
  });

  it('switches only the sentences in the dictionary\'s source language', async () => {
    h = mlHarness();
    const core = h.core;
    await tinyProject(core, h.dir);
    const dict = await core['dictionaries.import']({ source: { kind: 'bytes', name: 'en-es.txt', base64: b64(EN_ES) }, srcLang: 'en', tgtLang: 'es' });
    // A confirmed Spanish sentence joins the teacher's data as target gold; it must not be looked
    // up in the English→Spanish dictionary.
    const [first] = (await core['sentences.list']({ filter: { lang: 'es', split: 'unlabelled' }, sort: 'document', offset: 0, limit: 1 })).rows;
    await core['annotations.set']({ sentenceId: first!.id, start: 0, end: 1, label: 'PER' });
    await core['annotations.confirm']({ sentenceId: first!.id });
    const store = core.currentStore()!;
    const withGold = loadTrainingData(store, config({ useTargetGold: true, dictionaryId: dict.id }));
    expect(withGold.train).toHaveLength(17);
    expect(withGold.switched).toEqual({ start: 0, end: 16 });
    expect(withGold.train.slice(0, 16).flatMap((s) => s.tokens)).toContain('went');
    expect(withGold.train[16]!.tokens).toContain('a');
    expect(loadTrainingData(store, config({ dictionaryId: dict.id })).switched).toEqual({ start: 0, end: 16 });
    expect(loadTrainingData(store, config()).switched).toBeUndefined();

    const run = await core['training.start'](config({ mode: 'teacher', epochs: 1, predictAfter: false, useTargetGold: true, dictionaryId: dict.id }));
    const done = await statusOf(core, run.id, ['completed', 'failed', 'cancelled']);
    expect(done.error).toBeNull();
    const [model] = await core['models.list']({});
    const saved = JSON.parse(readFileSync(path.join(model!.dir, 'config.json'), 'utf8')) as {
      summary: { options: { sources?: { sentences: number; codeSwitch: unknown }[] } };
    };
    expect(saved.summary.options.sources?.map((g) => [g.sentences, g.codeSwitch !== null])).toEqual([
      [16, true],
      [1, false],
    ]);
  });
});
