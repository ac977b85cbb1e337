// A run with a project dictionary: the worker loads its words and hands them to the teacher as
// code-switching, and the run and the model record it.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src-main/core/errors.js';
import { loadTrainingData, runDir } from '../../../../src-main/core/jobs/index.js';
import { trainingConfig as config, mlHarness, statusOf, tinyProject, type MlHarness } from '../../../support/training.js';
import { TINY_TUNING } from '../../../support/ml.js';
import { toConll as conll } from '../../../support/corpus.js';

let h: MlHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
// The tiny project's English words (test/support/corpus.ts) and their Spanish counterparts there.
const EN_ES = 'went fue\nto a\nmet vio\nin en\ntoday hoy\n';

describe('training with a dictionary', () => {
  it('passes the dictionary to the teacher and records it, refusing one for another language pair', async () => {
    h = mlHarness();
    const core = h.core;
    const dbPath = await tinyProject(core, h.dir);
    const dict = await core['dictionaries.import']({
      source: { kind: 'bytes', name: 'en-es.txt', base64: b64(EN_ES) },
      srcLang: 'en',
      tgtLang: 'es',
    });
    const reverse = await core['dictionaries.import']({
      source: { kind: 'bytes', name: 'es-en.txt', base64: b64('fue went\n') },
      srcLang: 'es',
      tgtLang: 'en',
    });

    const wrong = await core['training.start'](config({ mode: 'teacher', dictionaryId: reverse.id })).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(CoreError);
    expect((wrong as CoreError).message).toMatch(/es→en.*en→es/);
    expect(await core['training.list']({})).toEqual([]);

    // The single dictionaryId of older callers is recorded as dictionaryIds.
    const run = await core['training.start'](
      config({ mode: 'teacher', epochs: 1, predictAfter: false, dictionaryId: dict.id, keepNames: true }),
    );
    expect(run.config).toMatchObject({ dictionaryIds: [dict.id], codeSwitch: 0.6, keepNames: true });
    expect(run.config).not.toHaveProperty('dictionaryId');
    const done = await statusOf(core, run.id, ['completed', 'failed', 'cancelled']);
    expect(done.error).toBeNull();
    expect(done.config['data']).toMatchObject({
      dictionaries: [{ id: dict.id, name: 'en-es', srcLang: 'en', words: 5, sentences: 16, p: 0.6, keepNames: true }],
    });

    const [model] = await core['models.list']({});
    const saved = JSON.parse(readFileSync(path.join(path.resolve(path.dirname(dbPath), model!.dir), 'config.json'), 'utf8')) as {
      summary: { options: { codeSwitch?: unknown } };
    };
    expect(saved.summary.options.codeSwitch).toMatchObject({ dictionaryWords: 5, p: 0.6, keepNames: true });
  });

  it("switches only the sentences in the dictionary's source language", async () => {
    h = mlHarness();
    const core = h.core;
    await tinyProject(core, h.dir);
    const dict = await core['dictionaries.import']({
      source: { kind: 'bytes', name: 'en-es.txt', base64: b64(EN_ES) },
      srcLang: 'en',
      tgtLang: 'es',
    });
    // A confirmed Spanish sentence joins the teacher's data as target gold; it must not be looked
    // up in the English→Spanish dictionary.
    const [first] = (await core['sentences.list']({ filter: { lang: 'es', split: 'unlabelled' }, sort: 'document', offset: 0, limit: 1 }))
      .rows;
    await core['annotations.set']({ sentenceId: first!.id, start: 0, end: 1, label: 'PER' });
    await core['annotations.confirm']({ sentenceId: first!.id });
    const store = core.currentStore()!;
    const withGold = loadTrainingData(store, config({ useTargetGold: true, dictionaryIds: [dict.id] }));
    expect(withGold.train).toHaveLength(17);
    expect(withGold.switchedBy?.map(({ dictionaryId, start, end, words }) => [dictionaryId, start, end, words.length])).toEqual([
      [dict.id, 0, 16, 5],
    ]);
    expect(withGold.train.slice(0, 16).flatMap((s) => s.tokens)).toContain('went');
    expect(withGold.train[16]!.tokens).toContain('a');
    expect(loadTrainingData(store, config({ dictionaryIds: [dict.id] })).switchedBy?.map((r) => [r.start, r.end])).toEqual([[0, 16]]);
    expect(loadTrainingData(store, config()).switchedBy).toBeUndefined();

    const run = await core['training.start'](
      config({ mode: 'teacher', epochs: 1, predictAfter: false, useTargetGold: true, dictionaryIds: [dict.id] }),
    );
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

  it('takes one dictionary per source language, each switching only its own sentences', async () => {
    h = mlHarness();
    const core = h.core;
    await tinyProject(core, h.dir);
    // A second labelled source language, German, with a de→es dictionary of its own.
    await core['languages.upsert']({ code: 'de', name: 'German', direction: 'ltr' });
    const DE = [
      [
        ['Alice', 'B-PER'],
        ['ging', 'O'],
        ['nach', 'O'],
        ['Rom', 'B-LOC'],
      ],
      [
        ['Bruno', 'B-PER'],
        ['traf', 'O'],
        ['Chen', 'B-PER'],
        ['heute', 'O'],
      ],
      [
        ['Dora', 'B-PER'],
        ['wohnt', 'O'],
        ['in', 'O'],
        ['Lima', 'B-LOC'],
      ],
    ] as [string, string][][];
    await core['imports.run']({
      source: { kind: 'bytes', name: 'de.conll', base64: b64(conll(DE)) },
      lang: 'de',
      split: 'train',
      format: 'conll',
    });
    const en = await core['dictionaries.import']({
      source: { kind: 'bytes', name: 'en-es.txt', base64: b64(EN_ES) },
      srcLang: 'en',
      tgtLang: 'es',
    });
    const de = await core['dictionaries.import']({
      source: { kind: 'bytes', name: 'de-es.txt', base64: b64('ging fue\nnach a\ntraf vio\nheute hoy\n') },
      srcLang: 'de',
      tgtLang: 'es',
    });
    const enAgain = await core['dictionaries.import']({
      source: { kind: 'bytes', name: 'en-es-2.txt', base64: b64('went fue\n') },
      srcLang: 'en',
      tgtLang: 'es',
    });

    const both = config({ mode: 'teacher', sourceLangs: ['en', 'de'], epochs: 1, predictAfter: false, dictionaryIds: [de.id, en.id] });
    const two = await core['training.start']({ ...both, dictionaryIds: [en.id, enAgain.id] }).catch((e: unknown) => e);
    expect((two as CoreError).message).toMatch(/both translate en; choose one per source language/);
    const mixed = await core['training.start']({ ...both, dictionaryId: en.id }).catch((e: unknown) => e);
    expect((mixed as CoreError).message).toMatch(/not both/);

    const data = loadTrainingData(core.currentStore()!, both);
    // German first (its dictionary was given first), then English; each range its own dictionary.
    expect(data.switchedBy?.map((r) => [r.dictionaryId, r.start, r.end])).toEqual([
      [de.id, 0, 3],
      [en.id, 3, 19],
    ]);
    expect(data.train[0]!.tokens).toEqual(['Alice', 'ging', 'nach', 'Rom']);

    const run = await core['training.start'](both);
    const done = await statusOf(core, run.id, ['completed', 'failed', 'cancelled']);
    expect(done.error).toBeNull();
    expect(
      (done.config['data'] as { dictionaries: { srcLang: string; sentences: number }[] }).dictionaries.map((d) => [d.srcLang, d.sentences]),
    ).toEqual([
      ['de', 3],
      ['en', 16],
    ]);
    const [model] = await core['models.list']({});
    const saved = JSON.parse(readFileSync(path.join(model!.dir, 'config.json'), 'utf8')) as {
      summary: { options: { sources?: { sentences: number; codeSwitch: { dictionaryWords: number } | null }[] } };
    };
    expect(saved.summary.options.sources?.map((g) => [g.sentences, g.codeSwitch?.dictionaryWords ?? null])).toEqual([
      [3, 4],
      [16, 5],
    ]);
  });

  it('resumes a run recorded before dictionaryIds, from its single-dictionary snapshot, where its checkpoint left off', async () => {
    h = mlHarness({ tuning: { ...TINY_TUNING, batchSize: 2 } });
    const core = h.core;
    const dbPath = await tinyProject(core, h.dir);
    const dict = await core['dictionaries.import']({
      source: { kind: 'bytes', name: 'en-es.txt', base64: b64(EN_ES) },
      srcLang: 'en',
      tgtLang: 'es',
    });
    const run = await core['training.start'](config({ mode: 'teacher', epochs: 3, predictAfter: false, dictionaryIds: [dict.id] }));
    await new Promise<void>((resolve) => {
      const off = core.on('training.progress', (p) => {
        if (p.runId === run.id && p.stage === 'teacher-recognizer' && p.epoch === 2) {
          off();
          resolve();
        }
      });
    });
    const cancelled = await core['training.cancel']({ runId: run.id });
    expect(cancelled.status).toBe('cancelled');

    // What an older Crosstag recorded: one dictionaryId in the config, and in the data snapshot
    // the dictionary's words with the range it switched.
    const file = path.join(runDir(dbPath, run.id), 'data.json');
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
      switchedBy: { start: number; end: number; words: unknown }[];
    };
    const [range] = snapshot.switchedBy;
    const { switchedBy: _new, ...older } = snapshot;
    writeFileSync(file, JSON.stringify({ ...older, dictionary: range!.words, switched: { start: range!.start, end: range!.end } }));
    const { dictionaryIds: _ids, ...oldConfig } = cancelled.config;
    core
      .currentStore()!
      .db.prepare('UPDATE runs SET config = ? WHERE id = ?')
      .run(JSON.stringify({ ...oldConfig, dictionaryId: dict.id }), run.id);

    const epochs: number[] = [];
    const off = core.on('training.progress', (p) => {
      if (p.runId === run.id && p.stage === 'teacher-recognizer') epochs.push(p.epoch);
    });
    await core['training.resume']({ runId: run.id });
    const done = await statusOf(core, run.id, ['completed', 'failed', 'cancelled']);
    off();
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    // The same code-switching, so the same checkpoint fingerprint: training went on from it.
    expect(Math.min(...epochs)).toBeGreaterThanOrEqual(2);
    const [model] = await core['models.list']({});
    const saved = JSON.parse(readFileSync(path.join(path.resolve(path.dirname(dbPath), model!.dir), 'config.json'), 'utf8')) as {
      summary: { options: { codeSwitch?: unknown } };
    };
    expect(saved.summary.options.codeSwitch).toMatchObject({ dictionaryWords: 5, p: 0.6 });
  });
});
