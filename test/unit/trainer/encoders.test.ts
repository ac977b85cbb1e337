// The trainer's encoder networks against independent references: the last hidden states that
// the fixture scripts computed in float64 (test/fixtures/bert: BERT with float32, float16 and
// bfloat16 weights, with and without the `bert.` prefix; test/fixtures/pretrained: XLM-R and
// DistilBERT), and each word's vector (its first piece) for their word lists.

import path from 'node:path';
import { expect, it } from 'vitest';
import { runPython, TRAINER_DIR } from '../../support/python.js';
import { describeWithTorch } from '../../support/with-torch.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures');

describeWithTorch('trainer encoders', () => {
  it('compute the reference hidden states and word vectors of BERT, XLM-R and DistilBERT (within 1e-4)', () => {
    const r = runPython([
      path.join(import.meta.dirname, 'python', 'forward_check.py'),
      TRAINER_DIR,
      path.join(FIXTURES, 'bert'),
      path.join(FIXTURES, 'pretrained'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as Record<string, { sentences: number; words: number; diff: number; vectorDiff: number }>;
    expect(Object.keys(result).sort()).toEqual(['distilbert', 'tiny', 'tiny-bf16', 'tiny-f16', 'xlm-roberta']);
    for (const [name, { sentences, words, diff, vectorDiff }] of Object.entries(result)) {
      expect(sentences, name).toBeGreaterThan(0);
      expect(words, name).toBeGreaterThan(0);
      expect(diff, name).toBeLessThan(1e-4);
      expect(vectorDiff, name).toBeLessThan(1e-4);
    }
  });
});
