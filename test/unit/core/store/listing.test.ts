import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../../src-main/core/store/index.js';
import { corpus, tempStore, type TempStore } from '../../../support/store.js';

let t: TempStore;
let store: Store;

// en: 6 gold train sentences in two documents; es: 6 unlabelled sentences, 4 of them predicted
// with uncertainties [0.2, 0.9, 0.5, 0.9] (ids 7..10), so the uncertainty order is 8, 10, 9, 7, 11, 12.
beforeAll(() => {
  t = tempStore();
  store = t.store;
  store.importCorpus(corpus(['A/B-PER a/O', 'B/O b/O', 'C/O c/O'], ['D/O d/O', 'E/B-LOC e/O', 'F/O f/O']), {
    lang: 'en',
    split: 'train',
    file: 'en',
  });
  store.importCorpus(corpus(['uno Uno', 'dos Dos', 'tres Tres', 'cuatro Cuatro', 'cinco Ñandú', 'seis seis']), {
    lang: 'es',
    split: 'unlabelled',
    file: 'es',
  });
  const model = store.models.create({ name: 'm', kind: 'student', encoder: 'small', dir: '/m' }).id;
  store.writePredictions(
    model,
    [0.2, 0.9, 0.5, 0.9].map((u, k) => ({ sentenceId: 7 + k, spans: [], uncertainty: u })),
  );
});
afterAll(() => {
  store.close();
  t.cleanup();
});

const ids = (r: { rows: { id: number }[] }): number[] => r.rows.map((x) => x.id);

describe('listing sentences', () => {
  it('pages in document order with totals', () => {
    const page = store.sentences.list({}, 'document', 4, 3);
    expect(page.total).toBe(12);
    expect(ids(page)).toEqual([5, 6, 7]);
    expect(page.rows[0]).toEqual({
      id: 5,
      ordinal: 5,
      docId: 2,
      lang: 'en',
      split: 'train',
      status: 'gold',
      preview: 'E e',
      uncertainty: null,
    });
    expect(ids(store.sentences.list({}, 'document', 11, 10))).toEqual([12]);
    expect(ids(store.sentences.list({}, 'document', 50, 10))).toEqual([]);
  });

  it('filters by language, split, status and text, case-insensitively, including non-ASCII text', () => {
    expect(store.sentences.list({ lang: 'es' }, 'document', 0, 100).total).toBe(6);
    expect(ids(store.sentences.list({ lang: 'es', status: 'unlabelled' }, 'document', 0, 100))).toEqual([11, 12]);
    expect(ids(store.sentences.list({ split: 'train', status: 'predicted' }, 'document', 0, 100))).toEqual([]);
    expect(ids(store.sentences.list({ status: 'predicted' }, 'document', 0, 100))).toEqual([7, 8, 9, 10]);
    expect(ids(store.sentences.list({ q: 'TRES' }, 'document', 0, 100))).toEqual([9]);
    expect(ids(store.sentences.list({ q: 'ñANDÚ' }, 'document', 0, 100))).toEqual([11]);
    // LIKE wildcards in the query are literal.
    expect(store.sentences.list({ q: '%' }, 'document', 0, 100).total).toBe(0);
    expect(store.sentences.list({ q: '_' }, 'document', 0, 100).total).toBe(0);
  });

  it('sorts by uncertainty, most uncertain first, never-predicted last, ties in document order', () => {
    expect(ids(store.sentences.list({ lang: 'es' }, 'uncertainty', 0, 100))).toEqual([8, 10, 9, 7, 11, 12]);
    expect(ids(store.sentences.list({ lang: 'es' }, 'uncertainty', 2, 2))).toEqual([9, 7]);
    // Filters without an uncertainty index of their own walk the covering index instead.
    expect(ids(store.sentences.list({ split: 'unlabelled' }, 'uncertainty', 0, 100))).toEqual([8, 10, 9, 7, 11, 12]);
    expect(ids(store.sentences.list({ status: 'predicted' }, 'uncertainty', 1, 100))).toEqual([10, 9, 7]);
    expect(ids(store.sentences.list({ split: 'train', status: 'gold' }, 'uncertainty', 4, 100))).toEqual([5, 6]);
    expect(store.sentences.list({ split: 'unlabelled', q: 'UNO' }, 'uncertainty', 0, 100).rows.map((r) => r.uncertainty)).toEqual([0.2]);
  });

  it('locates a sentence in a filtered, sorted list, or -1 when the filter excludes it', () => {
    expect(store.sentences.locate(5, {}, 'document')).toBe(4);
    expect(store.sentences.locate(9, { lang: 'es' }, 'document')).toBe(2);
    expect(store.sentences.locate(7, { lang: 'es' }, 'uncertainty')).toBe(3);
    expect(store.sentences.locate(10, { lang: 'es' }, 'uncertainty')).toBe(1);
    expect(store.sentences.locate(12, { lang: 'es' }, 'uncertainty')).toBe(5);
    expect(store.sentences.locate(1, { lang: 'es' }, 'document')).toBe(-1);
    expect(() => store.sentences.locate(99, {}, 'document')).toThrow(/no sentence 99/);
    // locate agrees with list for every sentence and both orders.
    for (const sort of ['document', 'uncertainty'] as const) {
      const all = ids(store.sentences.list({}, sort, 0, 100));
      all.forEach((id, k) => expect(store.sentences.locate(id, {}, sort)).toBe(k));
    }
  });

  it('next gives the next unreviewed sentence after the current one, wrapping around', () => {
    expect(store.sentences.next(null, { lang: 'es' }, 'uncertainty')).toBe(8);
    expect(store.sentences.next(8, { lang: 'es' }, 'uncertainty')).toBe(10);
    expect(store.sentences.next(7, { lang: 'es' }, 'uncertainty')).toBe(11);
    expect(store.sentences.next(12, { lang: 'es' }, 'uncertainty')).toBe(8);
    expect(store.sentences.next(null, {}, 'document')).toBe(7); // the en sentences are gold
    expect(store.sentences.next(9, {}, 'document')).toBe(10);
    expect(store.sentences.next(2, { lang: 'en' }, 'document')).toBeNull();
    expect(store.sentences.next(2, { lang: 'en', status: 'gold' }, 'document')).toBe(3);
  });

  it('gives document neighbours within the radius, never crossing documents', () => {
    expect(store.sentences.neighbours(2, 1).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(store.sentences.neighbours(3, 5).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(store.sentences.neighbours(4, 0).map((r) => r.id)).toEqual([4]);
  });

  it('counts sentences per language and split by status', () => {
    expect(store.sentences.counts()).toEqual([
      { lang: 'en', split: 'train', total: 6, unlabelled: 0, predicted: 0, gold: 6, corrected: 0 },
      { lang: 'es', split: 'unlabelled', total: 6, unlabelled: 2, predicted: 4, gold: 0, corrected: 0 },
    ]);
  });

  it('gives records with words and current spans for export and training', () => {
    const recs = store.sentences.records({ lang: 'en', splits: ['train'], statuses: ['gold'] });
    expect(recs).toHaveLength(6);
    expect(recs[0]).toMatchObject({
      id: 1,
      docName: 'doc1',
      words: ['A', 'a'],
      spans: [{ start: 0, end: 1, label: 'PER', provenance: 'gold' }],
    });
    expect(store.sentences.records({ lang: 'en', statuses: [] })).toEqual([]);
  });
});
