// Model folders saved before the encoder registry (test/fixtures/models-v1) load, predict what the
// code that wrote them predicted, and keep every encoder field when saved again.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, loadModel, predict, saveModel } from '../../../../../src-main/core/ml/index.js';
import { expectNoLeak } from '../../../../support/leaks.js';
import { tempDir } from '../../../../support/ml.js';

const V1 = path.resolve(__dirname, '../../../../fixtures/models-v1');
const PROBE = [
  ['Alice', 'went', 'to', 'Paris'],
  ['the', 'saw', 'New', 'Lima', 'with', 'Chen'],
  ['José', 'visitó', 'Málaga'],
];
const expected = JSON.parse(readFileSync(path.join(V1, 'expected.json'), 'utf8')) as Record<
  string,
  { tags: string[]; probs: number[][] }[]
>;

beforeAll(async () => {
  await initBackend({ force: 'cpu' });
});

describe.each(['small-teacher', 'bert-student'])('a %s saved by the earlier code', (name) => {
  it('loads and predicts the same tags and probabilities', async () => {
    await expectNoLeak(async () => {
      const model = loadModel(path.join(V1, name));
      try {
        (await predict(model, PROBE)).forEach((p, i) => {
          const want = expected[name]![i]!;
          expect(p.tags).toEqual(want.tags);
          p.probs.forEach((row, t) => row.forEach((x, k) => expect(Math.abs(x - want.probs[t]![k]!)).toBeLessThan(1e-5)));
        });
      } finally {
        model.dispose();
      }
    });
  });

  it('saves again with every encoder field kept', async () => {
    const { dir, cleanup } = tempDir();
    try {
      await expectNoLeak(async () => {
        const model = loadModel(path.join(V1, name));
        try {
          await saveModel(model, dir);
        } finally {
          model.dispose();
        }
      });
      const before = JSON.parse(readFileSync(path.join(V1, name, 'config.json'), 'utf8')) as { encoder: unknown };
      const after = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as { encoder: unknown };
      expect(after.encoder).toEqual(before.encoder);
    } finally {
      cleanup();
    }
  });
});
