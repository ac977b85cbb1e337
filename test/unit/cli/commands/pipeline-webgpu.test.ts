// `crosstag pipeline --backend webgpu`: the whole teacher → student run, scoring and model folders,
// on a WebGPU adapter (CI: Mesa's llvmpipe). Skipped loudly where there is none (test/support/webgpu.ts).

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyConll } from '../../../support/corpus.js';
import { runIn, tinyPipeline } from '../helpers.js';
import { webgpuAvailability } from '../../../support/webgpu.js';

const gpu = await webgpuAvailability();
const suite = gpu.ok ? describe : describe.skip;
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crosstag-webgpu-cli-'));
  writeFileSync(join(dir, 'source.conll'), tinyConll(30, 0, 'went'));
  writeFileSync(join(dir, 'dev.conll'), tinyConll(6, 2, 'went'));
  writeFileSync(join(dir, 'target.txt'), 'Dora went to Oslo\nEmil went to Lima\nChen went to Quito\nAlice went to Rome\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

suite(
  gpu.ok ? `crosstag pipeline --backend webgpu on ${gpu.adapter}` : `crosstag pipeline --backend webgpu: SKIPPED, ${gpu.reason}`,
  () => {
    it('trains the teacher, distils the student, scores both and saves both models on the GPU', async () => {
      const r = await runIn(dir, ...tinyPipeline('pipe', 2), '--backend', 'webgpu', '--json');
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(/^crosstag: backend webgpu \(forced by request \(webgpu on .+\)\)$/m);
      const result = JSON.parse(r.out) as Record<string, unknown>;
      expect(result['backend']).toBe('webgpu');
      for (const key of ['teacher_f1', 'student_f1', 'teacher_f1_consistent', 'student_f1_consistent']) {
        expect(result[key]).toBeGreaterThanOrEqual(0);
        expect(result[key]).toBeLessThanOrEqual(1);
      }
      for (const key of ['recognizer_tok_s', 'evaluator_tok_s', 'student_tok_s']) expect(result[key]).toBeGreaterThan(0);
      for (const model of ['teacher', 'student']) expect(existsSync(join(dir, 'pipe', model, 'weights.bin'))).toBe(true);
      const predicted = await runIn(
        dir,
        'predict',
        '--model',
        'pipe/student',
        '--in',
        'target.txt',
        '--out',
        'pred.conll',
        '--backend',
        'webgpu',
      );
      expect(predicted.code, predicted.err).toBe(0);
      expect(existsSync(join(dir, 'pred.conll'))).toBe(true);
    });
  },
);
