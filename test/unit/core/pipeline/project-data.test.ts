// A project's run as pipeline settings: the snapshot's dictionary ranges become sources, and the
// TrainingConfig's switches become the teacher's and the student's settings.

import { describe, expect, it } from 'vitest';
import type { TrainingConfig } from '../../../../src-main/contract/api.js';
import type { TrainingData } from '../../../../src-main/core/jobs/index.js';
import { projectPipeline, projectSources, teacherData } from '../../../../src-main/core/pipeline/index.js';
import { TEACHER_DEFAULTS } from '../../../../src-main/core/ml/index.js';
import { trainingConfig as config } from '../../../support/training.js';
import { tinyCorpus } from '../../../support/ml.js';

const train = tinyCorpus(10);

function data(over: Partial<TrainingData> = {}): TrainingData {
  return {
    train,
    dev: [],
    target: [{ tokens: ['Dora', 'fue'] }],
    links: [],
    summary: {
      sourceSentences: 10,
      targetGoldSentences: 0,
      targetSentences: 1,
      devSentences: 0,
      devUsed: 'none',
      devNote: null,
      linkedPairs: 0,
      links: 0,
    },
    ...over,
  };
}

const words: [string, string[]][] = [['went', ['fue']]];

describe('projectSources', () => {
  it('is one plain source without dictionaries, and one switched source when a dictionary covers every sentence', () => {
    expect(teacherData(projectSources(data(), config()))).toEqual({ train, codeSwitch: undefined });
    const one = teacherData(
      projectSources(data({ switchedBy: [{ dictionaryId: 1, start: 0, end: 10, words }] }), config({ codeSwitch: 0.3 })),
    );
    expect(one.sources).toBeUndefined();
    expect(one.codeSwitch).toMatchObject({ p: 0.3, keepNames: false, dictionary: new Map(words) });
  });

  it('splits the sentences around each switched range, leaving empty ranges out', () => {
    const sources = projectSources(
      data({
        switchedBy: [
          { dictionaryId: 2, start: 6, end: 8, words },
          { dictionaryId: 1, start: 2, end: 4, words },
          { dictionaryId: 3, start: 9, end: 9, words },
        ],
      }),
      config(),
    );
    expect(sources.map((s) => [s.sentences.length, s.codeSwitch !== undefined])).toEqual([
      [2, false],
      [2, true],
      [2, false],
      [2, true],
      [2, false],
    ]);
    expect(sources.flatMap((s) => s.sentences)).toEqual(train);
  });

  it('reads the single dictionary of older snapshots, over every sentence when no range was recorded', () => {
    const sources = projectSources(data({ dictionary: words }), config());
    expect(sources).toHaveLength(1);
    expect(sources[0]!.codeSwitch?.dictionary).toEqual(new Map(words));
  });
});

describe('projectPipeline', () => {
  it('maps the run config onto the stages: kd to the plain KD loss, consistent types with the sources as gazetteer', () => {
    const p = projectPipeline(data(), config({ mode: 'pipeline', studentEpochs: 2, kd: true, consistentTypes: true }), { batchSize: 4 });
    expect(p.student).toMatchObject({ epochs: 2, loss: 'kd-mse', types: { gazetteer: train } });
    expect(p.batchSize).toBe(4);
    expect(projectPipeline(data(), config({ mode: 'pipeline', studentEpochs: 1 })).student).toMatchObject({
      loss: 'mtmt',
      types: undefined,
    });
  });

  it("trains the evaluator the run's epochs, else the tuning's, else the engine's default, as runs recorded before the field did", () => {
    const epochs = (c: Partial<TrainingConfig>, tuning = {}) => {
      const teachers = projectPipeline(data(), config(c), tuning).teachers;
      return 'train' in teachers ? teachers.train.evaluatorEpochs : null;
    };
    expect(epochs({ evaluatorEpochs: 3 }, { evaluatorEpochs: 1 })).toBe(3);
    expect(epochs({ evaluatorEpochs: 0 })).toBe(0);
    expect(epochs({}, { evaluatorEpochs: 1 })).toBe(1);
    expect(epochs({})).toBe(TEACHER_DEFAULTS.evaluatorEpochs);
    expect(TEACHER_DEFAULTS.evaluatorEpochs).toBe(2);
  });

  it("trains on the run's batch size, else the tuning's, else the engine's, as runs recorded before the field did", () => {
    const batch = (c: Partial<TrainingConfig>, tuning = {}) => projectPipeline(data(), config(c), tuning).batchSize;
    expect(batch({ batchSize: 8 }, { batchSize: 4 })).toBe(8);
    expect(batch({}, { batchSize: 4 })).toBe(4);
    expect(batch({})).toBeUndefined();
  });

  it("gives the teacher the target text for the target's casing when the run says so, and none for runs recorded before", () => {
    const targetText = (c: Partial<TrainingConfig>) => {
      const teachers = projectPipeline(data(), config(c)).teachers;
      return 'train' in teachers ? teachers.train.targetText : null;
    };
    expect(targetText({ targetConventions: true })).toEqual([{ tokens: ['Dora', 'fue'] }]);
    expect(targetText({ targetConventions: false })).toBeUndefined();
    expect(targetText({})).toBeUndefined();
  });

  it('has no student stage for a teacher run, without student epochs, or without target sentences', () => {
    expect(projectPipeline(data(), config({ mode: 'teacher' })).student).toBeNull();
    expect(projectPipeline(data(), config({ mode: 'pipeline', studentEpochs: 0 })).student).toBeNull();
    expect(projectPipeline(data({ target: [] }), config({ mode: 'pipeline', studentEpochs: 1 })).student).toBeNull();
  });
});
