// Tiny labelled sentences made of words the tiny BERT fixture (test/fixtures/bert/tiny) has pieces
// for, so a model on that checkpoint sees real word pieces rather than [UNK] everywhere.

import type { TaggedSentence } from '../../src-main/core/ml/index.js';
import { seededPicker, toConll } from './corpus.js';

export const TINY_BERT = 'test/fixtures/bert/tiny';

const PER = [['John', 'Smith'], ['José', 'García'], ['John']];
const LOC = [['Paris'], ['Berlin'], ['New', 'York'], ['Madrid'], ['Köln']];
const ORG = [
  ['United', 'Nations'],
  ['Société', 'Générale'],
];

const tagged = (words: string[], type: string) => words.map((_, k) => `${k === 0 ? 'B' : 'I'}-${type}`);

/** `count` sentences in three patterns, drawn from `seed`. */
export function bertCorpus(count: number, seed: number): TaggedSentence[] {
  const pick = seededPicker(seed);
  const out: TaggedSentence[] = [];
  for (let i = 0; i < count; i++) {
    const [p, l, o] = [pick(PER), pick(LOC), pick(ORG)];
    if (i % 3 === 0) out.push({ tokens: [...p, 'lives', 'in', ...l], tags: [...tagged(p, 'PER'), 'O', 'O', ...tagged(l, 'LOC')] });
    else if (i % 3 === 1)
      out.push({ tokens: ['the', ...o, 'of', ...l, '.'], tags: ['O', ...tagged(o, 'ORG'), 'O', ...tagged(l, 'LOC'), 'O'] });
    else out.push({ tokens: ['el', 'presidente', ...p, 'visitó', ...l], tags: ['O', 'O', ...tagged(p, 'PER'), 'O', ...tagged(l, 'LOC')] });
  }
  return out;
}

/** Sentences as CoNLL text (token and tag per line, a blank line after each). */
export function conll(sentences: readonly TaggedSentence[]): string {
  return toConll(sentences.map((s) => s.tokens.map((t, k): [string, string] => [t, s.tags?.[k] ?? 'O'])));
}
