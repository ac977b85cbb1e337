// The tiny checkpoints of test/fixtures: BERT (test/fixtures/bert, vocab.txt tokenizers, three
// dtypes) and XLM-R and DistilBERT in hub layout with tokenizer.json (test/fixtures/pretrained),
// each with expected outputs computed by an independent PyTorch reference in float64.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createEncoder, getTf } from '../../../../../../src-main/core/ml/index.js';
import type { PretrainedEncoder, PretrainedEncoderConfig } from '../../../../../../src-main/core/ml/encoders/index.js';
import { Rng } from '../../../../../../src-main/core/ml/runtime/rng.js';

export const FIXTURES = path.resolve(__dirname, '../../../../../fixtures/bert');
export const PRETRAINED_FIXTURES = path.resolve(__dirname, '../../../../../fixtures/pretrained');
export const VARIANTS = ['tiny', 'tiny-f16', 'tiny-bf16'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface SentenceCase {
  text: string;
  tokens: string[];
  ids: number[];
  hidden: number[][];
}

export interface WordsCase {
  words: string[];
  tokens: string[];
  first: number[];
  vectors: number[][];
}

export interface Expected {
  config: Record<string, number | string>;
  models: Record<Variant, { dtype: string; sentences: SentenceCase[]; words: WordsCase[] }>;
}

export const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Expected;

/** A checkpoint folder under test, with the kind that reads it and its reference outputs. */
export interface Checkpoint {
  name: string;
  kind: 'bert' | 'xlm-roberta' | 'distilbert';
  dir: string;
  sentences: SentenceCase[];
  words: WordsCase[];
}

const pretrained = JSON.parse(readFileSync(path.join(PRETRAINED_FIXTURES, 'expected.json'), 'utf8')) as Record<
  'xlm-roberta' | 'distilbert',
  { config: Record<string, unknown>; sentences: SentenceCase[]; words: WordsCase[]; lone_metaspace_words: string[] }
>;
export const pretrainedExpected = pretrained;

export const CHECKPOINTS: Checkpoint[] = [
  ...VARIANTS.map((v) => ({ name: `bert ${v}`, kind: 'bert' as const, dir: path.join(FIXTURES, v), ...expected.models[v] })),
  ...(['xlm-roberta', 'distilbert'] as const).map((k) => ({ name: k, kind: k, dir: path.join(PRETRAINED_FIXTURES, k), ...pretrained[k] })),
];

export const DUMMY_VOCAB = { words: ['<pad>', '<unk>'], chars: ['<pad>', '<unk>'] };

export function fixtureDir(variant: Variant): string {
  return path.join(FIXTURES, variant);
}

export function pretrainedDir(kind: 'xlm-roberta' | 'distilbert'): string {
  return path.join(PRETRAINED_FIXTURES, kind);
}

type Settings = Partial<Omit<PretrainedEncoderConfig, 'kind'>> & { dir: string };

export function pretrainedEncoder(kind: string, config: Settings): PretrainedEncoder {
  return createEncoder(getTf(), { kind, ...config }, DUMMY_VOCAB, new Rng(1)) as PretrainedEncoder;
}

export function bertEncoder(config: Settings): PretrainedEncoder {
  return pretrainedEncoder('bert', config);
}

/** Largest absolute difference between rows of `actual` (flat, D wide) and `rows`. */
export function maxDiff(actual: Float32Array, D: number, rows: number[][], rowIndex: (i: number) => number): number {
  let worst = 0;
  rows.forEach((row, i) => {
    const base = rowIndex(i) * D;
    row.forEach((x, d) => {
      worst = Math.max(worst, Math.abs(actual[base + d]! - x));
    });
  });
  return worst;
}
