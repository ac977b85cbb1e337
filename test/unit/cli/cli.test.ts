import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIn } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let dir = '';

const run = (...argv: string[]) => runIn(dir, ...argv);

const GOLD = ['Ana B-PER', 'Lima I-PER', 'visited O', 'Oslo B-LOC', '', 'The O', 'UN B-ORG', 'met O', 'Bob B-PER', ''].join('\n');
// Right: Ana Lima (PER), UN (ORG). Wrong: Oslo predicted ORG, Bob missed. So 2 of 3 predicted
// entities are right and 2 of 4 gold entities are found.
const PRED = ['Ana B-PER', 'Lima I-PER', 'visited O', 'Oslo B-ORG', '', 'The O', 'UN B-ORG', 'met O', 'Bob O', ''].join('\n');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crosstag-cli-'));
  writeFileSync(join(dir, 'gold.conll'), GOLD);
  writeFileSync(join(dir, 'pred.conll'), PRED);
  writeFileSync(join(dir, 'iob1.conll'), readFileSync(join(ROOT, 'test/fixtures/formats/iob1.conll')));
  writeFileSync(join(dir, 'bad.conll'), 'EU NNP I-NP I-ORG\nrejects VBZ I-VP\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crosstag stats', () => {
  it('prints the counts as JSON, entity types sorted', async () => {
    const r = await run('stats', 'iob1.conll', '--json');
    expect(r).toEqual({
      code: 0,
      out: '{"sentences":3,"tokens":14,"entities":{"LOC":2,"MISC":1,"ORG":1,"PER":1},"scheme":"iob1"}\n',
      err: '',
    });
  });

  it('prints a readable summary without --json', async () => {
    const r = await run('stats', 'gold.conll');
    expect(r.code).toBe(0);
    expect(r.out).toContain('sentences  2 (2 labelled)');
    expect(r.out).toContain('entities   4: LOC 1, ORG 1, PER 2');
  });

  it('fails in one line on bad input, options and commands', async () => {
    expect(await run('stats', 'bad.conll')).toEqual({
      code: 1,
      out: '',
      err: 'crosstag: bad.conll:2: expected 4 columns as on line 1, found 3\n',
    });
    expect(await run('stats', 'missing.conll')).toEqual({
      code: 1,
      out: '',
      err: 'crosstag: cannot read missing.conll: no such file or directory\n',
    });
    expect((await run('stats', 'gold.conll', '--format', 'xml')).err).toBe(
      'crosstag: --format must be one of conll, jsonl, hf, text, labelstudio, labelstudio-min, webanno, not "xml"\n',
    );
    expect(await run('stats')).toMatchObject({ code: 1, err: "crosstag: missing required argument 'file'\n" });
    expect(await run('frobnicate')).toMatchObject({ code: 1, err: "crosstag: unknown command 'frobnicate'\n" });
  });

  it('prints its version and help with exit code 0', async () => {
    expect(await run('--version')).toEqual({ code: 0, out: '0.1.0\n', err: '' });
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/stats \[options\] <file>[\s\S]*convert[\s\S]*eval/);
  });
});

describe('crosstag convert', () => {
  it('converts CoNLL to JSONL and back to CoNLL in another scheme', async () => {
    const toJsonl = await run('convert', 'iob1.conll', 'out.jsonl');
    expect(toJsonl).toEqual({ code: 0, out: 'wrote 3 sentences in 2 documents to out.jsonl (jsonl)\n', err: '' });
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8').split('\n')[0]).toContain('"text":"EU rejects German call ."');
    const toConll = await run('convert', 'out.jsonl', 'out.conll', '--scheme', 'BIOES');
    expect(toConll.out).toBe('wrote 3 sentences in 2 documents to out.conll (conll, bioes)\n');
    expect(readFileSync(join(dir, 'out.conll'), 'utf8')).toContain('Paris S-LOC\nLyon S-LOC\n');
    expect((await run('stats', 'out.conll', '--json')).out).toBe((await run('stats', 'iob1.conll', '--json')).out.replace('iob1', 'bioes'));
  });

  it('keeps the input scheme by default and writes HF on request', async () => {
    await run('convert', 'iob1.conll', 'same.conll');
    expect(readFileSync(join(dir, 'same.conll'), 'utf8')).toContain('Paris I-LOC\nLyon B-LOC\n');
    await run('convert', 'gold.conll', 'hf.jsonl', '--to', 'hf');
    expect(JSON.parse(readFileSync(join(dir, 'hf.jsonl'), 'utf8').split('\n')[0] ?? '')).toMatchObject({
      tokens: ['Ana', 'Lima', 'visited', 'Oslo'],
      ner_tags: ['B-PER', 'I-PER', 'O', 'B-LOC'],
    });
  });

  it('writes nothing when the input is bad', async () => {
    const r = await run('convert', 'bad.conll', 'never.jsonl');
    expect(r.code).toBe(1);
    expect(readdirSync(dir).filter((f) => f.startsWith('never'))).toEqual([]);
    expect((await run('convert', 'gold.conll', 'x.conll', '--scheme', 'bio')).err).toBe(
      'crosstag: --scheme must be one of iob1, iob2, bioes, not "bio"\n',
    );
  });
});

describe('crosstag eval', () => {
  it('prints seqeval-style scores as JSON', async () => {
    const r = await run('eval', '--gold', 'gold.conll', '--pred', 'pred.conll', '--json');
    expect(r.code).toBe(0);
    const p = 2 / 3;
    const rec = 2 / 4;
    expect(JSON.parse(r.out)).toEqual({
      precision: p,
      recall: rec,
      f1: (2 * p * rec) / (p + rec),
      per_type: {
        LOC: { precision: 0, recall: 0, f1: 0, support: 1 },
        ORG: { precision: 0.5, recall: 1, f1: (2 * 0.5 * 1) / 1.5, support: 1 },
        PER: { precision: 1, recall: 0.5, f1: (2 * 1 * 0.5) / 1.5, support: 2 },
      },
      // Oslo's span was found, with the wrong type.
      spans: { precision: 1, recall: 3 / 4, f1: (2 * 1 * 0.75) / 1.75 },
    });
  });

  it('prints a report table without --json', async () => {
    const r = await run('eval', '--gold', 'gold.conll', '--pred', 'pred.conll');
    expect(r.out).toMatch(/micro avg\s+0\.6667\s+0\.5000\s+0\.5714\s+4\n\s+untyped\s+1\.0000\s+0\.7500\s+0\.8571\s+4\n$/);
  });

  it('names the line where the files stop matching', async () => {
    writeFileSync(join(dir, 'short.conll'), GOLD.split('\n').slice(0, 5).join('\n'));
    expect((await run('eval', '--gold', 'gold.conll', '--pred', 'short.conll')).err).toBe(
      'crosstag: gold.conll:6: sentence 2 has no counterpart; gold.conll has 2 sentences and short.conll has 1\n',
    );
    writeFileSync(join(dir, 'fewer.conll'), PRED.replace('Bob O\n', ''));
    expect((await run('eval', '--gold', 'gold.conll', '--pred', 'fewer.conll')).err).toBe(
      'crosstag: fewer.conll:6: sentence 2 has 3 tokens but in gold.conll:6 it has 4\n',
    );
    writeFileSync(join(dir, 'other.conll'), PRED.replace('UN B-ORG', 'EU B-ORG'));
    const other = await run('eval', '--gold', 'gold.conll', '--pred', 'other.conll');
    expect(other).toEqual({ code: 1, out: '', err: 'crosstag: other.conll:7: word "EU" differs from "UN" in gold.conll:7\n' });
    expect((await run('eval', '--gold', 'gold.conll')).err).toBe("crosstag: required option '--pred <file>' not specified\n");
  });
});

describe('crosstag as a process', () => {
  it('runs from its entry file and exits non-zero with one line on bad input', () => {
    const tsx = join(ROOT, 'node_modules/.bin/tsx');
    expect(existsSync(tsx)).toBe(true);
    const ok = spawnSync(tsx, ['src-main/cli/index.ts', 'stats', join(dir, 'gold.conll'), '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ sentences: 2, tokens: 8, entities: { LOC: 1, ORG: 1, PER: 2 }, scheme: 'iob2' });
    const bad = spawnSync(tsx, ['src-main/cli/index.ts', 'stats', join(dir, 'bad.conll')], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([`crosstag: ${join(dir, 'bad.conll')}:2: expected 4 columns as on line 1, found 3`]);
  });

  // The threaded wasm build's allocator spins for ever once its heap cannot grow; the process
  // must end instead, saying why.
  it('ends with code 1 and the reason when the threaded wasm heap cannot grow, instead of hanging', () => {
    const short = ['Ana B-PER', 'visited O', 'Oslo B-LOC', ''];
    const long = Array.from({ length: 800 }, (_, i) => (i % 9 === 0 ? 'Lima B-LOC' : `word${i % 50} O`));
    writeFileSync(join(dir, 'long.conll'), [...short, ...long, '', ...short].join('\n'));
    const argv = ['src-main/cli/index.ts', 'train-teacher', '--source', join(dir, 'long.conll'), '--out', join(dir, 'oom-teacher')];
    const r = spawnSync(
      process.execPath,
      ['--wasm-max-mem-pages=262', '--import', 'tsx', ...argv, '--epochs', '1', '--backend', 'wasm', '--threads', '2'],
      { cwd: ROOT, encoding: 'utf8', timeout: 90_000 },
    );
    expect(r.error, 'the process was stopped by the timeout: it hung').toBeUndefined();
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /^crosstag: out of memory: the WebAssembly heap could not grow beyond 16\.\d MB \(to \d+\.\d MB, on the threaded backend\); try a smaller batch size or model$/m,
    );
    expect(existsSync(join(dir, 'oom-teacher'))).toBe(false);
  }, 120_000);
});
