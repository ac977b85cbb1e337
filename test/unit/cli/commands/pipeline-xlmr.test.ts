// The whole pipeline on the tiny XLM-R checkpoint (test/fixtures/pretrained/xlm-roberta): teacher
// on English, student distilled on Spanish text, both scored, then the student tags text; the
// saved models carry the SentencePiece tokenizer files with them.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIn, tinyPipeline } from '../helpers.js';
import { tinyConll } from '../../../support/corpus.js';

const XLMR = resolve(__dirname, '../../../fixtures/pretrained/xlm-roberta');

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crosstag-xlmr-pipeline-'));
  writeFileSync(join(dir, 'source.conll'), tinyConll(12, 0, 'went'));
  writeFileSync(join(dir, 'dev.conll'), tinyConll(6, 2, 'fue', 'a'));
  writeFileSync(join(dir, 'target.txt'), 'Dora fue a Oslo\nEmil fue a Lima\nChen fue a Quito\nAlice fue a Rome\nJosé visitó Málaga\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crosstag pipeline with an XLM-R encoder', () => {
  it('trains teacher and student, scores both, and the student tags text', async () => {
    const r = await runIn(dir, ...tinyPipeline('runs', 2), '--encoder', `xlm-roberta:${XLMR}#freeze=1`, '--json', '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Record<string, unknown>;
    for (const key of ['teacher_f1', 'student_f1']) expect(typeof report[key], key).toBe('number');
    for (const model of ['teacher', 'student']) {
      const saved = JSON.parse(readFileSync(join(dir, 'runs', model, 'config.json'), 'utf8')) as { encoder: Record<string, unknown> };
      expect(saved.encoder).toMatchObject({ kind: 'xlm-roberta', dir: 'encoder', freezeLayers: 1, source: XLMR });
      for (const f of ['config.json', 'tokenizer.json', 'sentencepiece.bpe.model', 'special_tokens_map.json'])
        expect(existsSync(join(dir, 'runs', model, 'encoder', f)), `${model}/encoder/${f}`).toBe(true);
    }
    const tagged = await runIn(
      dir,
      'predict',
      '--model',
      join('runs', 'student'),
      '--in',
      'target.txt',
      '--out',
      'tagged.conll',
      '--quiet',
    );
    expect(tagged.code).toBe(0);
    const sentences = readFileSync(join(dir, 'tagged.conll'), 'utf8').trim().split('\n\n');
    expect(sentences).toHaveLength(5);
    expect(sentences[4]!.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['José', 'visitó', 'Málaga']);
    const text = await runIn(dir, 'predict', '--model', join('runs', 'student'), '--text', 'Emil fue a Lima', '--quiet');
    expect(text.code).toBe(0);
    expect(
      text.out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(['Emil', 'fue', 'a', 'Lima']);
  }, 300_000);
});
