// Model output for the browser tests, written the way the training engine writes it (a model
// row, then predictions through the store), since training itself is not part of these tests.

import { openStore } from '../../src-main/core/store/index.js';

interface Guess {
  text: string;
  uncertainty: number;
  spans: { start: number; end: number; label: string; confidence: number }[];
}

const GUESSES: Guess[] = [
  {
    text: 'Madrid',
    uncertainty: 0.42,
    spans: [
      { start: 0, end: 1, label: 'LOC', confidence: 0.93 },
      { start: 5, end: 6, label: 'LOC', confidence: 0.61 },
    ],
  },
  {
    text: 'Juan Pérez',
    uncertainty: 0.77,
    spans: [
      { start: 0, end: 2, label: 'PER', confidence: 0.88 },
      { start: 4, end: 5, label: 'LOC', confidence: 0.55 },
      { start: 6, end: 7, label: 'PER', confidence: 0.4 },
    ],
  },
];

export function seedPredictions(db: string): void {
  const store = openStore(db);
  try {
    const model = store.models.create({ name: 'e2e student', kind: 'student', encoder: 'small', dir: '/nonexistent/e2e-student' });
    const items = GUESSES.map((g) => {
      const { rows } = store.sentences.list({ q: g.text }, 'document', 0, 1);
      const row = rows[0];
      if (!row) throw new Error(`seed: no sentence contains "${g.text}"`);
      return { sentenceId: row.id, uncertainty: g.uncertainty, spans: g.spans.map((s) => ({ ...s })) };
    });
    store.writePredictions(model.id, items);
  } finally {
    store.close();
  }
}
