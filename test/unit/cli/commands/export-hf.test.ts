// `crosstag export-hf` and `predict --text --json`: a teacher trained on each tiny checkpoint,
// exported as a Hugging Face token-classification folder, gives in an independent PyTorch
// forward of that folder (test/fixtures/pretrained/hf_token_classification.py) the per-word label
// probabilities `predict --json` prints; and `predict` reads the exported folder back.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIn } from '../helpers.js';
import { tinyConll } from '../../../support/corpus.js';

const FIXTURES = resolve(__dirname, '../../../fixtures');
const SCRIPT = join(FIXTURES, 'pretrained', 'hf_token_classification.py');
const PYTHON = '/usr/bin/python3';
/** The reference must not leave __pycache__ folders in the fixtures. */
const PYTHON_ENV = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
const CHECKPOINTS = [
  ['bert', join(FIXTURES, 'bert', 'tiny')],
  ['xlm-roberta', join(FIXTURES, 'pretrained', 'xlm-roberta')],
  ['distilbert', join(FIXTURES, 'pretrained', 'distilbert')],
] as const;
const TEXTS = ['José García visitó Málaga, España.', 'Alice went to Paris', '北京大学 في القاهرة'];

/** Why the reference cannot run here for a checkpoint kind, or null when it can: /usr/bin/python3 with
 * torch (and numpy), and sentencepiece for XLM-R's tokenizer. */
function missingReference(): (kind: string) => string | null {
  if (!existsSync(PYTHON)) return () => `${PYTHON} is missing`;
  const can = (modules: string) => spawnSync(PYTHON, ['-c', `import ${modules}`], { encoding: 'utf8', env: PYTHON_ENV }).status === 0;
  const torch = can('torch, numpy') ? null : `${PYTHON} cannot import torch and numpy`;
  const spm = can('sentencepiece') ? null : `${PYTHON} cannot import sentencepiece`;
  return (kind) => torch ?? (kind === 'xlm-roberta' ? spm : null);
}

const missing = missingReference();
for (const [kind] of CHECKPOINTS) {
  const reason = missing(kind);
  // Loud on purpose: CI installs python3-torch and python3-sentencepiece, so this should not happen there.
  if (reason)
    console.warn(
      `\n*** export-hf parity against PyTorch for ${kind} SKIPPED: ${reason} (apt-get install python3-torch python3-sentencepiece) ***\n`,
    );
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crosstag-export-hf-'));
  writeFileSync(join(dir, 'source.conll'), [tinyConll(10, 0, 'went'), tinyConll(6, 2, 'visitó', 'a')].join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Prediction {
  words: string[];
  labels: string[];
  probabilities: number[][];
  tags: string[];
}

async function predictJson(model: string, text: string): Promise<Prediction> {
  const r = await runIn(dir, 'predict', '--model', model, '--text', text, '--json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Prediction;
}

function maxDiff(a: number[][], b: number[][]): number {
  expect(a.map((r) => r.length)).toEqual(b.map((r) => r.length));
  return Math.max(...a.flatMap((row, i) => row.map((x, k) => Math.abs(x - b[i]![k]!))));
}

describe.each(CHECKPOINTS)('a teacher on the tiny %s checkpoint', (kind, checkpoint) => {
  const teacher = `teacher-${kind}`;
  const exported = `hf-${kind}`;

  beforeAll(async () => {
    const trained = await runIn(
      dir,
      'train-teacher',
      '--source',
      'source.conll',
      '--out',
      teacher,
      '--encoder',
      `${kind}:${checkpoint}`,
      '--epochs',
      '2',
      '--evaluator-epochs',
      '0',
      '--lr',
      '0.003',
      '--quiet',
    );
    expect(trained.err).toBe('');
    expect(trained.code).toBe(0);
    const r = await runIn(dir, 'export-hf', '--model', teacher, '--out', exported, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);

  it('is exported as a token-classification folder with its tokenizer files', () => {
    const files = readdirSync(join(dir, exported)).sort();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'config.json', 'model.safetensors', 'tokenizer_config.json']));
    expect(files.some((f) => f === 'tokenizer.json' || f === 'vocab.txt')).toBe(true);
    if (kind === 'xlm-roberta') expect(files).toContain('sentencepiece.bpe.model');
    const config = JSON.parse(readFileSync(join(dir, exported, 'config.json'), 'utf8')) as Record<string, unknown>;
    const labels = ['O', 'B-LOC', 'I-LOC', 'B-PER', 'I-PER'];
    expect(config['model_type']).toBe(kind);
    expect(config['id2label']).toEqual(Object.fromEntries(labels.map((l, i) => [String(i), l])));
    expect(config['label2id']).toEqual(Object.fromEntries(labels.map((l, i) => [l, i])));
  });

  it.skipIf(missing(kind) !== null)(
    `gives in an independent PyTorch forward the per-word probabilities predict --json prints${missing(kind) ? ` (SKIPPED: ${missing(kind)})` : ''}`,
    async () => {
      const ours = await Promise.all(TEXTS.map((t) => predictJson(teacher, t)));
      const ref = spawnSync(PYTHON, [SCRIPT, join(dir, exported)], {
        input: JSON.stringify(ours.map((p) => p.words)),
        encoding: 'utf8',
        env: PYTHON_ENV,
      });
      expect(ref.stderr).toBe('');
      expect(ref.status).toBe(0);
      const torch = JSON.parse(ref.stdout) as { labels: string[]; probabilities: number[][][] };
      expect(torch.labels).toEqual(ours[0]!.labels);
      ours.forEach((p, i) => expect(maxDiff(p.probabilities, torch.probabilities[i]!), TEXTS[i]).toBeLessThan(1e-4));
      // Not a uniform head: the teacher learned something the reference has to reproduce.
      expect(Math.max(...ours[1]!.probabilities.flat())).toBeGreaterThan(0.5);
    },
    60_000,
  );

  it('reads the exported folder back with predict, giving the same probabilities', async () => {
    for (const text of TEXTS) {
      const original = await predictJson(teacher, text);
      const reread = await predictJson(exported, text);
      expect(reread.words).toEqual(original.words);
      expect(reread.tags).toEqual(original.tags);
      expect(maxDiff(reread.probabilities, original.probabilities)).toBeLessThan(1e-5);
    }
  });
});

describe('export-hf and predict --text refusals', () => {
  it('refuses a small-encoder model with a clear message and writes nothing', async () => {
    const trained = await runIn(dir, 'train-teacher', '--source', 'source.conll', '--out', 'small', '--epochs', '1', '--quiet');
    expect(trained.code).toBe(0);
    const r = await runIn(dir, 'export-hf', '--model', 'small', '--out', 'hf-small');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /a model with the small encoder cannot be exported as a Hugging Face checkpoint: transformers has no such architecture/,
    );
    expect(existsSync(join(dir, 'hf-small'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  }, 60_000);

  it('refuses an export into a folder that is not empty, and predict without --in/--out or --text', async () => {
    writeFileSync(join(dir, 'taken.txt'), 'x');
    const taken = await runIn(dir, 'export-hf', '--model', 'teacher-bert', '--out', '.');
    expect(taken.code).toBe(1);
    expect(taken.err).toMatch(/already exists and is not an empty folder/);
    const none = await runIn(dir, 'predict', '--model', 'teacher-bert');
    expect(none.err).toBe('crosstag: predict needs --in and --out, or --text\n');
    const both = await runIn(dir, 'predict', '--model', 'teacher-bert', '--text', 'x', '--in', 'source.conll', '--out', 'o.conll');
    expect(both.err).toBe('crosstag: give either --text or --in and --out, not both\n');
  });
});
