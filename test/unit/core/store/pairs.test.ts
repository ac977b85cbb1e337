import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../src-main/core/store/index.js';
import { openStore } from '../../../../src-main/core/store/index.js';
import { corpus, tempStore, type TempStore } from '../../../support/store.js';

let t: TempStore;
let file: string;
let store: Store;

beforeEach(() => {
  t = tempStore();
  ({ file, store } = t);
  store.importCorpus(corpus(['Obama/B-PER visited/O Berlin/B-LOC', 'The/O talks/O in/O Berlin/B-LOC ended/O', 'Nothing/O here/O']), {
    lang: 'en',
    split: 'train',
    file: 'en',
  });
  store.importCorpus(corpus(['Obama visitó Berlín', 'Berlin no es París', 'Reunión en Berlin hoy']), {
    lang: 'es',
    split: 'unlabelled',
    file: 'es',
  });
});
afterEach(() => {
  store.close();
  t.cleanup();
});

describe('pairs and token links', () => {
  it('creates, gets, lists newest first and deletes pairs; the same two sentences make one pair', () => {
    const p1 = store.pairs.create(1, 4);
    const p2 = store.pairs.create(2, 6);
    expect(store.pairs.create(4, 1)).toBe(p1);
    expect(store.pairs.get(p1)).toMatchObject({ id: p1, a: 1, b: 4, links: [] });
    const listing = store.pairs.list(0, 10);
    expect(listing.total).toBe(2);
    expect(listing.rows.map((r) => r.id)).toEqual([p2, p1]);
    store.pairs.delete(p2);
    expect(() => store.pairs.get(p2)).toThrow(/no pair/);
    expect(() => store.pairs.delete(p2)).toThrow(/no pair/);
    expect(() => store.pairs.create(1, 1)).toThrow(/itself/);
    expect(() => store.pairs.create(1, 99)).toThrow(/no sentence 99/);
  });

  it("never reuses a deleted pair's id, so undo and redo of its links cannot reach a new pair", () => {
    const old = store.pairs.create(1, 4);
    store.pairs.link(old, 0, 0, 'same');
    store.pairs.delete(old);
    const fresh = store.pairs.create(2, 5);
    expect(fresh).not.toBe(old);
    expect(store.edits.undo()).toMatchObject({ pairId: old });
    expect(store.edits.redo()).toMatchObject({ pairId: old });
    expect(store.pairs.get(fresh).links).toEqual([]);
    store.close();
    store = openStore(file);
    expect(store.pairs.create(3, 6)).toBeGreaterThan(fresh);
  });

  it('sets, changes and clears links as undoable edits that survive a restart', () => {
    const p = store.pairs.create(1, 4);
    store.pairs.link(p, 0, 0, 'same');
    const e2 = store.pairs.link(p, 2, 2, 'different')!;
    expect(e2.description).toBe('link different “Berlin” ↔ “Berlín”');
    store.pairs.link(p, 2, 2, 'same');
    expect(store.pairs.link(p, 2, 2, 'same')).toBeNull();
    expect(store.pairs.get(p).links).toEqual([
      { i: 0, j: 0, value: 'same', source: 'user' },
      { i: 2, j: 2, value: 'same', source: 'user' },
    ]);
    store.pairs.link(p, 0, 0, null);
    expect(store.pairs.list(0, 1).rows[0]!.links).toBe(1);
    store.close();
    store = openStore(file);
    const undone = store.edits.undo()!;
    expect(undone.pairId).toBe(p);
    expect(store.pairs.get(p).links.map((l) => `${l.i}${l.j}${l.value}`)).toEqual(['00same', '22same']);
    store.edits.undo();
    expect(store.pairs.get(p).links.map((l) => `${l.i}${l.j}${l.value}`)).toEqual(['00same', '22different']);
    expect(() => store.pairs.link(p, 3, 0, 'same')).toThrow(/outside sentence 1's 3 tokens/);
  });

  it('undo of a link on a deleted pair moves past it without failing', () => {
    const p = store.pairs.create(1, 4);
    store.pairs.link(p, 0, 0, 'same');
    store.pairs.delete(p);
    const undone = store.edits.undo()!;
    expect(undone.pairId).toBe(p);
    expect(store.edits.history(5).undo).toEqual([]);
  });

  it('suggests pairs sharing a capitalised word that does not start its sentence', () => {
    const across = store.pairs.suggest('shared-capitalised', 'en', 'es', 10);
    // "Obama" starts its sentences, so it does not count; "Berlin" (not first) links en 1, en 2 and es 6.
    expect(across.length).toBeGreaterThan(0);
    for (const s of across) {
      expect(s.reason).toBe('both mention “Berlin”');
      expect([1, 2]).toContain(s.a);
      expect(s.b).toBe(6);
    }
    const within = store.pairs.suggest('shared-capitalised', 'en', 'en', 10);
    expect(within).toHaveLength(1);
    expect([within[0]!.a, within[0]!.b].sort()).toEqual([1, 2]);
    store.pairs.create(1, 2);
    expect(store.pairs.suggest('shared-capitalised', 'en', 'en', 10)).toEqual([]);
  });

  it('suggests random pairs of distinct, unpaired sentences in the two languages', () => {
    const r = store.pairs.suggest('random', 'en', 'es', 3);
    expect(r).toHaveLength(3);
    const seen = new Set<string>();
    for (const s of r) {
      expect(s.a).toBeLessThanOrEqual(3);
      expect(s.b).toBeGreaterThanOrEqual(4);
      expect(s.reason).toBe('random');
      seen.add(`${s.a}:${s.b}`);
    }
    expect(seen.size).toBe(3);
    expect(store.pairs.suggest('random', 'en', 'en', 10).every((s) => s.a !== s.b)).toBe(true);
  });
});
