// Tiny hand-built corpora and temp project files for the store tests.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Corpus, CorpusSentence, TokenSpan } from '../../../../src-main/core/formats/types.js';

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

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'crosstag-store-'));
}

export const EN = [
  ['John/B-PER Smith/I-PER lives/O in/O Paris/B-LOC ./O', 'He/O works/O for/O Acme/B-ORG Corp/I-ORG ./O'],
  ['Berlin/B-LOC is/O big/O ./O'],
];

export const ES_UNLABELLED = [['Juan vive en Madrid .', 'Trabaja para Telefónica .', 'Hola mundo']];
