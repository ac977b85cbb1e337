import { describe, expect, it } from 'vitest';
import type { EpochMetrics, RunInfo, RunStage } from '../../../../src-main/contract/entities.js';
import { modelFigures, score } from '../../../../src-renderer/lib/format.js';
import { studentBelowTeacher } from '../../../../src-renderer/lib/run-advice.js';

const epoch = (stage: RunStage, devF1: number | null): EpochMetrics => ({ stage, epoch: 1, loss: 1, devF1, tokensPerSec: 1, seconds: 1 });

function run(metrics: EpochMetrics[], config: Record<string, unknown> = {}, status: RunInfo['status'] = 'completed'): RunInfo {
  return {
    id: 2,
    kind: 'pipeline',
    status,
    stage: null,
    config: {
      mode: 'pipeline',
      encoder: 'small',
      studentEpochs: 2,
      selectOn: 'target-dev',
      targetLang: 'es',
      sourceLangs: ['en'],
      ...config,
    },
    metrics,
    backend: 'wasm',
    error: null,
    checkpointDir: null,
    createdAt: '',
    updatedAt: '',
    modelIds: [],
  };
}

describe('scores', () => {
  it('shows every score as a percentage with one decimal, and model figures in words', () => {
    expect([score(0.38), score(0.3664), score(1), score(null), score(Number.NaN)]).toEqual(['38.0%', '36.6%', '100.0%', '–', '–']);
    expect(modelFigures({ trainSentences: 2000, teacherEpochs: 10, devF1: 0.366, pairAccuracy: 0.58, someNewFigure: 0.25 })).toEqual([
      'dev F1 36.6%',
      'evaluator pair accuracy 58.0%',
      'training sentences 2,000',
      'recognizer epochs 10',
      'some new figure 0.250',
    ]);
  });
});

describe('a student below its teacher', () => {
  it('is said plainly, on the dev set both were scored on, with what this run did not try', () => {
    const below = studentBelowTeacher(run([epoch('teacher-recognizer', 0.38), epoch('teacher-recognizer', 0.35), epoch('student', 0.366)]));
    expect(below).not.toBeNull();
    expect(below!.summary).toBe(
      "The student ended below its teacher: 36.6% against 38.0% dev F1 on es dev. Annotate shows the student's predictions; the teacher is the better model of this run.",
    );
    expect(below!.tips.map((t) => t.split(' ').slice(0, 3).join(' '))).toEqual(['Add a bilingual', 'Give the student', 'Train with a']);
    expect(below!.tips[0]).toContain('about 35 to 52–56 F1');
    // With a dictionary and a pretrained encoder, only more epochs are left to suggest.
    const tried = studentBelowTeacher(
      run([epoch('teacher-recognizer', 0.5), epoch('student', 0.45)], {
        dictionaryIds: [1],
        encoder: 'bert:/m#freeze=2',
        studentEpochs: 4,
      }),
    );
    expect(tried!.tips).toHaveLength(1);
    expect(tried!.tips[0]).toContain('this run: 4');
  });

  it('is not raised for a student at or above its teacher, a run without a student or dev scores, or an unfinished run', () => {
    expect(studentBelowTeacher(run([epoch('teacher-recognizer', 0.38), epoch('student', 0.38)]))).toBeNull();
    expect(studentBelowTeacher(run([epoch('teacher-recognizer', 0.38)]))).toBeNull();
    expect(studentBelowTeacher(run([epoch('teacher-recognizer', null), epoch('student', null)]))).toBeNull();
    expect(studentBelowTeacher(run([epoch('teacher-recognizer', 0.38), epoch('student', 0.3)], {}, 'running'))).toBeNull();
  });
});
