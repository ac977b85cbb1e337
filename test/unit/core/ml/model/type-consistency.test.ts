// Type harmonisation through the engine: predict({ types }) and distillStudent({ types }).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  distillStudent,
  harmonizeTypes,
  initBackend,
  predict,
  trainTeacher,
  TypeVotes,
  type NerModel,
} from '../../../../../src-main/core/ml/index.js';
import { TINY, tinyCorpus } from '../../../../support/ml.js';
import { expectNoLeak } from '../../../../support/leaks.js';

let teacher: NerModel;
const sentences = tinyCorpus(18, 77).map((s) => s.tokens);
// A gazetteer that calls every name a place, heavily enough to outvote the model.
const gazetteer = tinyCorpus(30, 5).map((s) => ({ tokens: s.tokens, tags: s.tags!.map((t) => t.replace('PER', 'LOC')) }));
const types = { gazetteer, gazetteerWeight: 50 };

beforeAll(async () => {
  await initBackend();
  teacher = await trainTeacher({ train: tinyCorpus(48), encoder: TINY, epochs: 4, evaluatorEpochs: 1, batchSize: 8, seed: 3 });
});

afterAll(() => teacher?.dispose());

describe('predict with type harmonisation', () => {
  it('retypes over all the sentences of the call, as harmonizeTypes does, and leaks no tensors', async () => {
    const [plain, harmonised] = await expectNoLeak(async () => [
      await predict(teacher, sentences),
      await predict(teacher, sentences, { types }),
    ]);
    const people = plain.flatMap((p) => p.entities.filter((e) => e.label === 'PER'));
    expect(people.length).toBeGreaterThan(0);
    const expected = harmonizeTypes(
      sentences,
      plain,
      teacher.labels,
      new TypeVotes(types).addPredictions(sentences, plain).addGazetteer(gazetteer),
    );
    expect(harmonised.map((p) => p.tags)).toEqual(expected.map((p) => p.tags));
    const retyped = harmonised.flatMap((p) => p.entities.filter((e) => e.retypedFrom !== undefined));
    expect(retyped.length).toBeGreaterThan(0);
    expect(retyped.every((e) => e.label === 'LOC' && e.retypedFrom === 'PER')).toBe(true);
    // Spans are never moved: only types change.
    expect(harmonised.map((p) => p.entities.map((e) => [e.start, e.end]))).toEqual(
      plain.map((p) => p.entities.map((e) => [e.start, e.end])),
    );
  });
});

describe('distillStudent with type harmonisation', () => {
  it('distils towards the retyped targets, records them, and leaks no tensors', async () => {
    await expectNoLeak(async () => {
      const opts = { teacher, target: sentences.map((tokens) => ({ tokens })), epochs: 3, batchSize: 6, seed: 2, extendVocab: false };
      const plain = await distillStudent(opts);
      const typed = await distillStudent({ ...opts, types });
      try {
        const recorded = typed.summary?.options['types'] as { retypedSpans: number; gazetteer: number };
        expect(recorded.gazetteer).toBe(gazetteer.length);
        expect(recorded.retypedSpans).toBeGreaterThan(0);
        expect(plain.summary?.options['types']).toBeUndefined();
        // On the names the teacher called PER and the votes call LOC, the student distilled towards
        // the retyped targets gives B-LOC more probability than its plain twin does.
        const spans = (await predict(teacher, sentences, { types })).flatMap((p, i) =>
          p.entities.filter((e) => e.retypedFrom).map((e) => [i, e.start] as const),
        );
        expect(spans.length).toBe(recorded.retypedSpans);
        const bLoc = teacher.labels.indexOf('B-LOC');
        const mass = async (m: NerModel) => {
          const probs = (await predict(m, sentences)).map((p) => p.probs);
          return spans.reduce((sum, [i, t]) => sum + probs[i]![t]![bLoc]!, 0);
        };
        expect(await mass(typed)).toBeGreaterThan(await mass(plain));
      } finally {
        plain.dispose();
        typed.dispose();
      }
    });
  });
});
