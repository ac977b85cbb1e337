import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnotateState } from '../../../../../src-renderer/lib/state/annotate.svelte.js';
import { AppState } from '../../../../../src-renderer/lib/state/app.svelte.js';
import { base64, conll, openTestCore, type TestCore } from '../../support/core-client.js';

describe('AnnotateState over a real project', () => {
  let t: TestCore;
  let app: AppState;
  let annotate: AnnotateState;

  beforeEach(async () => {
    t = await openTestCore('annotate');
    await t.client.call('projects.create', { path: `${t.dir}/p.sqlite`, name: 'Annotate', labels: ['PER', 'ORG', 'LOC'] });
    await t.client.call('languages.upsert', { code: 'ar', name: 'Arabic', direction: 'rtl' });
    const en = conll([
      ['Ada', 'Lovelace', 'met', 'Charles', 'Babbage'],
      ['London', 'is', 'big'],
      ['Paris', 'too'],
    ]);
    await t.client.call('imports.run', {
      source: { kind: 'bytes', name: 'en.conll', base64: base64(en) },
      lang: 'en',
      split: 'train',
      unlabelled: true,
    });
    const ar = conll([['زار', 'محمد', 'القاهرة']]);
    await t.client.call('imports.run', {
      source: { kind: 'bytes', name: 'ar.conll', base64: base64(ar) },
      lang: 'ar',
      split: 'train',
      unlabelled: true,
    });
    app = new AppState(t.client);
    await app.init('#/annotate');
    annotate = new AnnotateState(app);
    await annotate.start(null);
  });

  afterEach(async () => {
    await t.close();
  });

  it('opens the first sentence and shows a label only once the core has saved it', async () => {
    expect(annotate.texts).toEqual(['Ada', 'Lovelace', 'met', 'Charles', 'Babbage']);
    annotate.move('right', false);
    annotate.move('right', false);
    annotate.move('right', false);
    annotate.move('right', true);
    const saving = annotate.applyKey(1);
    expect(annotate.sentence?.spans).toEqual([]);
    expect(annotate.shownSpans.map((s) => [s.start, s.end, s.label, s.pending])).toEqual([[3, 5, 'PER', true]]);
    expect(annotate.saving).toBe(1);
    await saving;
    expect(annotate.shownSpans.map((s) => s.pending ?? false)).toEqual([false]);
    expect(annotate.saving).toBe(0);
    expect(annotate.sentence?.spans.map((s) => [s.start, s.end, s.label])).toEqual([[3, 5, 'PER']]);
    const stored = await t.client.call('sentences.get', { id: annotate.sentence!.id });
    expect(stored.spans.map((s) => [s.start, s.end, s.label])).toEqual([[3, 5, 'PER']]);
    expect(annotate.list.rowAt(0)?.status).toBe('gold');
  });

  it('relabels the whole entity under focus, removes it, and undoes and redoes through the edit log', async () => {
    annotate.move('right', true);
    await annotate.applyKey(1);
    annotate.move('left', false);
    await annotate.applyKey(2);
    expect(annotate.sentence?.spans.map((s) => [s.start, s.end, s.label])).toEqual([[0, 2, 'ORG']]);
    await annotate.removeAtFocus();
    expect(annotate.sentence?.spans).toEqual([]);
    await annotate.undo();
    expect(annotate.sentence?.spans.map((s) => s.label)).toEqual(['ORG']);
    await annotate.undo();
    expect(annotate.sentence?.spans.map((s) => s.label)).toEqual(['PER']);
    await annotate.redo();
    expect(annotate.sentence?.spans.map((s) => s.label)).toEqual(['ORG']);
    await annotate.context.loadHistory();
    expect(annotate.context.history.length).toBeGreaterThan(0);
    expect(annotate.context.redoable).toBe(1);
  });

  it('reverts a history entry together with the later edits, also back to before the first edit', async () => {
    await annotate.applyKey(1);
    annotate.move('right', false);
    await annotate.applyKey(2);
    annotate.move('right', false);
    await annotate.applyKey(3);
    await annotate.context.loadHistory();
    expect(annotate.context.history.map((e) => e.description).length).toBe(3);
    await annotate.revertEntry(1);
    expect(annotate.sentence?.spans.map((s) => s.label)).toEqual(['PER']);
    await annotate.context.loadHistory();
    await annotate.revertEntry(0);
    expect(annotate.sentence?.spans).toEqual([]);
    await annotate.context.loadHistory();
    expect(annotate.context.history).toEqual([]);
    expect(annotate.context.redoable).toBe(3);
  });

  it('skips the announcement of its own undo but refreshes for anyone else’s', async () => {
    await annotate.applyKey(1);
    await annotate.undo();
    const before = t.calls.filter((m) => m === 'sentences.list').length;
    await annotate.sentencesChanged('undo');
    expect(t.calls.filter((m) => m === 'sentences.list').length).toBe(before);
    await annotate.sentencesChanged('undo');
    expect(t.calls.filter((m) => m === 'sentences.list').length).toBe(before + 1);
  });

  it('answers keys that have nothing to do with a notice and no core call', async () => {
    const before = t.calls.length;
    await annotate.applyKey(9);
    expect(annotate.notice).toContain('key 9');
    await annotate.removeAtFocus();
    expect(annotate.notice).toContain('no entity');
    await annotate.acceptAll();
    expect(annotate.notice).toContain('no predictions');
    expect(t.calls.length).toBe(before);
  });

  it('confirms, then moves to the next sentence, and stops at the end of the list', async () => {
    const first = annotate.sentence!.id;
    await annotate.confirmAndNext();
    expect((await t.client.call('sentences.get', { id: first })).status).toBe('gold');
    expect(annotate.index).toBe(1);
    expect(annotate.texts).toEqual(['London', 'is', 'big']);
    await annotate.step(1);
    await annotate.step(1);
    expect(annotate.texts).toEqual(['زار', 'محمد', 'القاهرة']);
    await annotate.step(1);
    expect(annotate.notice).toContain('last sentence');
    await annotate.step(-1);
    expect(annotate.texts).toEqual(['Paris', 'too']);
  });

  it('opens the sentence a URL names, and falls back to the first one when it is gone', async () => {
    const third = (await annotate.list.rowAtAsync(2))!;
    const again = new AnnotateState(app);
    await again.start(third.id);
    expect(again.sentence?.id).toBe(third.id);
    expect(again.index).toBe(2);
    const lost = new AnnotateState(app);
    await lost.start(99_999);
    expect(lost.index).toBe(0);
    expect(lost.texts[0]).toBe('Ada');
    expect(lost.error).toBeNull();
  });

  it('moves focus in reading direction for right-to-left sentences', async () => {
    await annotate.setFilter({ lang: 'ar' }, 'document');
    await annotate.openIndex(0);
    expect(annotate.sentence?.direction).toBe('rtl');
    expect(annotate.focus).toBe(0);
    annotate.move('left', false);
    expect(annotate.focus).toBe(1);
    annotate.move('right', false);
    annotate.move('right', false);
    expect(annotate.focus).toBe(0);
  });

  it('keeps edits in key-press order when keys come faster than the core answers', async () => {
    const a = annotate.applyKey(1);
    annotate.move('right', false);
    const b = annotate.applyKey(3);
    await Promise.all([a, b]);
    expect(annotate.sentence?.spans.map((s) => [s.start, s.label])).toEqual([
      [0, 'PER'],
      [1, 'LOC'],
    ]);
  });
});
