// --backend and --threads, shared by every model command (cli/commands/ml-common.ts).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyConll } from '../../../support/corpus.js';
import { runIn } from '../helpers.js';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crosstag-backend-cli-'));
  writeFileSync(join(dir, 'source.conll'), tinyConll(12, 0, 'went'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--backend and --threads', () => {
  it('refuse a bad thread count or backend name before any work, naming the flag', async () => {
    const args = ['train-teacher', '--source', 'source.conll', '--out', 'teacher', '--epochs', '1'];
    const zero = await runIn(dir, ...args, '--threads', '0');
    expect(zero.code).toBe(1);
    expect(zero.err).toContain('crosstag: --threads must be a whole number from 1 to 64, not "0"');
    const metal = await runIn(dir, ...args, '--backend', 'metal');
    expect(metal.code).toBe(1);
    expect(metal.err).toContain('unknown backend "metal": expected one of tfjs-node-gpu, webgpu, tfjs-node, wasm, cpu');
  });

  it('train on wasm with the thread count asked for, and say so on stderr', async () => {
    const r = await runIn(
      dir,
      'train-teacher',
      '--source',
      'source.conll',
      '--out',
      'teacher',
      '--epochs',
      '1',
      '--evaluator-epochs',
      '1',
      '--backend',
      'wasm',
      '--threads',
      '1',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^crosstag: backend wasm \(forced by request \(wasm on 1 thread\)\)$/m);
    expect(r.out).toMatch(/teacher saved to teacher \(backend wasm,/);
  });

  it('are listed in the help of every model command', async () => {
    for (const command of ['train-teacher', 'distill', 'predict', 'pipeline', 'embed']) {
      const help = await runIn(dir, command, '--help');
      expect(help.out, command).toContain('--backend <name>');
      expect(help.out, command).toContain('--threads <n>');
    }
  });
});
