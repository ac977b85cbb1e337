// Tiny labelled sentences made of words the tiny BERT fixture (test/fixtures/bert/tiny) has pieces
// for, so a model on that checkpoint sees real word pieces rather than [UNK] everywhere.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** The sentences of the tiny-BERT project: en train, es dev and es unlabelled. */
export const BERT_PROJECT = { train: bertCorpus(24, 3), dev: bertCorpus(8, 5), target: bertCorpus(16, 9) };

/**
 * `p.sqlite` in `dir`, made through the CLI (`run` runs `crosstag` there): labels PER, ORG, LOC,
 * BERT_PROJECT's sentences as en train, es dev and es unlabelled.
 */
export async function createBertProject(dir: string, run: (...argv: string[]) => Promise<{ code: number; err: string }>): Promise<void> {
  writeFileSync(join(dir, 'en.conll'), conll(BERT_PROJECT.train));
  writeFileSync(join(dir, 'es-dev.conll'), conll(BERT_PROJECT.dev));
  writeFileSync(join(dir, 'es.conll'), conll(BERT_PROJECT.target));
  for (const args of [
    ['project', 'create', 'p.sqlite', '--name', 'en to es', '--labels', 'PER,ORG,LOC'],
    ['project', 'import', 'p.sqlite', 'en.conll', '--lang', 'en', '--split', 'train'],
    ['project', 'import', 'p.sqlite', 'es-dev.conll', '--lang', 'es', '--split', 'dev'],
    ['project', 'import', 'p.sqlite', 'es.conll', '--lang', 'es', '--split', 'unlabelled', '--unlabeled'],
  ]) {
    const r = await run(...args);
    if (r.code !== 0) throw new Error(`crosstag ${args.join(' ')}: ${r.err}`);
  }
}
