import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../src-main/core/store/index.js';
import { openStore } from '../../../../src-main/core/store/index.js';
import { corpus, EN, ES_UNLABELLED, tempStore, type TempStore } from '../../../support/store.js';

let t: TempStore;
let file: string;
let store: Store;

beforeEach(() => {
  t = tempStore();
  ({ file, store } = t);
  store.importCorpus(corpus(...EN), { lang: 'en', split: 'train', file: 'en.conll' });
  store.importCorpus(corpus(...ES_UNLABELLED), { lang: 'es', split: 'unlabelled', file: 'es.txt' });
});
afterEach(() => {
  store.close();
  t.cleanup();
});

const labelsOf = (s: Store, id: number): string =>
  s.sentences
    .get(id)
    .spans.map((x) => `${x.start}-${x.end}:${x.label}`)
    .join(' ');

describe('edit log, undo and redo', () => {
  it('undoes and redoes an edit, restoring spans and status', () => {
    const edit = store.annotations.set(4, 3, 4, 'LOC')!;
    expect(store.sentences.get(4).status).toBe('gold');
    const undone = store.edits.undo()!;
    expect(undone.edit.id).toBe(edit.id);
    expect(undone.sentenceId).toBe(4);
    expect(store.sentences.get(4).status).toBe('unlabelled');
    expect(labelsOf(store, 4)).toBe('');
    const redone = store.edits.redo()!;
    expect(redone.edit.id).toBe(edit.id);
    expect(store.sentences.get(4).status).toBe('gold');
    expect(labelsOf(store, 4)).toBe('3-4:LOC');
    expect(store.edits.redo()).toBeNull();
  });

  it('survives a restart: edit, close, reopen, undo, redo', () => {
    store.annotations.set(1, 0, 1, 'PER');
    store.annotations.remove(1, 4);
    expect(labelsOf(store, 1)).toBe('0-1:PER');
    store.close();

    store = openStore(file);
    expect(store.edits.history(10).undo.map((e) => e.action)).toEqual(['remove', 'set']);
    store.edits.undo();
    expect(labelsOf(store, 1)).toBe('0-1:PER 4-5:LOC');
    store.close();

    store = openStore(file);
    expect(store.edits.history(10).redo.map((e) => e.action)).toEqual(['remove']);
    store.edits.undo();
    expect(labelsOf(store, 1)).toBe('0-2:PER 4-5:LOC');
    store.edits.redo();
    store.edits.redo();
    expect(labelsOf(store, 1)).toBe('0-1:PER');
  });

  it('a new edit after undos clears the redo stack', () => {
    store.annotations.set(4, 0, 1, 'PER');
    store.annotations.set(4, 3, 4, 'LOC');
    store.edits.undo();
    expect(store.edits.history(10).redo).toHaveLength(1);
    store.annotations.set(5, 2, 3, 'ORG');
    const h = store.edits.history(10);
    expect(h.redo).toEqual([]);
    expect(h.undo.map((e) => e.sentenceId)).toEqual([5, 4]);
    expect(store.edits.redo()).toBeNull();
  });

  it('revert undoes every later edit in one step, and refuses edits not on the undo stack', () => {
    const first = store.annotations.set(4, 0, 1, 'PER')!;
    store.annotations.set(4, 3, 4, 'LOC');
    store.annotations.confirm(5);
    store.annotations.set(1, 0, 1, 'ORG');
    const last = store.edits.revert(first.id)!;
    expect(last.edit.action).toBe('set'); // the 4-3 LOC edit, undone last
    expect(labelsOf(store, 4)).toBe('0-1:PER');
    expect(store.sentences.get(5).status).toBe('unlabelled');
    expect(labelsOf(store, 1)).toBe('0-2:PER 4-5:LOC');
    const h = store.edits.history(10);
    expect(h.undo.map((e) => e.id)).toEqual([first.id]);
    expect(h.redo).toHaveLength(3);
    expect(store.edits.revert(first.id)).toBeNull();
    expect(() => store.edits.revert(h.redo[0]!.id)).toThrow(/not in the undo history/);
  });

  it('history returns the newest entries first, limited, with readable descriptions', () => {
    for (let k = 0; k < 5; k++) store.annotations.set(4, 0, 1, k % 2 === 0 ? 'PER' : 'LOC');
    const h = store.edits.history(3);
    expect(h.undo).toHaveLength(3);
    expect(h.undo[0]!.description).toBe('PER “Juan” in “Juan vive en Madrid .”');
    expect(h.undo[0]!.id).toBeGreaterThan(h.undo[1]!.id);
  });

  it('describes every action with the sentence quoted, and reads old descriptions that named the sentence by id', () => {
    const model = store.models.create({ name: 'm', kind: 'student', encoder: 'small', dir: '/m' }).id;
    store.writePredictions(model, [{ sentenceId: 4, spans: [{ start: 3, end: 4, label: 'LOC', confidence: 0.75 }], uncertainty: 0.3 }]);
    store.annotations.accept(4);
    store.annotations.remove(4, 3);
    store.annotations.set(4, 0, 1, 'PER');
    store.annotations.confirm(5);
    expect(store.edits.history(10).undo.map((e) => e.description)).toEqual([
      'confirm as gold (0 entities) in “Trabaja para Telefónica .”',
      'PER “Juan” in “Juan vive en Madrid .”',
      'remove LOC “Madrid” in “Juan vive en Madrid .”',
      'accept 1 prediction in “Juan vive en Madrid .”',
    ]);
    // A row as older versions logged it (the log is append-only, so it is added, not rewritten).
    const snapshot = JSON.stringify({ status: 'gold', spans: [] });
    store.db
      .prepare(
        `INSERT INTO edits (at, kind, ref, action, sentence_id, pair_id, before, after, description)
         VALUES ('2025-01-01T00:00:00.000Z', 'do', NULL, 'accept', 4, NULL, ?, ?, 'accept 3 predictions in sentence 4')`,
      )
      .run(snapshot, snapshot);
    expect(store.edits.history(10).undo[0]!.description).toBe('accept 3 predictions in “Juan vive en Madrid .”');
  });

  it('undoes, redoes, reverts and lists sentence edits and pair edits apart when scoped', () => {
    const pair = { id: store.pairs.create(1, 4) };
    const tag = store.annotations.set(4, 0, 1, 'PER')!;
    const link = store.pairs.link(pair.id, 0, 0, 'same')!;
    expect(store.edits.history(10, 'sentences').undo.map((e) => e.id)).toEqual([tag.id]);
    expect(store.edits.history(10, 'pairs').undo.map((e) => e.id)).toEqual([link.id]);
    // Undo in Annotate takes back the tag, not the newer link.
    expect(store.edits.undo('sentences')!.edit.id).toBe(tag.id);
    expect(store.pairs.get(pair.id).links).toHaveLength(1);
    expect(labelsOf(store, 4)).toBe('');
    expect(store.edits.undo('sentences')).toBeNull();
    expect(store.edits.history(10, 'sentences').redo.map((e) => e.id)).toEqual([tag.id]);
    expect(store.edits.redo('pairs')).toBeNull();
    expect(store.edits.redo('sentences')!.edit.id).toBe(tag.id);
    expect(labelsOf(store, 4)).toBe('0-1:PER');
    // A revert in one scope leaves the other's edits alone.
    const second = store.annotations.set(4, 3, 4, 'LOC')!;
    expect(store.edits.revert(tag.id, 'sentences')!.edit.id).toBe(second.id);
    expect(store.pairs.get(pair.id).links).toHaveLength(1);
    expect(() => store.edits.revert(link.id, 'sentences')).toThrow(/not in the undo history/);
    expect(store.edits.undo('pairs')!.edit.id).toBe(link.id);
    expect(store.pairs.get(pair.id).links).toHaveLength(0);
    expect(labelsOf(store, 4)).toBe('0-1:PER');
  });

  it('undo of an accept restores the predictions', () => {
    const model = store.models.create({ name: 'm', kind: 'student', encoder: 'small', dir: '/m' }).id;
    store.writePredictions(model, [{ sentenceId: 4, spans: [{ start: 3, end: 4, label: 'LOC', confidence: 0.75 }], uncertainty: 0.3 }]);
    store.annotations.accept(4);
    expect(store.sentences.get(4).spans[0]!.provenance).toBe('gold');
    store.edits.undo();
    const s = store.sentences.get(4);
    expect(s.status).toBe('predicted');
    expect(s.spans).toEqual([{ start: 3, end: 4, label: 'LOC', provenance: 'predicted', confidence: 0.75, modelId: model }]);
  });

  it('with nothing to undo, undo returns null and logs nothing', () => {
    expect(store.edits.undo()).toBeNull();
    expect(store.db.prepare('SELECT count(*) AS n FROM edits').get()).toEqual({ n: 0 });
  });
});
