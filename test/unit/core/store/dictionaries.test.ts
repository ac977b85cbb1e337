import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src-main/core/errors.js';
import type { Store } from '../../../../src-main/core/store/index.js';
import { corpus, tempStore, type TempStore } from '../../../support/store.js';

let t: TempStore;
let store: Store;

beforeEach(() => {
  t = tempStore();
  store = t.store;
});
afterEach(() => {
  store.close();
  t.cleanup();
});

const PAIRS = [
  { source: 'house', target: 'casa' },
  { source: 'house', target: 'hogar' },
  { source: 'the', target: 'la' },
  { source: 'the', target: 'el' },
  { source: 'dog', target: 'perro' },
  { source: 'hot', target: 'caliente' },
];

function entryCount(): number {
  return (store.db.prepare('SELECT count(*) AS n FROM dictionary_entries').get() as { n: number }).n;
}

describe('dictionary repository', () => {
  it('imports pairs with counts, lists and loads them as a map', () => {
    const d = store.dictionaries.import({ name: 'en-es', srcLang: 'en', tgtLang: 'es', file: 'en-es.txt' }, [...PAIRS, PAIRS[0]!]);
    expect(d).toMatchObject({ name: 'en-es', srcLang: 'en', tgtLang: 'es', file: 'en-es.txt', words: 4, entries: 6 });
    expect(store.dictionaries.list().map((r) => r.id)).toEqual([d.id]);
    const map = store.dictionaries.load(d.id);
    expect(map.get('house')).toEqual(['casa', 'hogar']);
    expect(map.get('the')).toEqual(['el', 'la']);
    expect(map.size).toBe(4);
  });

  it('stores nothing when the pairs fail part way', () => {
    function* failing() {
      yield { source: 'a', target: 'b' };
      throw new Error('line 2 is bad');
    }
    expect(() => store.dictionaries.import({ name: 'x', srcLang: 'en', tgtLang: 'es' }, failing())).toThrow('line 2 is bad');
    expect(store.dictionaries.list()).toEqual([]);
    expect(entryCount()).toBe(0);
  });

  it('pages and searches source words, prefix matches first', () => {
    const d = store.dictionaries.import({ name: 'en-es', srcLang: 'en', tgtLang: 'es' }, [...PAIRS, { source: 'shot', target: 'disparo' }]);
    const all = store.dictionaries.entries(d.id, undefined, 0, 2);
    expect(all.total).toBe(5);
    expect(all.rows).toEqual([
      { source: 'dog', targets: ['perro'] },
      { source: 'hot', targets: ['caliente'] },
    ]);
    expect(store.dictionaries.entries(d.id, undefined, 4, 2).rows.map((r) => r.source)).toEqual(['the']);
    const ho = store.dictionaries.entries(d.id, 'HO', 0, 10);
    expect(ho.total).toBe(3);
    expect(ho.rows.map((r) => r.source)).toEqual(['hot', 'house', 'shot']);
    expect(store.dictionaries.entries(d.id, 'zz', 0, 10)).toEqual({ total: 0, rows: [] });
  });

  it('sets, fixes and removes one word’s translations', () => {
    const d = store.dictionaries.import({ name: 'en-es', srcLang: 'en', tgtLang: 'es' }, PAIRS);
    expect(store.dictionaries.setEntry(d.id, 'cat', ['gato'])).toEqual({ source: 'cat', targets: ['gato'] });
    expect(store.dictionaries.setEntry(d.id, 'house', ['vivienda'])).toEqual({ source: 'house', targets: ['vivienda'] });
    expect(store.dictionaries.setEntry(d.id, 'dog', [])).toEqual({ source: 'dog', targets: [] });
    const map = store.dictionaries.load(d.id);
    expect(map.get('house')).toEqual(['vivienda']);
    expect(map.has('dog')).toBe(false);
    expect(map.get('cat')).toEqual(['gato']);
    expect(store.dictionaries.get(d.id)).toMatchObject({ words: 4, entries: 5 });
    expect(() => store.dictionaries.setEntry(d.id, ' cat', ['gato'])).toThrow(CoreError);
    expect(() => store.dictionaries.setEntry(d.id + 1, 'cat', ['gato'])).toThrow(/no dictionary/);
  });

  it('removes a dictionary with its entries', () => {
    const a = store.dictionaries.import({ name: 'a', srcLang: 'en', tgtLang: 'es' }, PAIRS);
    const b = store.dictionaries.import({ name: 'b', srcLang: 'en', tgtLang: 'es' }, PAIRS.slice(0, 2));
    store.dictionaries.remove(a.id);
    expect(store.dictionaries.list().map((r) => r.name)).toEqual(['b']);
    expect(entryCount()).toBe(2);
    expect(() => store.dictionaries.remove(a.id)).toThrow(/no dictionary/);
    expect(store.dictionaries.get(b.id).entries).toBe(2);
  });

  it('measures coverage of the project’s words, exact or lowercased', () => {
    // en: The(1) house(2) dog(1) runs(1) → 4 types, 5 tokens; covered: The (as the), house, dog.
    store.importCorpus(corpus(['The/O house/O', 'dog/O runs/O house/O']), { lang: 'en', split: 'train', file: 'en.conll' });
    // es: La la casa grande → 4 types, 4 tokens; translations la and casa cover La (lowercased), la, casa.
    store.importCorpus(corpus(['La casa', 'la grande']), { lang: 'es', split: 'unlabelled', unlabelled: true, file: 'es.txt' });
    const d = store.dictionaries.import({ name: 'en-es', srcLang: 'en', tgtLang: 'es' }, PAIRS);
    expect(store.dictionaries.coverage(d.id)).toEqual({
      source: { lang: 'en', types: 4, coveredTypes: 3, tokens: 5, coveredTokens: 4 },
      target: { lang: 'es', types: 4, coveredTypes: 3, tokens: 4, coveredTokens: 3 },
    });
  });

  it('keeps coverage up to date as translations and sentences change', () => {
    store.importCorpus(corpus(['The/O house/O']), { lang: 'en', split: 'train', file: 'en.conll' });
    const d = store.dictionaries.import({ name: 'en-es', srcLang: 'en', tgtLang: 'es' }, PAIRS);
    expect(store.dictionaries.coverage(d.id).source).toMatchObject({ types: 2, coveredTypes: 2 });
    store.importCorpus(corpus(['cat/O house/O']), { lang: 'en', split: 'train', file: 'more.conll' });
    expect(store.dictionaries.coverage(d.id).source).toMatchObject({ types: 3, coveredTypes: 2, tokens: 4, coveredTokens: 3 });
    store.dictionaries.setEntry(d.id, 'cat', ['gato']);
    expect(store.dictionaries.coverage(d.id).source).toMatchObject({ types: 3, coveredTypes: 3, tokens: 4, coveredTokens: 4 });
    store.dictionaries.setEntry(d.id, 'house', []);
    expect(store.dictionaries.coverage(d.id).source).toMatchObject({ coveredTypes: 2, coveredTokens: 2 });
  });
});
