import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIn } from '../helpers.js';

const FIXTURES = resolve(__dirname, '../../../fixtures/bert');
const PRETRAINED = resolve(__dirname, '../../../fixtures/pretrained');
interface Sentence {
  text: string;
  tokens: string[];
  ids: number[];
  hidden: number[][];
}
const bert = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as { models: Record<string, { sentences: Sentence[] }> };
const pretrained = JSON.parse(readFileSync(join(PRETRAINED, 'expected.json'), 'utf8')) as Record<string, { sentences: Sentence[] }>;
const FOLDERS: [string, Sentence[]][] = [
  [join(FIXTURES, 'tiny'), bert.models['tiny']!.sentences],
  [join(FIXTURES, 'tiny-f16'), bert.models['tiny-f16']!.sentences],
  [join(PRETRAINED, 'xlm-roberta'), pretrained['xlm-roberta']!.sentences],
  [join(PRETRAINED, 'distilbert'), pretrained['distilbert']!.sentences],
];

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crosstag-embed-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runIn;

function maxDiff(a: number[][], b: number[][]): number {
  return Math.max(...a.flatMap((row, i) => row.map((x, d) => Math.abs(x - b[i]![d]!))));
}

describe('crosstag embed', () => {
  it.each(FOLDERS)(
    'gives the reference tokens, ids and last hidden states of %s (accents, CJK, Arabic, punctuation)',
    async (folder, sentences) => {
      for (const s of sentences) {
        const r = await run(dir, 'embed', '--model', folder, '--text', s.text, '--json');
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        const got = JSON.parse(r.out) as { tokens: string[]; ids: number[]; hidden: number[][] };
        expect(Object.keys(got)).toEqual(['tokens', 'ids', 'hidden']);
        expect(got.tokens, s.text).toEqual(s.tokens);
        expect(got.ids, s.text).toEqual(s.ids);
        expect(got.hidden).toHaveLength(s.tokens.length);
        expect(maxDiff(got.hidden, s.hidden), s.text).toBeLessThan(1e-4);
      }
    },
  );

  it('prints a short table without --json', async () => {
    const r = await run(FIXTURES, 'embed', '--model', 'tiny', '--text', 'John Smith');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['[CLS]', 'John', 'Smith', '[SEP]', '4']);
    expect(lines.at(-1)).toBe('4 tokens x 32 values');
    expect(r.err).toMatch(/^crosstag: backend \S+ \(/);
  });

  it('fails with the file and reason for a folder that is not a checkpoint it can run, or a text too long', async () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'gpt2' }));
    const bad = await run(dir, 'embed', '--model', '.', '--text', 'x', '--json');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /^crosstag: .*config\.json: model_type "gpt2" is not supported \(supported: bert, distilbert, roberta, xlm-roberta\)/,
    );
    const long = await run(FIXTURES, 'embed', '--model', 'tiny', '--text', 'John '.repeat(70), '--json');
    expect(long.code).toBe(1);
    expect(long.err).toMatch(/the text is 72 tokens long with the special tokens; .*tiny takes at most 64/);
  });
});

describe('crosstag train-teacher and distill with a bert encoder', () => {
  it('fine-tunes the checkpoint as teacher and student and tags text with the result', async () => {
    const lines: string[] = [];
    const people = ['John', 'José', 'García', 'محمد'];
    const places = ['Paris', 'Madrid', 'Köln', 'القاهرة'];
    for (let k = 0; k < 12; k++) lines.push(`${people[k % 4]} B-PER`, 'lives O', 'in O', `${places[(k * 3) % 4]} B-LOC`, '');
    writeFileSync(join(dir, 'source.conll'), lines.join('\n'));
    writeFileSync(join(dir, 'target.txt'), 'José lives in Paris\nمحمد يعيش في مصر\nJohn visitó Málaga\n');
    const encoder = `bert:${join(FIXTURES, 'tiny')}#freeze=1,max-length=8`;
    const teacher = await run(
      dir,
      'train-teacher',
      '--source',
      'source.conll',
      '--out',
      'teacher',
      '--encoder',
      encoder,
      '--epochs',
      '2',
      '--evaluator-epochs',
      '1',
      '--lr',
      '0.003',
      '--quiet',
      '--json',
    );
    expect(teacher.err).toBe('');
    expect(teacher.code).toBe(0);
    expect(existsSync(join(dir, 'teacher', 'encoder', 'vocab.txt'))).toBe(true);
    const saved = JSON.parse(readFileSync(join(dir, 'teacher', 'config.json'), 'utf8')) as { encoder: Record<string, unknown> };
    expect(saved.encoder).toMatchObject({ kind: 'bert', dir: 'encoder', freezeLayers: 1, maxLength: 8 });
    const student = await run(
      dir,
      'distill',
      '--teacher',
      'teacher',
      '--target',
      'target.txt',
      '--out',
      'student',
      '--epochs',
      '1',
      '--lr',
      '0.001',
      '--quiet',
    );
    expect(student.err).toBe('');
    expect(student.code).toBe(0);
    const predicted = await run(dir, 'predict', '--model', 'student', '--in', 'target.txt', '--out', 'tagged.conll', '--quiet');
    expect(predicted.code).toBe(0);
    const tagged = readFileSync(join(dir, 'tagged.conll'), 'utf8').trim().split('\n\n');
    expect(tagged).toHaveLength(3);
    expect(tagged[1]!.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['محمد', 'يعيش', 'في', 'مصر']);
  });
});
