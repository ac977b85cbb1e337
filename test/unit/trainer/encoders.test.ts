// The trainer's encoder networks against an independent reference: the last hidden states that
// test/fixtures/bert/make_fixture.py computed in float64 for the tiny BERT folders (float32,
// float16 and bfloat16 weights, with and without the `bert.` prefix).

import path from 'node:path';
import { expect, it } from 'vitest';
import { describeWithTorch } from '../../support/with-torch.js';
import { runPython, TRAINER_DIR } from '../../support/python.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'bert');

describeWithTorch('trainer encoders', () => {
  it('compute the reference last hidden state of every tiny BERT folder (within 1e-4)', () => {
    const r = runPython([path.join(import.meta.dirname, 'python', 'forward_check.py'), TRAINER_DIR, FIXTURES]);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as Record<string, { sentences: number; diff: number }>;
    expect(Object.keys(result).sort()).toEqual(['tiny', 'tiny-bf16', 'tiny-f16']);
    for (const [name, { sentences, diff }] of Object.entries(result)) {
      expect(sentences, name).toBeGreaterThan(0);
      expect(diff, name).toBeLessThan(1e-4);
    }
  });
});
