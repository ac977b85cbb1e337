// `crosstag export-run`: a project's training run as a bundle for the PyTorch trainer, with the
// project's sentences, dictionaries and the engine's defaults; bad options and bad encoder folders
// are refused naming the reason, and nothing is left half-written.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADAM_DEFAULTS,
  STUDENT_SCHEDULE,
  TEACHER_DEFAULTS,
  TEACHER_SCHEDULE,
  TYPE_VOTE_DEFAULTS,
} from '../../../../src-main/core/ml/index.js';
import { openStore } from '../../../../src-main/core/store/index.js';
import { BERT_PROJECT, bertCorpus, conll, createBertProject, TINY_BERT } from '../../../support/bert-corpus.js';
import { runIn } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');
const TINY = join(ROOT, TINY_BERT);
const ENCODER = `bert:${TINY}`;
let dir = '';
const run = (...argv: string[]) => runIn(dir, ...argv);
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crosstag-export-run-'));
  await createBertProject(dir, run);
  const store = openStore(join(dir, 'p.sqlite'));
  try {
    const pairs = [
      ['lives', 'vive'],
      ['the', 'el'],
      ['the', 'la'],
      ['in', 'en'],
    ].map(([source, target]) => ({ source: source!, target: target! }));
    store.dictionaries.import({ name: 'en-es', srcLang: 'en', tgtLang: 'es' }, pairs);
  } finally {
    store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crosstag export-run', () => {
  it("writes the project's run with the engine's defaults, the data as HF JSONL, word pieces, the trainer and the encoder", async () => {
    const r = await run(
      'export-run',
      '--db',
      'p.sqlite',
      '--out',
      'bundle',
      '--target-lang',
      'es',
      '--encoder',
      ENCODER,
      '--dictionary',
      'en-es',
      '--student-epochs',
      '1',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as {
      dir: string;
      sentences: Record<string, number>;
      pieces: boolean;
      commands: Record<string, string>;
    };
    const b = join(dir, 'bundle');
    expect(report.dir).toBe(b);
    expect(report.sentences).toEqual({ source: 24, target: 16, dev: 8, links: 0 });
    expect(report.commands['importBack']).toBe(`crosstag import-model run/student --db ${JSON.stringify(join(dir, 'p.sqlite'))}`);

    const runJson = JSON.parse(readFileSync(join(b, 'run.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(runJson['format']).toBe('crosstag-run-bundle');
    expect(runJson['teacher']).toEqual({ ...TEACHER_DEFAULTS, ...TEACHER_SCHEDULE });
    expect(runJson['student']).toEqual({
      epochs: 1,
      ...STUDENT_SCHEDULE,
      alpha: true,
      beta: true,
      gamma: true,
      kd: false,
      fromScratch: false,
      consistentTypes: true,
      typeVotes: { ...TYPE_VOTE_DEFAULTS },
    });
    const { beta1, beta2, eps, clipNorm } = ADAM_DEFAULTS;
    expect(runJson['optimizer']).toEqual({ beta1, beta2, eps, clipNorm });
    expect(runJson['seed']).toBe(1);
    expect(runJson['batchSize']).toBe(32);
    expect(runJson['selectOn']).toBe('target-dev');
    expect(runJson['codeSwitch']).toEqual({ dictionary: 'data/dictionaries/1.jsonl', p: 0.6, keepNames: false, mode: 'dynamic' });
    expect(runJson['encoder']).toMatchObject({
      name: ENCODER,
      kind: 'bert',
      modelType: 'bert',
      path: 'encoder',
      source: TINY,
      maxLength: 64,
      stride: 31,
    });
    const vocabIds = readFileSync(join(TINY, 'vocab.txt'), 'utf8').split('\n');
    expect(runJson['pieces']).toEqual({
      file: 'data/word_pieces.jsonl',
      tokenizer: 'WordPiece',
      prefix: [vocabIds.indexOf('[CLS]')],
      suffix: [vocabIds.indexOf('[SEP]')],
      pad: vocabIds.indexOf('[PAD]'),
      unk: vocabIds.indexOf('[UNK]'),
    });

    // ner_tags index the dataset's label list; the sentences are the project's.
    const labels = (JSON.parse(readFileSync(join(b, 'data', 'dataset_info.json'), 'utf8')) as { labels: string[] }).labels;
    expect(labels).toEqual(['O', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-PER', 'I-PER']);
    const source = lines(join(b, 'data', 'source.jsonl')) as { tokens: string[]; ner_tags: number[] }[];
    expect(source.map((s) => ({ tokens: s.tokens, tags: s.ner_tags.map((i) => labels[i]) }))).toEqual(BERT_PROJECT.train);
    expect((lines(join(b, 'data', 'target.jsonl')) as { tokens: string[] }[]).map((s) => s.tokens)).toEqual(
      BERT_PROJECT.target.map((s) => s.tokens),
    );
    expect(lines(join(b, 'data', 'dictionaries', '1.jsonl'))).toEqual(
      expect.arrayContaining([
        ['the', ['el', 'la']],
        ['lives', ['vive']],
      ]),
    );

    // Every word the trainer can meet has its pieces, the code-switched ones (cased as they would appear) too.
    const pieces = new Map(lines(join(b, 'data', 'word_pieces.jsonl')) as [string, number[]][]);
    for (const s of [...BERT_PROJECT.train, ...BERT_PROJECT.dev, ...BERT_PROJECT.target])
      for (const w of s.tokens) expect(pieces.has(w), w).toBe(true);
    for (const w of ['vive', 'el', 'la', 'en']) expect(pieces.has(w), w).toBe(true);
    const vocab = readFileSync(join(TINY, 'vocab.txt'), 'utf8').split('\n');
    expect(pieces.get('Paris')).toEqual([vocab.indexOf('Paris')]);

    // The trainer as shipped, and the checkpoint (hard-linked where the file system allows).
    expect(readFileSync(join(b, 'train.py'), 'utf8')).toBe(readFileSync(join(ROOT, 'resources', 'trainer', 'train.py'), 'utf8'));
    const pkg = readdirSync(join(ROOT, 'resources', 'trainer', 'crosstag_trainer')).filter((f) => f.endsWith('.py'));
    expect(readdirSync(join(b, 'crosstag_trainer')).sort()).toEqual(pkg.sort());
    expect(readdirSync(join(b, 'encoder')).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer_config.json', 'vocab.txt']);
    expect(statSync(join(b, 'encoder', 'model.safetensors')).size).toBe(statSync(join(TINY, 'model.safetensors')).size);
    const readme = readFileSync(join(b, 'README.md'), 'utf8');
    for (const c of Object.values(report.commands)) expect(readme).toContain(c);
  });

  it('takes the training options of pipeline', async () => {
    const r = await run(
      'export-run',
      '--db',
      'p.sqlite',
      '--out',
      'options',
      '--target-lang',
      'es',
      '--encoder',
      `${ENCODER}#freeze=1,max-length=32,dropout=0`,
      '--epochs',
      '4',
      '--evaluator-epochs',
      '3',
      '--seed',
      '7',
      '--batch-size',
      '8',
      '--lr',
      '0.01',
      '--no-beta',
      '--kd',
      'kl',
      '--no-consistent-types',
      '--teacher-only',
      '--select-on',
      'source-dev',
      '--no-encoder-copy',
    );
    expect(r.code, r.err).toBe(0);
    const runJson = JSON.parse(readFileSync(join(dir, 'options', 'run.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(runJson['mode']).toBe('teacher');
    expect(runJson['seed']).toBe(7);
    expect(runJson['batchSize']).toBe(8);
    expect(runJson['teacher']).toMatchObject({ epochs: 4, evaluatorEpochs: 3, lr: 0.01 });
    expect(runJson['student']).toMatchObject({ beta: false, kd: 'kl', consistentTypes: false });
    expect(runJson['encoder']).toMatchObject({ path: null, freezeLayers: 1, maxLength: 32, dropout: 0 });
    // No labelled en dev in the project: the run selects on es dev instead, as the app's would.
    expect(runJson['selectOn']).toBe('target-dev');
    expect(existsSync(join(dir, 'options', 'encoder'))).toBe(false);
    expect(readFileSync(join(dir, 'options', 'README.md'), 'utf8')).toContain('The checkpoint folder was not copied');
  });

  it('refuses encoders, folders and options it cannot use, writing nothing', async () => {
    const refuse = async (expected: string, ...args: string[]) => {
      const r = await run('export-run', '--db', 'p.sqlite', '--target-lang', 'es', ...args);
      expect(r.code).toBe(1);
      expect(r.err).toContain(expected);
    };
    await refuse('trains in the app only; the PyTorch trainer takes a pretrained checkpoint folder', '--out', 'x', '--encoder', 'small');
    const noWeights = join(dir, 'no-weights');
    mkdirSync(noWeights);
    for (const f of ['config.json', 'vocab.txt']) copyFileSync(join(TINY, f), join(noWeights, f));
    await refuse(`${noWeights} has no model.safetensors`, '--out', 'x', '--encoder', `bert:${noWeights}`);
    await refuse('no dictionary "nope" in the project (it has: en-es)', '--out', 'x', '--encoder', ENCODER, '--dictionary', 'nope');
    await refuse('--code-switch needs --dictionary', '--out', 'x', '--encoder', ENCODER, '--code-switch', '0.3');
    await refuse('--kd must be mse or kl', '--out', 'x', '--encoder', ENCODER, '--kd', 'l2');
    expect(existsSync(join(dir, 'x'))).toBe(false);
    await refuse('already exists and is not an empty folder', '--out', 'bundle', '--encoder', ENCODER);
    expect(existsSync(join(dir, 'bundle', 'run.json'))).toBe(true);

    // A checkpoint whose vocabulary lacks [CLS] is refused before anything is written.
    const broken = join(dir, 'broken-encoder');
    mkdirSync(broken);
    for (const f of ['config.json', 'model.safetensors']) copyFileSync(join(TINY, f), join(broken, f));
    writeFileSync(join(broken, 'vocab.txt'), '[PAD]\n[UNK]\n[SEP]\nthe\n');
    await refuse('[CLS]', '--out', 'y', '--encoder', `bert:${broken}`);
    // One that fails while the bundle is being written (its weights "file" is a folder, which cannot be
    // copied) leaves no bundle and no partial folder behind.
    const unreadable = join(dir, 'unreadable-encoder');
    mkdirSync(join(unreadable, 'model.safetensors'), { recursive: true });
    for (const f of ['config.json', 'vocab.txt', 'tokenizer_config.json']) copyFileSync(join(TINY, f), join(unreadable, f));
    const r = await run('export-run', '--db', 'p.sqlite', '--target-lang', 'es', '--out', 'z', '--encoder', `bert:${unreadable}`);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(unreadable, 'model.safetensors')}: cannot copy it into the bundle (EISDIR)`);
    expect(readdirSync(dir).filter((f) => f === 'y' || f === 'z' || f.includes('.partial'))).toEqual([]);
  });
  it("writes the source sentences with the target text's letter case, as the app's run trains them", async () => {
    // A target written all in lower case: the app's run lowercases the source sentences, names included.
    const own = mkdtempSync(join(tmpdir(), 'crosstag-export-casing-'));
    try {
      const target = bertCorpus(60, 9).map((s) => ({ tokens: s.tokens.map((t) => t.toLowerCase()), tags: s.tags }));
      writeFileSync(join(own, 'en.conll'), conll(BERT_PROJECT.train));
      writeFileSync(join(own, 'es.conll'), conll(target));
      for (const args of [
        ['project', 'create', 'p.sqlite', '--name', 'lower case', '--labels', 'PER,ORG,LOC'],
        ['project', 'import', 'p.sqlite', 'en.conll', '--lang', 'en', '--split', 'train'],
        ['project', 'import', 'p.sqlite', 'es.conll', '--lang', 'es', '--split', 'unlabelled', '--unlabeled'],
      ]) {
        const made = await runIn(own, ...args);
        expect(made.code, made.err).toBe(0);
      }
      const sourceTokens = (bundle: string) =>
        (lines(join(own, bundle, 'data', 'source.jsonl')) as { tokens: string[] }[]).map((s) => s.tokens);
      const base = ['export-run', '--db', 'p.sqlite', '--target-lang', 'es', '--encoder', ENCODER, '--no-encoder-copy'];
      const cased = await runIn(own, ...base, '--out', 'cased');
      expect(cased.code, cased.err).toBe(0);
      expect(sourceTokens('cased')).toEqual(BERT_PROJECT.train.map((s) => s.tokens.map((t) => t.toLowerCase())));
      const kept = await runIn(own, ...base, '--out', 'kept', '--no-target-casing');
      expect(kept.code, kept.err).toBe(0);
      expect(sourceTokens('kept')).toEqual(BERT_PROJECT.train.map((s) => s.tokens));
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
