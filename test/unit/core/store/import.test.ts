import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src-main/core/errors.js';
import type { Corpus } from '../../../../src-main/core/formats/types.js';
import type { Store } from '../../../../src-main/core/store/index.js';
import { decodeTokens, encodeTokens } from '../../../../src-main/core/store/index.js';
import { corpus, EN, sentence, tempStore, type TempStore } from '../../../support/store.js';

let t: TempStore;
let file: string;
let store: Store;

beforeEach(() => {
  t = tempStore();
  ({ file, store } = t);
});
afterEach(() => {
  store.close();
  t.cleanup();
});

function counts(s: Store): Record<string, number> {
  const n = (t: string): number => (s.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return {
    sentences: n('sentences'),
    documents: n('documents'),
    annotations: n('annotations'),
    labels: n('labels'),
    languages: n('languages'),
  };
}

function fileHash(): string {
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('importing a corpus', () => {
  it('stores documents, sentences in order, code-point tokens, gold spans, and adds labels and the language', () => {
    const r = store.importCorpus(corpus(...EN), { lang: 'en', split: 'train', file: 'en.conll' });
    expect(r).toMatchObject({
      documents: 2,
      sentences: 3,
      tokens: 16,
      entities: { PER: 1, LOC: 2, ORG: 1 },
      languageAdded: true,
      firstSentenceId: 1,
    });
    expect(r.labelsAdded).toEqual(['LOC', 'ORG', 'PER']);
    expect(store.project.labels().map((l) => [l.name, l.key])).toEqual([
      ['LOC', '1'],
      ['ORG', '2'],
      ['PER', '3'],
    ]);
    expect(store.project.languages()).toEqual([{ code: 'en', name: 'English', direction: 'ltr' }]);
    const s = store.sentences.get(2);
    expect(s).toMatchObject({
      ordinal: 2,
      lang: 'en',
      split: 'train',
      status: 'gold',
      tokenizer: 'conll',
      docName: 'doc1',
      direction: 'ltr',
    });
    expect(s.tokens.slice(0, 2)).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 8 },
    ]);
    // A second import continues the global order.
    store.importCorpus(corpus(['Rome/B-LOC ./O']), { lang: 'it', split: 'dev', file: 'it.conll' });
    expect(store.sentences.get(4).ordinal).toBe(4);
    expect(store.project.language('it')).toEqual({ code: 'it', name: 'Italian', direction: 'ltr' });
  });

  it('takes entity types named like Object.prototype members (constructor, toString) as plain labels', () => {
    const result = store.importCorpus(corpus(['Franz/B-constructor is/O here/B-toString ./O', 'Ana/B-constructor ./O']), {
      lang: 'en',
      split: 'train',
      file: 'odd',
    });
    expect(result.entities).toEqual({ constructor: 2, toString: 1 });
    const labels = store.project.labels();
    expect(labels.map((l) => l.name)).toEqual(['constructor', 'toString']);
    for (const l of labels) expect(l.color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('counts offsets in code points, for astral characters and right-to-left text', () => {
    const c = corpus(['𝒳 emoji 😀 end', 'שלום עולם']);
    store.importCorpus(c, { lang: 'he', split: 'unlabelled', file: 'x.txt' });
    const s = store.sentences.get(1);
    expect(s.tokens).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 7 },
      { start: 8, end: 9 },
      { start: 10, end: 13 },
    ]);
    expect(store.sentences.get(2).direction).toBe('rtl');
  });

  it('imports with unlabelled=true as unlabelled sentences without spans', () => {
    store.importCorpus(corpus(...EN), { lang: 'en', split: 'unlabelled', unlabelled: true, file: 'en.conll' });
    expect(store.sentences.get(1).status).toBe('unlabelled');
    expect(counts(store).annotations).toBe(0);
    expect(counts(store).labels).toBe(0);
  });

  it('is all or nothing: a bad sentence late in the file leaves the project file unchanged', () => {
    store.importCorpus(corpus(...EN), { lang: 'en', split: 'train', file: 'en.conll' });
    const before = counts(store);
    const hash = fileHash();
    const bad: Corpus = corpus(['Ana/B-PER ríe/O'], ['Lima/B-LOC'], ['x/O y/O']);
    bad.documents[2]!.sentences[0] = { ...sentence('x/O y/O', 41), spans: [{ start: 1, end: 5, label: 'DATE' }] };
    try {
      store.importCorpus(bad, { lang: 'es', split: 'train', file: 'bad.conll' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CoreError);
      expect((err as CoreError).code).toBe('IMPORT_ERROR');
      expect((err as CoreError).message).toBe("bad.conll:41: entity DATE [1, 5) is outside the sentence's 2 tokens");
      expect((err as CoreError).line).toBe(41);
    }
    expect(counts(store)).toEqual(before);
    expect(store.project.language('es')).toBeNull();
    expect(fileHash()).toBe(hash);
  });

  it('rejects overlapping tokens and overlapping entities with the sentence named', () => {
    const c = corpus(['a/O b/O']);
    c.documents[0]!.sentences[0]!.tokens = [
      { start: 0, end: 2 },
      { start: 1, end: 3 },
    ];
    expect(() => store.importCorpus(c, { lang: 'en', split: 'train', file: 'o.conll' })).toThrow(
      /o\.conll: sentence 1 of document "doc1": token 1 starts before/,
    );
    const d = corpus(['a/B-PER b/I-PER c/O']);
    d.documents[0]!.sentences[0]!.spans!.push({ start: 1, end: 3, label: 'ORG' });
    expect(() => store.importCorpus(d, { lang: 'en', split: 'train', file: 'o.conll' })).toThrow(/overlaps/);
    expect(counts(store).sentences).toBe(0);
  });
});

describe('importing predictions', () => {
  const withPredictions = (): Corpus => {
    const c = corpus(['Ana vive en Lima', 'Bruno llegó', 'Rosa/B-PER canta/O']);
    const [ana, bruno, rosa] = c.documents[0]!.sentences;
    ana!.prediction = {
      model: 'v7',
      score: 0.75,
      spans: [
        { start: 0, end: 1, label: 'PER', score: 0.9 },
        { start: 3, end: 4, label: 'GPE', score: 3.5 },
      ],
    };
    bruno!.prediction = { model: '', score: null, spans: [] };
    rosa!.prediction = { model: 'v7', score: 0.5, spans: [{ start: 0, end: 1, label: 'ORG', score: 0.6 }] };
    return c;
  };

  it('stores them on unlabelled sentences, credited to external models, and leaves those beside gold out', () => {
    const result = store.importCorpus(withPredictions(), { lang: 'es', split: 'unlabelled', file: 'tasks.json' });
    expect(result.predictions).toEqual({ sentences: 2, models: ['v7', 'predictions in tasks.json'], besideGold: 1, unscaled: 1 });
    expect(result.labelsAdded).toEqual(['GPE', 'PER']);
    expect(store.models.list().map((m) => [m.name, m.kind])).toEqual([
      ['predictions in tasks.json', 'external'],
      ['v7', 'external'],
    ]);
    const [ana, bruno, rosa] = store.sentences.records({});
    expect([ana!.status, bruno!.status, rosa!.status]).toEqual(['predicted', 'predicted', 'gold']);
    expect(ana!.uncertainty).toBe(0.25);
    expect(ana!.spans.map((s) => [s.label, s.provenance, s.confidence])).toEqual([
      ['PER', 'predicted', 0.9],
      ['GPE', 'predicted', null],
    ]);
    expect(bruno!.spans).toEqual([]);
    expect(rosa!.spans.map((s) => [s.label, s.provenance])).toEqual([['PER', 'gold']]);
    expect(store.sentences.counts()).toEqual([
      { lang: 'es', split: 'unlabelled', total: 3, unlabelled: 0, predicted: 2, gold: 1, corrected: 0 },
    ]);
  });

  it('keeps none of them when importing as unlabelled', () => {
    const result = store.importCorpus(withPredictions(), { lang: 'es', split: 'unlabelled', unlabelled: true, file: 'tasks.json' });
    expect(result.predictions).toEqual({ sentences: 0, models: [], besideGold: 0, unscaled: 0 });
    expect(store.models.list()).toEqual([]);
    expect(counts(store).annotations).toBe(0);
  });
});

describe('token offset codec', () => {
  it('round-trips offsets, including large gaps and long tokens, in about two bytes a token', () => {
    const tokens = [
      { start: 0, end: 3 },
      { start: 4, end: 200 },
      { start: 70_000, end: 70_001 },
      { start: 70_001, end: 2_000_000 },
    ];
    expect(decodeTokens(encodeTokens(tokens))).toEqual(tokens);
    const words = Array.from({ length: 50 }, (_, k) => ({ start: k * 6, end: k * 6 + 5 }));
    expect(encodeTokens(words).length).toBe(100);
    expect(() => decodeTokens(Uint8Array.of(0x80))).toThrow(/truncated/);
  });
});
