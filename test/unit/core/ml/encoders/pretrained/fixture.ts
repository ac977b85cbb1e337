// The tiny BERT fixtures of test/fixtures/bert (see make_fixture.py there) and their expected
// outputs, computed by an independent PyTorch reference in float64.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createEncoder, getTf } from '../../../../../../src-main/core/ml/index.js';
import type { BertEncoderConfig } from '../../../../../../src-main/core/ml/encoders/index.js';
import type { BertEncoder } from '../../../../../../src-main/core/ml/encoders/bert/index.js';
import { Rng } from '../../../../../../src-main/core/ml/runtime/rng.js';

export const FIXTURES = path.resolve(__dirname, '../../../../../fixtures/bert');
export const VARIANTS = ['tiny', 'tiny-f16', 'tiny-bf16'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface Expected {
  config: Record<string, number | string>;
  models: Record<
    Variant,
    {
      dtype: string;
      sentences: { text: string; tokens: string[]; ids: number[]; hidden: number[][] }[];
      words: { words: string[]; tokens: string[]; first: number[]; vectors: number[][] }[];
    }
  >;
}

export const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Expected;

export const DUMMY_VOCAB = { words: ['<pad>', '<unk>'], chars: ['<pad>', '<unk>'] };

export function fixtureDir(variant: Variant): string {
  return path.join(FIXTURES, variant);
}

export function bertEncoder(config: Partial<BertEncoderConfig> & { dir: string }): BertEncoder {
  return createEncoder(getTf(), { kind: 'bert', ...config }, DUMMY_VOCAB, new Rng(1)) as BertEncoder;
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
