// What the CLI tests share: running the CLI in a folder and capturing its output, the tiny
// pipeline's arguments, and a saved model's vocabulary (the corpora are test/support/corpus.ts's).

import { join } from 'node:path';
import { runCli } from '../../../src-main/cli/index.js';
import { loadModel } from '../../../src-main/core/ml/index.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `crosstag argv…` in `cwd`, as the binary would, with stdout and stderr captured. */
export async function runIn(cwd: string, ...argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd });
  return { code, out, err };
}

/**
 * `crosstag pipeline` on the files the CLI test folders hold (source.conll, target.txt, and
 * dev.conll as both dev and test), one evaluator and one student epoch, writing to `out`.
 */
export function tinyPipeline(out: string, epochs: number): string[] {
  return [
    'pipeline',
    '--source',
    'source.conll',
    '--target',
    'target.txt',
    '--target-dev',
    'dev.conll',
    '--target-test',
    'dev.conll',
    '--out',
    out,
    '--epochs',
    String(epochs),
    '--evaluator-epochs',
    '1',
    '--student-epochs',
    '1',
  ];
}

/** The vocabulary of the model saved in `dir/folder`. */
export function vocabOf(dir: string, folder: string): string[] {
  const model = loadModel(join(dir, folder));
  const words = model.spec.vocab.words;
  model.dispose();
  return words;
}
