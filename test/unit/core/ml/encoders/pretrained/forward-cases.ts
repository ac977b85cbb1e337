// The forward-pass checks, run once per backend (forward-wasm.test.ts, forward-cpu.test.ts): each
// test file is its own process, so each can force its backend with initBackend. Every checkpoint
// of fixture.ts (BERT in three dtypes, XLM-R, DistilBERT) against its PyTorch reference.

import { describe, expect, it } from 'vitest';
import { getTf } from '../../../../../../src-main/core/ml/index.js';
import { expectNoLeak } from '../../../../../support/leaks.js';
import { CHECKPOINTS, maxDiff, pretrainedEncoder } from './fixture.js';

const TOLERANCE = 1e-4;

export function forwardCases(): void {
  describe.each(CHECKPOINTS)('$name', (c) => {
    it('tokenizes every text as the reference does, tokens and ids', () => {
      const enc = pretrainedEncoder(c.kind, { dir: c.dir, init: 'none' });
      try {
        for (const s of c.sentences) expect(enc.tokenizer.encode(s.text), s.text).toEqual({ tokens: s.tokens, ids: s.ids });
      } finally {
        enc.params.dispose();
      }
    });

    it('matches the reference last hidden state, all sentences in one padded batch', async () => {
      const tf = getTf();
      await expectNoLeak(() => {
        const enc = pretrainedEncoder(c.kind, { dir: c.dir });
        try {
          const L = Math.max(...c.sentences.map((s) => s.ids.length));
          const ids = new Int32Array(c.sentences.length * L).fill(enc.padId);
          c.sentences.forEach((s, i) => ids.set(s.ids, i * L));
          const windows = { count: c.sentences.length, length: L, lengths: c.sentences.map((s) => s.ids.length), ids };
          const h = tf.tidy(() => enc.hidden(windows, null));
          const data = h.dataSync() as Float32Array;
          h.dispose();
          c.sentences.forEach((s, i) => {
            expect(
              maxDiff(data, enc.dim, s.hidden, (r) => i * L + r),
              s.text,
            ).toBeLessThan(TOLERANCE);
          });
        } finally {
          enc.params.dispose();
        }
      });
    });

    it('pools pre-tokenised words by their first piece', async () => {
      const tf = getTf();
      await expectNoLeak(() => {
        const enc = pretrainedEncoder(c.kind, { dir: c.dir });
        try {
          const batch = enc.batch(c.words.map((w) => w.words));
          for (const [b, w] of c.words.entries()) {
            const L = batch.windows.length;
            const ids = Array.from(batch.windows.ids.slice(b * L, b * L + batch.windows.lengths[b]!));
            expect(
              ids.map((id) => enc.tokenizer.token(id)),
              w.words.join(' '),
            ).toEqual(w.tokens);
            expect(
              w.words.map((_, t) => batch.rows[b * batch.length + t]! - b * L),
              w.words.join(' '),
            ).toEqual(w.first);
          }
          const h = tf.tidy(() => enc.encode(batch, null));
          expect(h.shape).toEqual([c.words.length * batch.length, enc.dim]);
          const data = h.dataSync() as Float32Array;
          h.dispose();
          c.words.forEach((w, b) => {
            expect(batch.lengths[b]).toBe(w.words.length);
            expect(
              maxDiff(data, enc.dim, w.vectors, (t) => b * batch.length + t),
              w.words.join(' '),
            ).toBeLessThan(TOLERANCE);
          });
          expect(Array.from(batch.mask)).toEqual(
            c.words.flatMap((w) => Array.from({ length: batch.length }, (_, t) => (t < w.words.length ? 1 : 0))),
          );
        } finally {
          enc.params.dispose();
        }
      });
    });
  });
}
