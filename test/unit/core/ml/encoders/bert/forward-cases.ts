// The forward-pass checks, run once per backend (forward-wasm.test.ts, forward-cpu.test.ts): each
// test file is its own process, so each can force its backend with initBackend.

import { describe, expect, it } from 'vitest';
import { getTf } from '../../../../../../src-main/core/ml/index.js';
import { bertEncoder, expected, fixtureDir, maxDiff, VARIANTS } from './fixture.js';
import { expectNoLeak } from '../../../../../support/leaks.js';

const TOLERANCE = 1e-4;

export function forwardCases(): void {
  describe.each(VARIANTS)('%s', (variant) => {
    const want = expected.models[variant];

    it('tokenizes every sentence as the reference does', () => {
      const enc = bertEncoder({ dir: fixtureDir(variant) });
      try {
        for (const s of want.sentences) expect(enc.tokenizer.encode(s.text)).toEqual({ tokens: s.tokens, ids: s.ids });
      } finally {
        enc.params.dispose();
      }
    });

    it('matches the reference last hidden state, all sentences in one padded batch', async () => {
      const tf = getTf();
      await expectNoLeak(async () => {
        const enc = bertEncoder({ dir: fixtureDir(variant) });
        try {
          const L = Math.max(...want.sentences.map((s) => s.ids.length));
          const ids = new Int32Array(want.sentences.length * L).fill(enc.tokenizer.padId);
          want.sentences.forEach((s, i) => ids.set(s.ids, i * L));
          const windows = { count: want.sentences.length, length: L, lengths: want.sentences.map((s) => s.ids.length), ids };
          const h = tf.tidy(() => enc.hidden(windows, null));
          const data = h.dataSync() as Float32Array;
          h.dispose();
          want.sentences.forEach((s, i) => {
            const diff = maxDiff(data, enc.dim, s.hidden, (r) => i * L + r);
            expect(diff, s.text).toBeLessThan(TOLERANCE);
          });
        } finally {
          enc.params.dispose();
        }
      });
    });

    it('pools pre-tokenised words by their first piece', async () => {
      const tf = getTf();
      await expectNoLeak(async () => {
        const enc = bertEncoder({ dir: fixtureDir(variant) });
        try {
          const batch = enc.batch(want.words.map((w) => w.words));
          const h = tf.tidy(() => enc.encode(batch, null));
          expect(h.shape).toEqual([want.words.length * batch.length, enc.dim]);
          const data = h.dataSync() as Float32Array;
          h.dispose();
          want.words.forEach((w, b) => {
            expect(batch.lengths[b]).toBe(w.words.length);
            expect(
              maxDiff(data, enc.dim, w.vectors, (t) => b * batch.length + t),
              w.words.join(' '),
            ).toBeLessThan(TOLERANCE);
          });
          expect(Array.from(batch.mask)).toEqual(
            want.words.flatMap((w) => Array.from({ length: batch.length }, (_, t) => (t < w.words.length ? 1 : 0))),
          );
        } finally {
          enc.params.dispose();
        }
      });
    });
  });
}
