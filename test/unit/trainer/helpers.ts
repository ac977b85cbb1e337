// Tiny training bundles on the tiny BERT fixture, and weight comparisons of the trainer's output.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrainingConfig } from '../../../src-main/contract/api.js';
import { runSettings, writeRunBundle, type BundleReport } from '../../../src-main/core/bundle/index.js';
import type { LinkedPair } from '../../../src-main/core/ml/index.js';
import { SafetensorsFile } from '../../../src-main/core/ml/io/safetensors.js';
import { bertCorpus, TINY_BERT } from '../../support/bert-corpus.js';
import { trainingConfig } from '../../support/training.js';

export const ENCODER_DIR = path.resolve(import.meta.dirname, '..', '..', '..', TINY_BERT);

export const TRAIN = bertCorpus(24, 3);
export const DEV = bertCorpus(8, 5);
export const TARGET = bertCorpus(16, 9).map((s) => ({ tokens: s.tokens }));
export const LINKS: LinkedPair[] = [
  {
    a: TRAIN[0]!.tokens,
    b: TRAIN[1]!.tokens,
    links: [
      { i: 0, j: 1, same: false },
      { i: 3, j: 3, same: true },
    ],
  },
];
export const DICTIONARY = new Map([
  ['lives', ['vive']],
  ['in', ['en']],
  ['the', ['el', 'la']],
]);

export const CONFIG: TrainingConfig = trainingConfig({
  encoder: `bert:${ENCODER_DIR}`,
  studentEpochs: 2,
  predictAfter: false,
  consistentTypes: true,
});

/** A bundle of the tiny corpus: batches of 4, code-switching at p 0.5, one linked pair. */
export function tinyBundle(dir: string, encoder = CONFIG.encoder, config: Partial<TrainingConfig> = {}): BundleReport {
  return writeRunBundle(dir, {
    train: TRAIN,
    dev: DEV,
    devUsed: 'target-dev',
    target: TARGET,
    links: LINKS,
    codeSwitch: { dictionary: DICTIONARY, p: 0.5 },
    settings: runSettings({ ...CONFIG, ...config }, { batchSize: 4, evaluatorEpochs: 1 }),
    encoder,
    createdBy: 'test',
  });
}

/** Edits run.json, as a user may before training. */
export function editRun(dir: string, edit: (run: Record<string, Record<string, unknown>>) => void): void {
  const file = path.join(dir, 'run.json');
  const run = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  edit(run);
  writeFileSync(file, JSON.stringify(run, null, 2));
}

/** Largest absolute difference between same-named tensors of two safetensors files (which must hold the same names). */
export function maxWeightDiff(a: string, b: string): { diff: number; tensors: number } {
  const fa = SafetensorsFile.open(a);
  const fb = SafetensorsFile.open(b);
  try {
    const names = [...fa.tensors.keys()].sort();
    if (names.join() !== [...fb.tensors.keys()].sort().join()) throw new Error(`${a} and ${b} hold different tensors`);
    let diff = 0;
    for (const n of names) {
      const x = fa.readFloat32(n);
      const y = fb.readFloat32(n);
      for (let i = 0; i < x.length; i++) diff = Math.max(diff, Math.abs(x[i]! - y[i]!));
    }
    return { diff, tensors: names.length };
  } finally {
    fa.close();
    fb.close();
  }
}

export interface StepRecord {
  stage: string;
  epoch: number;
  step: number;
  steps: number;
  loss: number;
  end?: boolean;
}

export function progressOf(runDir: string): StepRecord[] {
  return readFileSync(path.join(runDir, 'progress.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as StepRecord);
}

export const MODEL_FILES = ['teacher/model.safetensors', 'teacher/evaluator/model.safetensors', 'student/model.safetensors'];
