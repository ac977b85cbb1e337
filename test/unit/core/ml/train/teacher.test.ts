import { beforeAll, describe, expect, it } from 'vitest';
import {
  evaluateModel,
  getTf,
  initBackend,
  predict,
  similarity,
  trainTeacher,
  type Progress,
} from '../../../../../src-main/core/ml/index.js';
import { TINY, TINY_TEACHER, tinyCorpus } from '../../../../support/ml.js';
import { expectNoLeak } from '../../../../support/leaks.js';

beforeAll(async () => {
  await initBackend();
});

describe('trainTeacher', () => {
  it('learns a trivially learnable pattern, reports progress, selects on dev and leaks no tensors', async () => {
    await expectNoLeak(async () => {
      const train = tinyCorpus(48);
      const dev = tinyCorpus(12, 99);
      const progress: Progress[] = [];
      const model = await trainTeacher({ ...TINY_TEACHER, train, dev, selectOn: 'target-dev', onProgress: (p) => progress.push(p) });
      try {
        const rec = progress.filter((p) => p.stage === 'teacher-recognizer');
        const firstLoss = rec[0]!.loss;
        const lastLoss = rec.at(-1)!.loss;
        expect(lastLoss).toBeLessThan(firstLoss / 4);
        expect((await evaluateModel(model, dev)).f1).toBeGreaterThan(0.9);
        // Epoch ends carry the dev score; steps carry throughput and an ETA.
        const ends = rec.filter((p) => p.devF1 !== null);
        expect(ends).toHaveLength(20);
        expect(rec.every((p) => p.tokensPerSec > 0 && p.etaSec !== null && p.epochs === 20 && p.steps === 6)).toBe(true);
        const summary = model.summary!;
        const recSummary = summary.stages.find((s) => s.stage === 'teacher-recognizer')!;
        expect(recSummary.selectedOn).toBe('target-dev');
        expect(recSummary.metric).toBe('f1');
        expect(recSummary.bestScore).toBe(Math.max(...recSummary.history.map((h) => h.devF1!)));
        const evalSummary = summary.stages.find((s) => s.stage === 'teacher-evaluator')!;
        expect(evalSummary.metric).toBe('pair-accuracy');
        expect(evalSummary.bestScore!).toBeGreaterThan(0.5);

        const [pred] = await predict(model, [['Dora', 'went', 'to', 'Oslo']]);
        expect(pred!.tags).toEqual(['B-PER', 'O', 'O', 'B-LOC']);
        expect(pred!.entities.map((e) => e.label)).toEqual(['PER', 'LOC']);
        expect(pred!.entities.every((e) => e.confidence > 0.5 && e.confidence <= 1)).toBe(true);
        expect(pred!.uncertainty).toBeGreaterThanOrEqual(0);
        expect(pred!.uncertainty).toBeLessThan(0.5);

        // The evaluator compares token pairs across the two sentences (3 x 2 here).
        const s = await similarity(model, ['Alice', 'went', 'Rome'], ['Bruno', 'met']);
        expect(s).toHaveLength(3);
        expect(s.every((row) => row.length === 2 && row.every((v) => v > 0.26 && v < 0.74))).toBe(true);
        // Same type (PER-PER) should be more similar than PER vs O after training.
        expect(s[0]![0]!).toBeGreaterThan(s[0]![1]!);
      } finally {
        model.dispose();
      }
    });
  });

  it("adds the user's token links to the evaluator's training pairs", async () => {
    await expectNoLeak(async () => {
      const a = ['Alice', 'went', 'to', 'Paris'];
      const b = ['Bruno', 'saw', 'Lima'];
      // The user insists that the person of A and the place of B are the same (against their types).
      const links = Array.from({ length: 24 }, () => ({ a, b, links: [{ i: 0, j: 2, same: true }] }));
      const common = {
        train: tinyCorpus(24),
        encoder: TINY,
        epochs: 1,
        evaluatorEpochs: 6,
        batchSize: 8,
        lr: 0.02,
        warmupSteps: 2,
        seed: 5,
      };
      const plain = await trainTeacher(common);
      const linked = await trainTeacher({ ...common, links });
      try {
        const without = (await similarity(plain, a, b))[0]![2]!;
        const withLinks = (await similarity(linked, a, b))[0]![2]!;
        expect(withLinks).toBeGreaterThan(without + 0.05);
        expect(linked.summary!.options['links']).toBe('24 items');
      } finally {
        plain.dispose();
        linked.dispose();
      }
    });
  });

  it('keeps numTensors flat across epochs, and leaves none behind', async () => {
    const tf = getTf();
    const counts: number[] = [];
    await expectNoLeak(async () => {
      const model = await trainTeacher({
        train: tinyCorpus(16),
        encoder: TINY,
        epochs: 3,
        evaluatorEpochs: 2,
        batchSize: 8,
        onProgress: (p) => {
          if (p.step === p.steps) counts.push(tf.memory().numTensors);
        },
      });
      model.dispose();
    });
    expect(counts.length).toBe(5);
    expect(new Set(counts.slice(0, 3)).size).toBe(1);
    expect(new Set(counts.slice(3)).size).toBe(1);
  });

  it('rejects bad data with a clear reason', async () => {
    await expect(trainTeacher({ train: [], encoder: TINY })).rejects.toThrow(/training data: no sentences/);
    await expect(trainTeacher({ train: [{ tokens: ['a', 'b'], tags: ['O'] }], encoder: TINY })).rejects.toThrow(
      /sentence 1: 2 tokens but 1 tags/,
    );
    await expect(trainTeacher({ train: [{ tokens: ['a'], tags: ['S-PER'] }], encoder: TINY })).rejects.toThrow(
      /tag "S-PER" of token 1 is not O, B-X or I-X/,
    );
    await expect(trainTeacher({ train: [{ tokens: ['a'], tags: null }], encoder: TINY })).rejects.toThrow(/sentence 1: has no tags/);
  });
});
