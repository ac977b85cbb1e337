import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppState } from '../../../../../src-renderer/lib/state/app.svelte.js';
import { nextLinkValue, PairsState } from '../../../../../src-renderer/lib/state/pairs.svelte.js';
import { modelGuesses } from '../../../../../src-renderer/features/pairs/guesses.js';
import { base64, conll, openTestCore, type TestCore } from '../../support/core-client.js';

describe('link cycle and model guesses', () => {
  it('cycles unset -> same -> different -> unset', () => {
    expect(nextLinkValue(null)).toBe('same');
    expect(nextLinkValue('same')).toBe('different');
    expect(nextLinkValue('different')).toBeNull();
  });

  it('draws each upper token’s best partner, warm and thick when alike, and skips tokens the person linked', () => {
    const s = [
      [0.9, 0.1],
      [0.2, 0.3],
      [0.6, 0.95],
    ];
    const guesses = modelGuesses([{ i: 2, j: 0, value: 'different', source: 'user' }], s);
    expect(guesses.map((g) => [g.i, g.j, g.value])).toEqual([
      [0, 0, 'same'],
      [1, 1, 'different'],
    ]);
    expect(guesses[0]!.width).toBeGreaterThan(guesses[1]!.width);
    expect(modelGuesses([], null)).toEqual([]);
  });
});

describe('PairsState over a real project', () => {
  let t: TestCore;
  let pairs: PairsState;

  beforeEach(async () => {
    t = await openTestCore('pairs');
    await t.client.call('projects.create', { path: `${t.dir}/p.sqlite`, name: 'Pairs' });
    const text = conll([
      ['Dana', 'visited', 'Oslo'],
      ['Oslo', 'welcomed', 'Dana'],
    ]);
    await t.client.call('imports.run', {
      source: { kind: 'bytes', name: 'a.conll', base64: base64(text) },
      lang: 'en',
      split: 'train',
      unlabelled: true,
    });
    const app = new AppState(t.client);
    await app.init('#/pairs');
    pairs = new PairsState(app);
    await pairs.start(null);
  });

  afterEach(async () => {
    await t.close();
  });

  it('creates a pair from two picked sentences and walks a link through its cycle, saved each time', async () => {
    expect(pairs.rows).toEqual([]);
    await pairs.pickA.search();
    const [a, b] = pairs.pickA.results;
    await pairs.create(a!.id, b!.id);
    expect(pairs.total).toBe(1);
    expect(pairs.pair?.a.id).toBe(a!.id);
    expect(pairs.similarityNote).toMatch(/not available|teacher/);

    await pairs.pickToken('b', 0);
    expect(pairs.error?.error.message).toContain('upper sentence first');
    await pairs.pickToken('a', 2);
    await pairs.pickToken('b', 0);
    const stored = async () => (await t.client.call('pairs.get', { id: pairs.pair!.id })).links.map((l) => [l.i, l.j, l.value]);
    expect(await stored()).toEqual([[2, 0, 'same']]);
    expect(pairs.rows[0]?.links).toBe(1);
    await pairs.cycle(2, 0);
    expect(await stored()).toEqual([[2, 0, 'different']]);
    await pairs.cycle(2, 0);
    expect(await stored()).toEqual([]);
  });
});
