import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, trainTeacher, type TeacherOptions } from '../../../../../src-main/core/ml/index.js';
import { expectNoLeak } from '../../../../support/leaks.js';
import { TINY, tempDir } from '../../../../support/ml.js';
import { dictionary, sourceCorpus, targetText } from '../../../../support/casing.js';

const tmp = tempDir();

beforeAll(async () => {
  await initBackend();
});

afterAll(() => tmp.cleanup());

const options = (over: Partial<TeacherOptions> = {}): TeacherOptions => ({
  train: sourceCorpus(60),
  targetText: targetText('nouns', 300),
  codeSwitch: { dictionary: dictionary('nouns'), p: 0.6 },
  encoder: TINY,
  epochs: 1,
  evaluatorEpochs: 1,
  batchSize: 16,
  seed: 4,
  ...over,
});

async function summaryOf(opts: TeacherOptions): Promise<Record<string, unknown>> {
  return expectNoLeak(async () => {
    const model = await trainTeacher(opts);
    const summary = model.summary!.options;
    model.dispose();
    return summary;
  });
}

describe('trainTeacher with target text that capitalises its nouns', () => {
  it('follows its conventions and records them, and refuses to resume a checkpoint with other target text', async () => {
    const dir = path.join(tmp.dir, 'nouns');
    const summary = await summaryOf(options({ checkpointDir: dir }));
    const conventions = summary['targetCasing'] as { commonWords: { words: number; capitalised: number }; recasedWords: number };
    expect(conventions).toMatchObject({ convention: 'capitalises-common-words', casing: 'target' });
    expect(conventions.commonWords.capitalised / conventions.commonWords.words).toBeGreaterThan(0.6);
    // Every "Monday" becomes "monday", and the nouns after the verb are capitalised.
    expect(conventions.recasedWords).toBeGreaterThan(60);
    expect(summary['codeSwitch']).toMatchObject({ casing: 'target' });
    // The same sentences follow from text written with another convention: the checkpoint says so.
    const other = trainTeacher(options({ checkpointDir: dir, resume: true, targetText: targetText('names', 300) }));
    await expect(other).rejects.toThrow(/checkpoint was written with different settings/);
  });

  it('keeps the source casing for a target that, like the source, capitalises names only', async () => {
    const summary = await summaryOf(
      options({ targetText: targetText('names', 300), codeSwitch: { dictionary: dictionary('names'), p: 0.6 } }),
    );
    expect(summary['targetCasing']).toMatchObject({ convention: 'capitalises-names', casing: 'source', recasedWords: 0 });
    expect(summary['codeSwitch']).not.toHaveProperty('casing');
  });

  it('keeps the source casing when told to, still reading the conventions', async () => {
    const summary = await summaryOf(options({ targetCasing: false }));
    expect(summary['targetCasing']).toMatchObject({ convention: 'capitalises-common-words', casing: 'source', recasedWords: 0 });
    expect(summary['codeSwitch']).not.toHaveProperty('casing');
  });

  it('lowercases the source sentences for a caseless target even without a dictionary', async () => {
    const summary = await summaryOf(options({ codeSwitch: undefined, targetText: targetText('caseless', 300) }));
    // Every sentence has a person, a place and "Monday", every other one a second person.
    expect(summary['targetCasing']).toMatchObject({
      convention: 'caseless',
      casing: 'target',
      commonWords: null,
      recasedWords: 60 * 3 + 30,
    });
  });
});
