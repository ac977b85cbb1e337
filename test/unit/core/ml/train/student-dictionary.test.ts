import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distillStudent, initBackend, trainTeacher, type NerModel } from '../../../../../src-main/core/ml/index.js';
import { TINY, tinyCorpus } from '../../../../support/ml.js';
import { expectNoLeak } from '../../../../support/leaks.js';

let teacher: NerModel;

beforeAll(async () => {
  await initBackend();
  teacher = await trainTeacher({ train: tinyCorpus(24), encoder: TINY, epochs: 1, evaluatorEpochs: 1, batchSize: 8, seed: 3 });
});

afterAll(() => teacher.dispose());

function row(model: NerModel, word: string): Float32Array {
  const w = model.recognizer.named().get('encoder/word')!;
  const D = w.shape[1]!;
  const k = model.spec.vocab.words.indexOf(word);
  expect(k, word).toBeGreaterThan(0);
  return (w.dataSync() as Float32Array).slice(k * D, (k + 1) * D);
}

describe('distillStudent with an embedding dictionary', () => {
  it("starts an added target word as the mean of its translations' teacher rows", async () => {
    await expectNoLeak(async () => {
      const target = [{ tokens: ['Dora', 'fue', 'a', 'Lima', 'hoy'] }, { tokens: ['Emil', 'fue', 'con', 'Chen'] }];
      const dictionary = new Map([
        ['fue', ['went']],
        ['Hoy', ['today', 'to', 'nowhere']],
        ['con', ['unseen-word']],
      ]);
      const student = await distillStudent({ teacher, target, epochs: 0, dictionary });
      const plain = await distillStudent({ teacher, target, epochs: 0 });
      try {
        expect([...row(student, 'fue')]).toEqual([...row(teacher, 'went')]);
        // The dictionary's "Hoy" is matched to the vocabulary's "hoy"; "nowhere" is not in the teacher's vocabulary.
        const mean = row(teacher, 'today').map((v, d) => (v + row(teacher, 'to')[d]!) / 2);
        row(student, 'hoy').forEach((v, d) => expect(v).toBeCloseTo(mean[d]!, 6));
        // No translation in the teacher's vocabulary: the unknown-word row, as without a dictionary.
        expect([...row(student, 'con')]).toEqual([...row(teacher, '<unk>')]);
        expect([...row(plain, 'fue')]).toEqual([...row(teacher, '<unk>')]);
        expect(student.summary?.options.dictionary).toEqual({ dictionaryWords: 3, initialisedWords: 2 });
      } finally {
        student.dispose();
        plain.dispose();
      }
    });
  });
});
