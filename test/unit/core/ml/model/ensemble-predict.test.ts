// Prediction with several models: their probabilities are averaged before decoding.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, predict, trainTeacher, type NerModel } from '../../../../../src-main/core/ml/index.js';
import { TINY, tinyCorpus } from '../../../../support/ml.js';
import { expectNoLeak } from '../../../../support/leaks.js';

let a: NerModel;
let b: NerModel;

beforeAll(async () => {
  await initBackend();
  const opts = { train: tinyCorpus(24), encoder: TINY, epochs: 1, evaluatorEpochs: 1, batchSize: 8 };
  a = await trainTeacher({ ...opts, seed: 3 });
  b = await trainTeacher({ ...opts, seed: 4 });
});

afterAll(() => {
  a?.dispose();
  b?.dispose();
});

describe('predict with an ensemble', () => {
  const sentences = tinyCorpus(6, 51).map((s) => s.tokens);

  it('decodes the mean of the models’ probabilities, and leaks no tensors', async () => {
    const [one, other, both] = await expectNoLeak(async () => [
      await predict(a, sentences),
      await predict(b, sentences),
      await predict([a, b], sentences),
    ]);
    // The two seeds disagree somewhere, so the mean is not either model's.
    expect(other.map((p) => p.probs)).not.toEqual(one.map((p) => p.probs));
    both.forEach((p, i) => {
      p.probs.forEach((row, t) => {
        row.forEach((v, k) => expect(v).toBeCloseTo((one[i]!.probs[t]![k]! + other[i]!.probs[t]![k]!) / 2, 5));
      });
    });
    // A model with itself is that model.
    expect((await predict([a, a], sentences)).map((p) => p.tags)).toEqual(one.map((p) => p.tags));
  });

  it('refuses models with different label lists, and no models', async () => {
    const other = await trainTeacher({
      train: tinyCorpus(12).map((s) => ({ ...s, tags: s.tags!.map((t) => (t.endsWith('LOC') ? 'O' : t)) })),
      encoder: TINY,
      epochs: 1,
      evaluatorEpochs: 1,
      batchSize: 8,
    });
    try {
      expect(other.labels).not.toEqual(a.labels);
      await expect(predict([a, other], sentences)).rejects.toThrow(/model 2 has labels .* an ensemble must share one label list/);
      await expect(predict([], sentences)).rejects.toThrow(/at least one model/);
    } finally {
      other.dispose();
    }
  });
});
