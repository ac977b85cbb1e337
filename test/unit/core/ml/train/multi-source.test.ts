import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  initBackend,
  trainTeacher,
  TrainingCancelled,
  type NerModel,
  type TaggedSentence,
  type TeacherOptions,
} from '../../../../../src-main/core/ml/index.js';
import { groupCodeSwitch, type SourceGroup } from '../../../../../src-main/core/ml/data/source-groups.js';
import { TINY, tempDir, tinyCorpus } from '../../../../support/ml.js';
import { expectNoLeak } from '../../../../support/leaks.js';

const tmp = tempDir();
beforeAll(async () => {
  await initBackend();
});
afterAll(() => tmp.cleanup());

const ES = new Map<string, string[]>([
  ['went', ['fue']],
  ['met', ['conoció']],
  ['with', ['con']],
]);
const DE = new Map<string, string[]>([
  ['went', ['ging']],
  ['met', ['traf']],
  ['with', ['mit']],
]);

const words = (data: readonly TaggedSentence[]) => new Set(data.flatMap((s) => s.tokens));

function weights(model: NerModel): Map<string, Buffer> {
  return new Map([...model.named()].map(([n, v]) => [n, Buffer.from(Float32Array.from(v.dataSync() as Float32Array).buffer)]));
}

describe('per-source code-switching', () => {
  const a = tinyCorpus(30, 3);
  const b = tinyCorpus(30, 5);
  const c = tinyCorpus(30, 9);
  const all = [...a, ...b, ...c];

  it('translates each group with its own dictionary and leaves a group without one alone', () => {
    const groups: SourceGroup[] = [
      { start: 0, end: 30, codeSwitch: { dictionary: ES, p: 1, mode: 'translate' } },
      { start: 30, end: 60 },
      { start: 60, end: 90, codeSwitch: { dictionary: DE, p: 1, mode: 'translate' } },
    ];
    const { train, switcher, translations, extra } = groupCodeSwitch(all, groups, 1);
    expect(switcher).toBeNull();
    expect(extra).toBeUndefined();
    expect(train).toHaveLength(90);
    const [ga, gb, gc] = [train.slice(0, 30), train.slice(30, 60), train.slice(60)];
    expect(words(ga).has('fue') && !words(ga).has('went') && !words(ga).has('ging')).toBe(true);
    expect(gb).toEqual(b);
    expect(words(gc).has('ging') && !words(gc).has('went') && !words(gc).has('fue')).toBe(true);
    // Tags and lengths stay those of the source sentences.
    train.forEach((s, i) => expect(s.tags).toEqual(all[i]!.tags));
    expect([...translations!.keys()].sort()).toEqual(['con', 'conoció', 'fue', 'ging', 'mit', 'traf']);
  });

  it('redraws only the dynamic groups each epoch, the same way for the same seed', () => {
    const groups: SourceGroup[] = [
      { start: 0, end: 30 },
      { start: 30, end: 60, codeSwitch: { dictionary: ES, p: 0.5 } },
      { start: 60, end: 90 },
    ];
    const run = (seed: number) => {
      const { switcher } = groupCodeSwitch(all, groups, seed);
      const batches = switcher!.tag([[0], [1]], 0);
      const e0 = switcher!.sentences('teacher-recognizer', batches[0]!);
      const e1 = switcher!.sentences('teacher-recognizer', switcher!.tag([[0]], 1)[0]!);
      return { e0: [...e0], e1: [...e1] };
    };
    const { e0, e1 } = run(4);
    for (const e of [e0, e1]) {
      expect(e.slice(0, 30)).toEqual(a);
      expect(e.slice(60)).toEqual(c);
      expect(words(e.slice(30, 60)).has('fue')).toBe(true);
      expect(words(e.slice(30, 60)).has('went')).toBe(true);
    }
    expect(e0.slice(30, 60)).not.toEqual(e1.slice(30, 60));
    expect(run(4).e1).toEqual(e1);
  });
});

describe('trainTeacher with several sources', () => {
  const a = tinyCorpus(16, 3);
  const b = tinyCorpus(12, 5);
  const base = (over: Partial<TeacherOptions> = {}): TeacherOptions => ({
    train: [...a, ...b],
    encoder: TINY,
    epochs: 2,
    evaluatorEpochs: 1,
    batchSize: 8,
    seed: 5,
    ...over,
  });

  it('builds the vocabulary from each group as switched, records the sources, and refuses bad ranges', async () => {
    await expectNoLeak(async () => {
      const model = await trainTeacher(
        base({
          sources: [
            { name: 'en.conll', start: 0, end: 16, codeSwitch: { dictionary: ES, p: 1, mode: 'translate' } },
            { name: 'nl.conll', start: 16, end: 28 },
          ],
        }),
      );
      try {
        const vocab = new Set(model.spec.vocab.words);
        // "went" survives only through the second source, which has no dictionary.
        expect(vocab.has('fue')).toBe(true);
        expect(vocab.has('went')).toBe(true);
        expect(model.summary?.trainSentences).toBe(28);
        expect(model.summary?.options['sources']).toEqual([
          { name: 'en.conll', sentences: 16, codeSwitch: { dictionaryWords: 3, p: 1, mode: 'translate', keepNames: false } },
          { name: 'nl.conll', sentences: 12, codeSwitch: null },
        ]);
      } finally {
        model.dispose();
      }
      await expect(
        trainTeacher(
          base({
            sources: [
              { start: 0, end: 16 },
              { start: 17, end: 28 },
            ],
          }),
        ),
      ).rejects.toThrow(/sources\[1\]: expected sentences from 16 on/);
      await expect(trainTeacher(base({ sources: [{ start: 0, end: 16 }] }))).rejects.toThrow(
        /sources cover 16 sentences but the training data has 28/,
      );
      await expect(trainTeacher(base({ sources: [{ start: 0, end: 28 }], codeSwitch: { dictionary: ES, p: 0.5 } }))).rejects.toThrow(
        /not also as codeSwitch/,
      );
    });
  });

  it('one source group without a dictionary trains exactly as plain training', async () => {
    const plain = await trainTeacher(base());
    const grouped = await trainTeacher(base({ sources: [{ start: 0, end: 28 }] }));
    expect(weights(grouped)).toEqual(weights(plain));
    plain.dispose();
    grouped.dispose();
  });

  it('resumes a two-source, per-source code-switched run to the uninterrupted weights', async () => {
    await expectNoLeak(async () => {
      const sources: SourceGroup[] = [
        { start: 0, end: 16, codeSwitch: { dictionary: ES, p: 0.5 } },
        { start: 16, end: 28, codeSwitch: { dictionary: DE, p: 0.5 } },
      ];
      const opts = (dir: string) =>
        base({ sources, encoder: { ...TINY, wordDropout: 0.2 }, evaluatorEpochs: 2, checkpointDir: path.join(tmp.dir, dir) });
      const whole = await trainTeacher(opts('whole'));
      const reference = weights(whole);
      whole.dispose();
      const abort = new AbortController();
      const stopped = trainTeacher({
        ...opts('stopped'),
        signal: abort.signal,
        onProgress: (p) => {
          if (p.stage === 'teacher-evaluator' && p.epoch === 2 && p.step === 1) abort.abort();
        },
      });
      await expect(stopped).rejects.toBeInstanceOf(TrainingCancelled);
      const resumed = await trainTeacher({ ...opts('stopped'), resume: true });
      expect(weights(resumed)).toEqual(reference);
      resumed.dispose();
    });
  });
});
