// A project file in a temp folder for the store tests, and tiny corpora written the way a reader
// sees them: "John/B-PER Smith/I-PER runs/O" is a labelled sentence, words without a tag make an
// unlabelled one.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Split } from '../../src-main/contract/entities.js';
import type { Corpus, CorpusSentence, TokenSpan } from '../../src-main/core/formats/types.js';
import { openStore, type Store } from '../../src-main/core/store/index.js';

/** `"John/B-PER Smith/I-PER runs/O"` as a sentence; words without a tag make it unlabelled. */
export function sentence(tagged: string, line?: number): CorpusSentence {
  const parts = tagged.split(' ').map((p) => {
    const k = p.lastIndexOf('/');
    return k > 0 ? { word: p.slice(0, k), tag: p.slice(k + 1) } : { word: p, tag: null };
  });
  let text = '';
  let cp = 0;
  const tokens = parts.map(({ word }, i) => {
    if (i > 0) {
      text += ' ';
      cp++;
    }
    const start = cp;
    text += word;
    cp += Array.from(word).length;
    return { start, end: cp };
  });
  const labelled = parts.every((p) => p.tag !== null);
  const spans: TokenSpan[] = [];
  if (labelled) {
    parts.forEach((p, i) => {
      if (p.tag!.startsWith('B-')) spans.push({ start: i, end: i + 1, label: p.tag!.slice(2) });
      else if (p.tag!.startsWith('I-')) spans[spans.length - 1]!.end = i + 1;
    });
  }
  return { text, tokens, spans: labelled ? spans : null, line };
}

/** A CoNLL-read corpus of documents, each a list of sentences in the form `sentence` takes. */
export function corpus(...docs: string[][]): Corpus {
  return {
    format: 'conll',
    scheme: 'iob2',
    encoding: 'utf-8',
    tokenizer: 'conll',
    documents: docs.map((sentences, d) => ({ name: `doc${d + 1}`, sentences: sentences.map((s) => sentence(s)) })),
    warnings: [],
  };
}

/** Two English documents: three labelled sentences with PER, LOC and ORG spans. */
export const EN = [
  ['John/B-PER Smith/I-PER lives/O in/O Paris/B-LOC ./O', 'He/O works/O for/O Acme/B-ORG Corp/I-ORG ./O'],
  ['Berlin/B-LOC is/O big/O ./O'],
];

/** One Spanish document of three unlabelled sentences. */
export const ES_UNLABELLED = [['Juan vive en Madrid .', 'Trabaja para Telefónica .', 'Hola mundo']];

export function tempFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'crosstag-store-'));
}

export interface CorpusImport {
  corpus: Corpus;
  lang: string;
  split: Split;
  file: string;
}

export interface TempStore {
  dir: string;
  /** The project file, p.sqlite in `dir`. */
  file: string;
  store: Store;
  /** Closes the store if still open and removes the folder. */
  cleanup(): void;
}

/** A new project file in a fresh temp folder, opened, with `imports` imported in order. */
export function tempStore(imports: readonly CorpusImport[] = []): TempStore {
  const dir = tempFolder();
  const file = path.join(dir, 'p.sqlite');
  const store = openStore(file, { create: true });
  for (const { corpus: c, ...opts } of imports) store.importCorpus(c, opts);
  return {
    dir,
    file,
    store,
    cleanup: () => {
      if (store.db.open) store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The English documents as train and the Spanish ones as unlabelled text: the store tests' usual project. */
export function enEs(): CorpusImport[] {
  return [
    { corpus: corpus(...EN), lang: 'en', split: 'train', file: 'en.conll' },
    { corpus: corpus(...ES_UNLABELLED), lang: 'es', split: 'unlabelled', file: 'es.txt' },
  ];
}
