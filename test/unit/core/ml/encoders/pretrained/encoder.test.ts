import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planWindows } from '../../../../../../src-main/core/ml/encoders/pretrained/windows.js';
import { encoderConfig, encoderName, getTf, initBackend } from '../../../../../../src-main/core/ml/index.js';
import { expectNoLeak } from '../../../../../support/leaks.js';
import { bertEncoder, expected, FIXTURES, fixtureDir, pretrainedDir, pretrainedEncoder } from './fixture.js';

const temp = mkdtempSync(path.join(tmpdir(), 'crosstag-pretrained-encoder-'));

beforeAll(async () => {
  await initBackend();
});

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('planWindows', () => {
  it('keeps a sentence that fits in one window', () => {
    expect(planWindows(5, [0, 2, 4], 5, 2)).toEqual({ windows: [{ start: 0, end: 5 }], choice: [0, 0, 0] });
  });

  it('overlaps windows by `stride` pieces and picks the window with the most context', () => {
    const plan = planWindows(10, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4, 2);
    expect(plan.windows).toEqual([
      { start: 0, end: 4 },
      { start: 2, end: 6 },
      { start: 4, end: 8 },
      { start: 6, end: 10 },
    ]);
    // Piece 2 keeps one piece of right context in [0, 4) but none of left context in [2, 6);
    // piece 3 has none on the right in [0, 4) and one on either side in [2, 6).
    expect(plan.choice).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3, 3]);
  });

  it('covers the end of the sentence even when the step does not divide it', () => {
    const plan = planWindows(11, [0, 5, 10], 4, 1);
    expect(plan.windows.at(-1)).toEqual({ start: 9, end: 11 });
    plan.choice.forEach((k, i) => {
      const p = [0, 5, 10][i]!;
      expect(p >= plan.windows[k]!.start && p < plan.windows[k]!.end).toBe(true);
    });
  });
});

describe('pretrained encoder names', () => {
  it('reads the architecture, the folder and the options after #, and writes them back', () => {
    expect(encoderConfig('xlm-roberta:/m/xlmr#freeze=2')).toEqual({ kind: 'xlm-roberta', dir: '/m/xlmr', freezeLayers: 2 });
    expect(encoderConfig('distilbert:/m/d')).toEqual({ kind: 'distilbert', dir: '/m/d' });
    expect(encoderConfig('roberta:/m/r')).toEqual({ kind: 'roberta', dir: '/m/r' });
    for (const name of ['small', 'small-cnn', 'bert:/m/x', 'xlm-roberta:/m/x#freeze=4,max-length=128,stride=32,dropout=0.2'])
      expect(encoderName(encoderConfig(name))).toBe(name);
    expect(() => encoderConfig('gpt2:/m')).toThrow(
      'unknown encoder "gpt2:/m": expected small, small-transformer, small-cnn, bert:<dir>, xlm-roberta:<dir>, roberta:<dir>, distilbert:<dir>',
    );

    expect(encoderConfig('bert:/m/mbert')).toEqual({ kind: 'bert', dir: '/m/mbert' });
    expect(encoderConfig('bert:C:\\models\\x#freeze=4,max-length=128,stride=32,dropout=0.2')).toEqual({
      kind: 'bert',
      dir: 'C:\\models\\x',
      freezeLayers: 4,
      maxLength: 128,
      stride: 32,
      dropout: 0.2,
    });
  });

  it('refuses unknown or malformed options', () => {
    expect(() => encoderConfig('bert:/m#layers=2')).toThrow(/bad option "layers=2"/);
    for (const name of ['constructor', '__proto__', 'toString'])
      expect(() => encoderConfig(`bert:/m#${name}=1`)).toThrow(`bad option "${name}=1"`);
    expect(() => encoderConfig('bert:/m#freeze=1.5')).toThrow(/bad option "freeze=1.5"/);
    expect(() => encoderConfig('bert:/m#freeze=')).toThrow(/bad option "freeze="/);
    expect(() => encoderConfig('bert:#freeze=1')).toThrow(/expected bert:<checkpoint folder>/);
  });
});

describe('pretrained encoder windows', () => {
  it('takes each word of a long sentence from its chosen window, and short sentences as without windows', async () => {
    const tf = getTf();
    await expectNoLeak(() => {
      const narrow = bertEncoder({ dir: fixtureDir('tiny'), maxLength: 6, stride: 2 });
      const wide = bertEncoder({ dir: fixtureDir('tiny') });
      try {
        const long = ['John', 'Smith', 'lives', 'in', 'New', 'York', 'and', 'José', 'García', 'visitó', 'Málaga', 'en', '1990', '.'];
        const short = ['John', 'lives', 'in', 'Paris'];
        const batch = narrow.batch([long, short]);
        expect(batch.windows.count).toBeGreaterThan(3);
        expect(Math.max(...batch.windows.lengths)).toBeLessThanOrEqual(6);
        const h = tf.tidy(() => narrow.encode(batch, null));
        const got = h.dataSync() as Float32Array;
        h.dispose();
        const D = narrow.dim;
        const T = batch.length;
        const L = batch.windows.length;
        long.forEach((word, t) => {
          // Recompute the word's window on its own and read the row of its first piece.
          const row = batch.rows[t]!;
          const w = Math.floor(row / L);
          const ids = batch.windows.ids.slice(w * L, w * L + batch.windows.lengths[w]!);
          expect(ids[0]).toBe(narrow.tokenizer.prefix[0]);
          expect(ids.at(-1)).toBe(narrow.tokenizer.suffix[0]);
          const alone = tf.tidy(() => narrow.hidden({ count: 1, length: ids.length, lengths: [ids.length], ids }, null));
          const one = alone.dataSync() as Float32Array;
          alone.dispose();
          const pos = row % L;
          expect(ids[pos], word).toBe(narrow.tokenizer.wordIds(word)[0]);
          for (let d = 0; d < D; d++) expect(got[t * D + d]).toBeCloseTo(one[pos * D + d]!, 5);
        });
        const ref = wide.batch([short]);
        const hr = tf.tidy(() => wide.encode(ref, null));
        const want = hr.dataSync() as Float32Array;
        hr.dispose();
        for (let t = 0; t < short.length; t++) for (let d = 0; d < D; d++) expect(got[(T + t) * D + d]).toBeCloseTo(want[t * D + d]!, 5);
      } finally {
        narrow.params.dispose();
        wide.params.dispose();
      }
    });
  });

  it('refuses window settings the checkpoint cannot take', () => {
    expect(() => bertEncoder({ dir: fixtureDir('tiny'), maxLength: 65 })).toThrow(/maxLength must be an integer from 3 to 64, not 65/);
    // XLM-R's 66 positions leave 64 after the padding offset (pad_token_id 1, positions from 2).
    expect(() => pretrainedEncoder('xlm-roberta', { dir: pretrainedDir('xlm-roberta'), maxLength: 65, init: 'none' })).toThrow(
      /maxLength must be an integer from 3 to 64, not 65/,
    );
    expect(() => bertEncoder({ dir: fixtureDir('tiny'), maxLength: 8, stride: 6 })).toThrow(/stride must be an integer from 0 to 5, not 6/);
    expect(() => bertEncoder({ dir: fixtureDir('tiny'), dropout: 1 })).toThrow(/dropout must be in \[0, 1\)/);
  });

  it('defaults to windows as long as the checkpoint allows, sharing half a window at most 128', () => {
    const enc = bertEncoder({ dir: fixtureDir('tiny') });
    try {
      expect(enc.windows).toEqual({ maxLength: 64, stride: 31 });
      expect(enc.rates).toEqual({ hidden: 0.1, attention: 0.1 });
    } finally {
      enc.params.dispose();
    }
  });
});

describe('tokenizer settings of a checkpoint folder', () => {
  function folder(name: string, files: Record<string, string>): string {
    const dir = path.join(temp, name);
    mkdirSync(dir);
    for (const f of ['config.json', 'vocab.txt', 'model.safetensors']) copyFileSync(path.join(fixtureDir('tiny'), f), path.join(dir, f));
    for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
    return dir;
  }

  it('is cased unless a file says do_lower_case', () => {
    const cased = bertEncoder({ dir: folder('plain', {}), init: 'none' });
    const uncased = bertEncoder({
      dir: folder('uncased', { 'tokenizer_config.json': JSON.stringify({ do_lower_case: true }) }),
      init: 'none',
    });
    const viaConfig = bertEncoder({
      dir: folder('via-config', { 'config.json': JSON.stringify({ ...expected.config, do_lower_case: true }) }),
      init: 'none',
    });
    const keep = bertEncoder({
      dir: folder('keep', { 'tokenizer_config.json': JSON.stringify({ do_lower_case: true, strip_accents: false }) }),
      init: 'none',
    });
    try {
      const pieces = (e: typeof cased) => e.tokenizer.encode('José Málaga').tokens.slice(1, -1);
      expect(pieces(cased)).toEqual(['José', 'Málaga']);
      expect(pieces(uncased)).toEqual(['jose', 'malaga']);
      expect(pieces(viaConfig)).toEqual(['jose', 'malaga']);
      expect(pieces(keep)).toEqual(['josé', '[UNK]']);
      expect([cased, uncased, viaConfig, keep].map((e) => e.tokenizer.lowerCase)).toEqual([false, true, true, true]);
    } finally {
      for (const e of [cased, uncased, viaConfig, keep]) e.params.dispose();
    }
  });

  it('reads the uncased fixture settings', () => {
    const dir = folder('fixture-uncased', {
      'tokenizer_config.json': readFileSync(path.join(FIXTURES, 'uncased', 'tokenizer_config.json'), 'utf8'),
    });
    const enc = bertEncoder({ dir, init: 'none' });
    try {
      expect(enc.tokenizer.lowerCase).toBe(true);
      // strip_accents null follows lower-casing: accents go too.
      expect(enc.tokenizer.encode('Málaga').tokens.slice(1, -1)).toEqual(['malaga']);
    } finally {
      enc.params.dispose();
    }
  });
});
