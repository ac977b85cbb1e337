// What the CLI tests share: running the CLI in a folder and capturing its output, and the tiny
// tagged corpora the ML commands train on.

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

const PEOPLE = ['Alice', 'Bruno', 'Chen', 'Dora', 'Emil'];
const PLACES = ['Paris', 'Lima', 'Oslo', 'Rome', 'Quito'];

/** `count` CoNLL sentences "<person> <verb> <to> <place>", people and places rotated by `shift`. */
export function tinyConll(count: number, shift: number, verb: string, to = 'to', place = 'B-LOC'): string {
  const lines: string[] = [];
  for (let k = 0; k < count; k++)
    lines.push(`${PEOPLE[(k + shift) % 5]} B-PER`, `${verb} O`, `${to} O`, `${PLACES[(k * 3 + shift) % 5]} ${place}`, '');
  return lines.join('\n');
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
