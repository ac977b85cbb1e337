import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIn, tinyPipeline } from '../helpers.js';
import { tinyConll } from '../../../support/corpus.js';
import { evaluate } from '../../../../src-main/core/eval/index.js';
import { readCorpus, spansToTags } from '../../../../src-main/core/formats/index.js';
import { loadModel } from '../../../../src-main/core/ml/index.js';
import { expectNoLeak } from '../../../support/leaks.js';

let dir = '';

const run = (...argv: string[]) => runIn(dir, ...argv);

function tagsOf(file: string): string[][] {
  const corpus = readCorpus(readFileSync(join(dir, file)), { file });
  return corpus.documents.flatMap((d) => d.sentences.map((s) => spansToTags(s.spans ?? [], s.tokens.length, 'iob2')));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crosstag-ml-cli-'));
  writeFileSync(join(dir, 'source.conll'), tinyConll(30, 0, 'went'));
  writeFileSync(join(dir, 'dev.conll'), tinyConll(6, 2, 'went'));
  writeFileSync(join(dir, 'target.txt'), 'Dora went to Oslo\nEmil went to Lima\nChen went to Quito\nAlice went to Rome\n');
  writeFileSync(join(dir, 'untagged.conll'), 'Dora\nwent\n\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crosstag train-teacher, distill, predict', () => {
  it('trains, distils and predicts end to end through model folders', async () => {
    const teacher = await run(
      'train-teacher',
      '--source',
      'source.conll',
      '--select-on',
      'dev.conll',
      '--out',
      'teacher',
      '--epochs',
      '6',
      '--evaluator-epochs',
      '1',
      '--seed',
      '2',
      '--lr',
      '0.01',
      '--quiet',
      '--json',
    );
    expect(teacher.err).toBe('');
    expect(teacher.code).toBe(0);
    const summary = JSON.parse(teacher.out);
    expect(summary.labels).toEqual(['O', 'B-LOC', 'I-LOC', 'B-PER', 'I-PER']);
    expect(summary.stages[0].selectedOn).toBe('dev.conll');
    // --epochs and --evaluator-epochs reach the recognizer and evaluator stages.
    expect(summary.stages.map((st: { stage: string; epochs: number }) => [st.stage, st.epochs])).toEqual([
      ['teacher-recognizer', 6],
      ['teacher-evaluator', 1],
    ]);
    expect(existsSync(join(dir, 'teacher', 'weights.bin'))).toBe(true);
    await expectNoLeak(async () => {
      const student = await run(
        'distill',
        '--teacher',
        'teacher',
        '--target',
        'target.txt',
        '--out',
        'student',
        '--epochs',
        '1',
        '--no-beta',
        '--quiet',
        '--json',
      );
      expect(student.code).toBe(0);
      expect(JSON.parse(student.out).weights).toEqual({ alpha: true, beta: false, gamma: true });

      const predicted = await run('predict', '--model', 'student', '--in', 'dev.conll', '--out', 'pred.conll', '--quiet');
      expect(predicted).toEqual({ code: 0, out: '', err: '' });
      const report = evaluate(tagsOf('dev.conll'), tagsOf('pred.conll'));
      expect(report.f1).toBeGreaterThan(0.5);
      // Teacher and student as an ensemble: their mean probabilities, decoded once.
      expect(
        await run('predict', '--model', 'teacher', '--model', 'student', '--in', 'dev.conll', '--out', 'both.conll', '--quiet'),
      ).toEqual({ code: 0, out: '', err: '' });
      expect(tagsOf('both.conll')).toHaveLength(tagsOf('dev.conll').length);
      // Type harmonisation with a gazetteer that calls every place a person, five times over: the
      // places the student tags become people, and nothing else changes.
      writeFileSync(
        join(dir, 'gazetteer.conll'),
        ['Paris', 'Lima', 'Oslo', 'Rome', 'Quito'].flatMap((name) => Array<string>(5).fill(`${name} B-PER\n`)).join('\n'),
      );
      expect(await run('predict', '--model', 'student', '--in', 'dev.conll', '--out', 'plain.conll', '--quiet')).toEqual({
        code: 0,
        out: '',
        err: '',
      });
      expect(
        await run(
          'predict',
          '--model',
          'student',
          '--in',
          'dev.conll',
          '--out',
          'typed.conll',
          '--quiet',
          '--consistent-types',
          '--gazetteer',
          'gazetteer.conll',
        ),
      ).toEqual({ code: 0, out: '', err: '' });
      const plain = tagsOf('plain.conll');
      const words = readCorpus(readFileSync(join(dir, 'dev.conll')), { file: 'dev.conll' }).documents.flatMap((d) =>
        d.sentences.map((s) => s.tokens.map((t) => s.text.slice(t.start, t.end))),
      );
      const isPlace = (i: number, t: number) => ['Paris', 'Lima', 'Oslo', 'Rome', 'Quito'].includes(words[i]![t]!);
      expect(plain.some((tags, i) => tags.some((tag, t) => tag === 'B-LOC' && tags[t + 1] !== 'I-LOC' && isPlace(i, t)))).toBe(true);
      // A one-token place tagged LOC becomes PER; every other tag stays as it was.
      const want = plain.map((tags, i) =>
        tags.map((tag, t) => (tag === 'B-LOC' && tags[t + 1] !== 'I-LOC' && isPlace(i, t) ? 'B-PER' : tag)),
      );
      expect(tagsOf('typed.conll')).toEqual(want);
    });
  });

  it('fails in one line on bad input and options', async () => {
    expect(await run('train-teacher', '--source', 'untagged.conll', '--out', 'x', '--quiet')).toMatchObject({
      code: 1,
      err: 'crosstag: untagged.conll:1: sentence has no tags; --source needs a labelled file\n',
    });
    expect((await run('train-teacher', '--source', 'source.conll', '--out', 'x', '--epochs', 'two')).err).toBe(
      'crosstag: --epochs must be an integer of at least 1, not "two"\n',
    );
    expect((await run('train-teacher', '--source', 'source.conll', '--out', 'x', '--encoder', 'huge')).err).toMatch(
      /^crosstag: unknown encoder "huge"/,
    );
    expect((await run('train-teacher', '--source', 'source.conll', '--out', 'x', '--backend', 'metal')).err).toMatch(
      /^crosstag: unknown backend "metal"/,
    );
    expect((await run('distill', '--teacher', 'nowhere', '--target', 'target.txt', '--out', 'x', '--quiet')).err).toMatch(
      /^crosstag: .*nowhere\/config\.json: not found/,
    );
    expect((await run('distill', '--teacher', 'teacher', '--target', 'target.txt', '--out', 'x', '--kd', 'js')).err).toBe(
      'crosstag: --kd must be mse or kl, not "js"\n',
    );
    expect((await run('predict', '--model', 'teacher', '--in', 'missing.txt', '--out', 'p.conll')).err).toBe(
      'crosstag: cannot read missing.txt: no such file or directory\n',
    );
    expect((await run('predict', '--model', 'teacher', '--in', 'dev.conll', '--out', 'x', '--gazetteer', 'dev.conll')).err).toBe(
      'crosstag: --gazetteer needs type harmonisation, which is off\n',
    );
    expect(
      (await run('predict', '--model', 'teacher', '--in', 'dev.conll', '--out', 'x', '--consistent-types', '--gazetteer', 'untagged.conll'))
        .err,
    ).toBe('crosstag: untagged.conll:1: sentence has no tags; --gazetteer needs a labelled file\n');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});

describe('crosstag --batch-size', () => {
  it('trains on batches of the size asked for, and refuses one below 1', async () => {
    const r = await run(
      'train-teacher',
      '--source',
      'source.conll',
      '--out',
      'batch-1',
      '--epochs',
      '1',
      '--evaluator-epochs',
      '0',
      '--batch-size',
      '1',
    );
    expect(r.code, r.err).toBe(0);
    // 30 source sentences, one per batch.
    expect(r.err).toMatch(/teacher-recognizer epoch 1\/1 step 30\/30 /);
    expect((await run('train-teacher', '--source', 'source.conll', '--out', 'x', '--batch-size', '0')).err).toBe(
      'crosstag: --batch-size must be an integer of at least 1, not "0"\n',
    );
  });
});

describe('crosstag pipeline', () => {
  it('prints one JSON object with both scores, the backend, speeds and wall time', async () => {
    const r = await run(...tinyPipeline('pipe', 2), '--kd', '--no-consistent-types', '--quiet', '--json');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!);
    for (const key of ['teacher_f1', 'student_f1']) {
      expect(result[key]).toBeGreaterThanOrEqual(0);
      expect(result[key]).toBeLessThanOrEqual(1);
    }
    expect(result.kd).toBe('mse');
    expect(result.batch_size).toBe(32);
    expect(typeof result.backend).toBe('string');
    expect(result.recognizer_tok_s).toBeGreaterThan(0);
    expect(result.evaluator_tok_s).toBeGreaterThan(0);
    expect(result.student_tok_s).toBeGreaterThan(0);
    expect(result.wall_s).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'pipe', 'teacher', 'config.json'))).toBe(true);
    expect(existsSync(join(dir, 'pipe', 'student', 'config.json'))).toBe(true);
    expect(result.teacher_f1_consistent).toBeNull();
    expect(result.consistent_types).toBeNull();
  });

  it('reports typed precision and recall and the untyped span scores of both models, and how the target text writes case', async () => {
    const r = await run(...tinyPipeline('pipe-spans', 2), '--no-consistent-types', '--quiet', '--json');
    expect(r.err).toBe('');
    const result = JSON.parse(r.out);
    for (const model of ['teacher', 'student']) {
      const f1 = (p: number, q: number) => (p + q === 0 ? 0 : (2 * p * q) / (p + q));
      expect(result[`${model}_f1`]).toBeCloseTo(f1(result[`${model}_precision`], result[`${model}_recall`]), 12);
      expect(result[`${model}_span_f1`]).toBeCloseTo(f1(result[`${model}_span_precision`], result[`${model}_span_recall`]), 12);
      // A typed hit is a span hit too, over the same predicted and gold entities.
      expect(result[`${model}_span_precision`]).toBeGreaterThanOrEqual(result[`${model}_precision`]);
      expect(result[`${model}_span_recall`]).toBeGreaterThanOrEqual(result[`${model}_recall`]);
    }
    // Four target sentences are too few to tell a convention: the source's casing stays.
    expect(result.target_casing).toMatchObject({ convention: 'unknown', casing: 'source', casedShare: 1, sentenceStartsCapitalised: 1 });
    const off = JSON.parse((await run(...tinyPipeline('pipe-no-casing', 1), '--no-target-casing', '--quiet', '--json')).out);
    expect(off.target_casing).toMatchObject({ casing: 'source', recasedWords: 0 });
  });

  it('by default distils towards harmonised types and scores both ways', async () => {
    const r = await run(...tinyPipeline('pipe-types', 2), '--quiet', '--json');
    expect(r.err).toBe('');
    const result = JSON.parse(r.out);
    for (const key of ['teacher_f1_consistent', 'student_f1_consistent']) {
      expect(result[key]).toBeGreaterThanOrEqual(0);
      expect(result[key]).toBeLessThanOrEqual(1);
    }
    // The gazetteer defaults to the --source sentences.
    expect(result.consistent_types).toEqual({ gazetteer_sentences: 30 });
    const student = loadModel(join(dir, 'pipe-types', 'student'));
    try {
      expect(student.summary?.options['types']).toMatchObject({ gazetteer: 30 });
    } finally {
      student.dispose();
    }
  });
});
