import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Span } from '../../../../src-main/contract/entities.js';
import type { Store } from '../../../../src-main/core/store/index.js';
import { corpus, EN, ES_UNLABELLED, tempStore, type TempStore } from '../../../support/store.js';

let t: TempStore;
let store: Store;
let model: number;
const ES1 = 4; // "Juan vive en Madrid ."
const ES2 = 5; // "Trabaja para Telefónica ."

const short = (spans: Span[]): string[] => spans.map((s) => `${s.start}-${s.end}:${s.label}:${s.provenance}`);

beforeEach(() => {
  t = tempStore();
  store = t.store;
  store.project.setLabels([
    { name: 'PER', color: '#e15759', key: '1' },
    { name: 'ORG', color: '#4e79a7', key: '2' },
    { name: 'LOC', color: '#59a14f', key: '3' },
  ]);
  store.importCorpus(corpus(...EN), { lang: 'en', split: 'train', file: 'en.conll' });
  store.importCorpus(corpus(...ES_UNLABELLED), { lang: 'es', split: 'unlabelled', file: 'es.txt' });
  model = store.models.create({ name: 'student', kind: 'student', encoder: 'small', dir: '/m' }).id;
});
afterEach(() => {
  store.close();
  t.cleanup();
});

function predictEs(): void {
  store.writePredictions(model, [
    {
      sentenceId: ES1,
      spans: [
        { start: 0, end: 1, label: 'PER', confidence: 0.9 },
        { start: 3, end: 4, label: 'ORG', confidence: 0.4 },
      ],
      uncertainty: 0.7,
    },
    { sentenceId: ES2, spans: [{ start: 2, end: 3, label: 'ORG', confidence: 0.8 }], uncertainty: 0.2 },
  ]);
}

describe('sentence status rules', () => {
  it('imports labelled sentences as gold with gold spans and unlabelled ones as unlabelled', () => {
    const en = store.sentences.get(1);
    expect(en.status).toBe('gold');
    expect(short(en.spans)).toEqual(['0-2:PER:gold', '4-5:LOC:gold']);
    const es = store.sentences.get(ES1);
    expect(es.status).toBe('unlabelled');
    expect(es.spans).toEqual([]);
  });

  it('writes predictions only on unlabelled or predicted sentences and marks them predicted', () => {
    store.annotations.set(ES2, 2, 3, 'ORG'); // the user labels ES2 first: gold
    const r = store.writePredictions(model, [
      { sentenceId: ES1, spans: [{ start: 3, end: 4, label: 'LOC', confidence: 0.9 }], uncertainty: 0.5 },
      { sentenceId: ES2, spans: [{ start: 0, end: 1, label: 'PER', confidence: 0.9 }], uncertainty: 0.5 },
      { sentenceId: 1, spans: [], uncertainty: 0.5 },
      { sentenceId: 999, spans: [], uncertainty: null },
    ]);
    expect(r).toEqual({ written: 1, skipped: 2, missing: 1 });
    const es1 = store.sentences.get(ES1);
    expect(es1.status).toBe('predicted');
    expect(es1.uncertainty).toBe(0.5);
    expect(es1.spans).toEqual([{ start: 3, end: 4, label: 'LOC', provenance: 'predicted', confidence: 0.9, modelId: model }]);
    expect(short(store.sentences.get(ES2).spans)).toEqual(['2-3:ORG:gold']);
    expect(short(store.sentences.get(1).spans)).toEqual(['0-2:PER:gold', '4-5:LOC:gold']);
    // Predicting again replaces the previous predictions.
    store.writePredictions(model, [{ sentenceId: ES1, spans: [], uncertainty: 0.1 }]);
    expect(store.sentences.get(ES1).spans).toEqual([]);
    expect(store.sentences.get(ES1).status).toBe('predicted');
  });

  it('refuses predictions with unknown labels or bad spans, writing none of the batch', () => {
    expect(() =>
      store.writePredictions(model, [
        { sentenceId: ES1, spans: [{ start: 0, end: 1, label: 'PER', confidence: 0.9 }], uncertainty: 0.5 },
        { sentenceId: ES2, spans: [{ start: 0, end: 1, label: 'DATE', confidence: 0.9 }], uncertainty: 0.5 },
      ]),
    ).toThrow(/DATE.*label set/);
    expect(store.sentences.get(ES1).status).toBe('unlabelled');
    expect(() =>
      store.writePredictions(model, [{ sentenceId: ES1, spans: [{ start: 4, end: 9, label: 'PER', confidence: 0.9 }], uncertainty: 0.5 }]),
    ).toThrow(/outside/);
    expect(() => store.writePredictions(model + 1, [])).toThrow(/no model/);
  });

  it('an edit on a predicted sentence copies its predictions as corrected, then applies the edit', () => {
    predictEs();
    const edit = store.annotations.set(ES1, 3, 4, 'LOC'); // Madrid: ORG -> LOC
    expect(edit?.action).toBe('set');
    const s = store.sentences.get(ES1);
    expect(s.status).toBe('corrected');
    expect(short(s.spans)).toEqual(['0-1:PER:corrected', '3-4:LOC:corrected']);
    expect(s.spans.every((x) => x.confidence === null && x.modelId === null)).toBe(true);
    // Later edits on a corrected sentence stay corrected.
    store.annotations.remove(ES1, 0);
    expect(short(store.sentences.get(ES1).spans)).toEqual(['3-4:LOC:corrected']);
    expect(store.sentences.get(ES1).status).toBe('corrected');
  });

  it('removing a predicted span also turns the sentence corrected; removing nothing is no edit', () => {
    predictEs();
    expect(store.annotations.remove(ES2, 0)).toBeNull();
    expect(store.sentences.get(ES2).status).toBe('predicted');
    store.annotations.remove(ES2, 2);
    const s = store.sentences.get(ES2);
    expect(s.status).toBe('corrected');
    expect(s.spans).toEqual([]);
  });

  it('an edit on an unlabelled sentence makes gold spans and a gold sentence; gold stays gold', () => {
    store.annotations.set(ES1, 0, 1, 'PER');
    let s = store.sentences.get(ES1);
    expect(s.status).toBe('gold');
    expect(short(s.spans)).toEqual(['0-1:PER:gold']);
    store.annotations.set(ES1, 3, 4, 'LOC');
    s = store.sentences.get(ES1);
    expect(s.status).toBe('gold');
    expect(short(s.spans)).toEqual(['0-1:PER:gold', '3-4:LOC:gold']);
  });

  it('a new span replaces every span it overlaps', () => {
    // "John Smith lives in Paris ." has PER 0-2 and LOC 4-5.
    store.annotations.set(1, 1, 5, 'ORG');
    expect(short(store.sentences.get(1).spans)).toEqual(['1-5:ORG:gold']);
    store.annotations.set(1, 0, 1, 'PER');
    expect(short(store.sentences.get(1).spans)).toEqual(['0-1:PER:gold', '1-5:ORG:gold']);
    // Setting the same span again changes nothing and logs nothing.
    expect(store.annotations.set(1, 0, 1, 'PER')).toBeNull();
  });

  it('refuses labels outside the label set and spans outside the sentence', () => {
    expect(() => store.annotations.set(1, 0, 1, 'MISC')).toThrow(/MISC is not in the project's label set/);
    expect(() => store.annotations.set(1, 3, 9, 'PER')).toThrow(/outside sentence 1's 6 tokens/);
    expect(() => store.annotations.remove(1, 6)).toThrow(/outside/);
    expect(() => store.annotations.set(12345, 0, 1, 'PER')).toThrow(/no sentence 12345/);
    expect(short(store.sentences.get(1).spans)).toEqual(['0-2:PER:gold', '4-5:LOC:gold']);
  });

  it('confirm: unlabelled and predicted become gold; gold and corrected stay', () => {
    predictEs();
    store.annotations.confirm(ES1);
    const s = store.sentences.get(ES1);
    expect(s.status).toBe('gold');
    expect(short(s.spans)).toEqual(['0-1:PER:gold', '3-4:ORG:gold']);
    const hola = 6;
    store.annotations.confirm(hola);
    expect(store.sentences.get(hola).status).toBe('gold');
    expect(store.sentences.get(hola).spans).toEqual([]);
    expect(store.annotations.confirm(1)).toBeNull();
    store.annotations.remove(ES2, 2);
    expect(store.annotations.confirm(ES2)).toBeNull();
    expect(store.sentences.get(ES2).status).toBe('corrected');
  });

  it('accept turns predictions into gold; reject removes them and leaves the sentence unlabelled', () => {
    predictEs();
    store.annotations.accept(ES1);
    expect(store.sentences.get(ES1).status).toBe('gold');
    expect(short(store.sentences.get(ES1).spans)).toEqual(['0-1:PER:gold', '3-4:ORG:gold']);
    store.annotations.reject(ES2);
    expect(store.sentences.get(ES2).status).toBe('unlabelled');
    expect(store.sentences.get(ES2).spans).toEqual([]);
    // Neither touches a sentence without predictions.
    expect(store.annotations.accept(1)).toBeNull();
    expect(store.annotations.reject(1)).toBeNull();
    expect(store.sentences.get(1).status).toBe('gold');
  });

  it('keeps the split counts equal to a recount through imports, predictions, edits and undo', () => {
    const recount = (): unknown =>
      store.db
        .prepare(
          `SELECT lang, split, count(*) AS total, sum(status = 'unlabelled') AS unlabelled, sum(status = 'predicted') AS predicted,
             sum(status = 'gold') AS gold, sum(status = 'corrected') AS corrected FROM sentences GROUP BY lang, split ORDER BY lang, split`,
        )
        .all();
    predictEs();
    store.annotations.set(ES1, 0, 1, 'LOC');
    store.annotations.reject(ES2);
    store.annotations.confirm(6);
    store.edits.undo();
    store.importCorpus(corpus(['Otra frase']), { lang: 'es', split: 'dev', file: 'x' });
    expect(store.sentences.counts()).toEqual(recount());
    expect(store.sentences.counts().find((c) => c.lang === 'es' && c.split === 'unlabelled')).toEqual({
      lang: 'es',
      split: 'unlabelled',
      total: 3,
      unlabelled: 2,
      predicted: 0,
      gold: 0,
      corrected: 1,
    });
    expect(store.project.sentenceCount()).toBe(7);
    expect(store.sentences.total({ lang: 'es', status: 'unlabelled' })).toBe(3);
  });
});
