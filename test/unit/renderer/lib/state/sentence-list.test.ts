import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PAGES, PAGE_SIZE, SentenceListState } from '../../../../../src-renderer/lib/state/sentence-list.svelte.js';
import { base64, conll, openTestCore, type TestCore } from '../../support/core-client.js';

describe('SentenceListState over a real project', () => {
  let t: TestCore;
  const N = 250;

  beforeEach(async () => {
    t = await openTestCore('list');
    await t.client.call('projects.create', { path: `${t.dir}/p.sqlite`, name: 'List' });
    const sentences = Array.from({ length: N }, (_, i) => [`Sentence${i}`, i % 2 === 0 ? 'even' : 'odd']);
    await t.client.call('imports.run', {
      source: { kind: 'bytes', name: 'many.conll', base64: base64(conll(sentences, 10)) },
      lang: 'en',
      split: 'train',
      unlabelled: true,
    });
    t.calls.length = 0;
  });

  afterEach(async () => {
    await t.close();
  });

  const listCalls = (): number => t.calls.filter((m) => m === 'sentences.list').length;

  it('opens with one page and fetches further pages only when asked', async () => {
    const list = new SentenceListState(t.client);
    await list.reload();
    expect(list.total).toBe(N);
    expect(listCalls()).toBe(1);
    expect(list.rowAt(0)?.preview).toContain('Sentence0');
    expect(list.rowAt(PAGE_SIZE + 50)).toBeUndefined();

    await list.ensure(PAGE_SIZE + 40, PAGE_SIZE + 60);
    expect(listCalls()).toBe(2);
    expect(list.rowAt(PAGE_SIZE + 50)?.preview).toContain(`Sentence${PAGE_SIZE + 50}`);

    await list.ensure(0, PAGE_SIZE * 2);
    expect(listCalls()).toBe(2);
    await list.ensure(N - 5, N + 100);
    expect(listCalls()).toBe(3);
    expect(list.rowAt(N - 1)?.preview).toContain(`Sentence${N - 1}`);
  });

  it('filters by text on the core and locates sentences within the filter', async () => {
    const list = new SentenceListState(t.client);
    await list.setFilter({ q: 'odd' });
    expect(list.total).toBe(N / 2);
    const row = await list.rowAtAsync(10);
    expect(row?.preview).toContain('Sentence21');
    expect(await list.locate(row!.id)).toBe(10);
    await list.setFilter({ q: '  ' });
    expect(list.filtered).toBe(false);
    expect(list.total).toBe(N);
  });

  it('patches a changed row in place and refresh keeps rows while refetching', async () => {
    const list = new SentenceListState(t.client);
    await list.reload();
    const first = list.rowAt(0)!;
    const { sentence } = await t.client.call('annotations.set', { sentenceId: first.id, start: 0, end: 1, label: 'PER' });
    expect(list.rowAt(0)?.status).toBe('unlabelled');
    list.patch(sentence);
    expect(list.rowAt(0)?.status).toBe('gold');
    const before = listCalls();
    const refreshing = list.refresh();
    expect(list.rowAt(0)?.id).toBe(first.id);
    await refreshing;
    expect(listCalls()).toBe(before + 1);
    expect(list.rowAt(0)?.status).toBe('gold');
  });

  it('keeps at most MAX_PAGES pages, those nearest the last one fetched, and fetches a dropped page again when shown', async () => {
    const more = Array.from({ length: (MAX_PAGES + 5) * PAGE_SIZE - N }, (_, i) => [`More${i}`]);
    await t.client.call('imports.run', {
      source: { kind: 'bytes', name: 'more.conll', base64: base64(conll(more)) },
      lang: 'en',
      split: 'train',
      unlabelled: true,
    });
    const list = new SentenceListState(t.client);
    await list.reload();
    const pages = list.total / PAGE_SIZE;
    expect(pages).toBe(MAX_PAGES + 5);
    // Scrolling from the top to the bottom one page at a time, as the list does.
    for (let p = 0; p < pages; p++) await list.ensure(p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
    const held = Array.from({ length: pages }, (_, p) => list.rowAt(p * PAGE_SIZE) !== undefined);
    expect(held.filter(Boolean)).toHaveLength(MAX_PAGES);
    expect(held.slice(0, 5)).toEqual([false, false, false, false, false]);
    expect(list.rowAt(list.total - 1)?.preview).toContain(`More${more.length - 1}`);

    const before = listCalls();
    expect((await list.rowAtAsync(0))?.preview).toContain('Sentence0');
    expect(listCalls()).toBe(before + 1);
    // The page farthest from the top went to make room.
    expect(list.rowAt(list.total - 1)).toBeUndefined();
  });

  it('drops an answer that arrives for a filter no longer shown', async () => {
    const list = new SentenceListState(t.client);
    const stale = list.setFilter({ q: 'odd' });
    const fresh = list.setFilter({ q: 'even' });
    await Promise.all([stale, fresh]);
    expect(list.total).toBe(N / 2);
    expect(list.rowAt(0)?.preview).toContain('even');
  });
});
