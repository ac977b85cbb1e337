// `crosstag import-model`: a model folder copied into a project through the core's models.import
// (loaded in the inference worker first), refused when it tags types the project does not have.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../../src-main/contract/entities.js';
import { initBackend } from '../../../../src-main/core/ml/index.js';
import { openStore } from '../../../../src-main/core/store/index.js';
import { tinyConll } from '../../../support/corpus.js';
import { runIn } from '../helpers.js';

let dir = '';
const run = (...argv: string[]) => runIn(dir, ...argv);

beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'crosstag-import-model-'));
  writeFileSync(join(dir, 'source.conll'), tinyConll(12, 0, 'went'));
  writeFileSync(join(dir, 'gpe.conll'), tinyConll(12, 0, 'went', 'to', 'B-GPE'));
  for (const args of [
    ['project', 'create', 'p.sqlite', '--name', 'p', '--labels', 'PER,LOC'],
    ['train-teacher', '--source', 'source.conll', '--epochs', '1', '--evaluator-epochs', '1', '--out', 'teacher', '--quiet'],
    ['train-teacher', '--source', 'gpe.conll', '--epochs', '1', '--evaluator-epochs', '1', '--out', 'gpe', '--quiet'],
  ]) {
    const r = await run(...args);
    expect(r.code, r.err).toBe(0);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crosstag import-model', () => {
  it('copies a model folder into the project and lists it', async () => {
    const r = await run('import-model', 'teacher', '--db', 'p.sqlite', '--name', 'Shared teacher', '--json');
    expect(r.code, r.err).toBe(0);
    const model = JSON.parse(r.out) as ModelInfo;
    expect(model).toMatchObject({ name: 'Shared teacher', kind: 'teacher', encoder: 'small', runId: null });
    expect(model.dir.startsWith(join(dir, 'p.sqlite.crosstag', 'models'))).toBe(true);
    const store = openStore(join(dir, 'p.sqlite'));
    try {
      expect(store.models.list().map((m) => m.name)).toEqual(['Shared teacher']);
    } finally {
      store.close();
    }
  });

  it('refuses a model whose entity types are not labels of the project, and a folder that is no model', async () => {
    const gpe = await run('import-model', 'gpe', '--db', 'p.sqlite');
    expect(gpe.code).toBe(1);
    expect(gpe.err).toContain('the model tags GPE, which is not a label of this project (PER, LOC); add it to the project');
    const none = await run('import-model', 'nowhere', '--db', 'p.sqlite');
    expect(none.code).toBe(1);
    expect(none.err).toContain('no such folder');
    const store = openStore(join(dir, 'p.sqlite'));
    try {
      expect(store.models.list()).toHaveLength(1);
    } finally {
      store.close();
    }
  });
});
