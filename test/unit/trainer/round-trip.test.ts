// Round trip through the command line: a project exported with export-run, trained by torchrun
// (two gloo processes), the student imported back with import-model, then used by the app's
// core: predictions written inline, evaluated on the target dev set; and tagging a file with
// predict --model on the trainer's folder. Crosstag's own scores of the imported student equal
// the dev F1 the trainer selected it with.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ModelInfo, RunInfo } from '../../../src-main/contract/entities.js';
import { nodeSpawner } from '../../../src-main/core/jobs/index.js';
import { initBackend } from '../../../src-main/core/ml/index.js';
import { createCore, type Core } from '../../../src-main/core/service/index.js';
import { createBertProject, TINY_BERT } from '../../support/bert-corpus.js';
import { runPython, torchrunArgs } from '../../support/python.js';
import { describeWithTorch } from '../../support/with-torch.js';
import { runIn } from '../cli/helpers.js';

const TINY = resolve(import.meta.dirname, '..', '..', '..', TINY_BERT);

describeWithTorch('export, train with torchrun, import, predict and evaluate', () => {
  let dir = '';
  const run = (...argv: string[]) => runIn(dir, ...argv);

  beforeAll(async () => {
    await initBackend();
    dir = mkdtempSync(join(tmpdir(), 'crosstag-round-trip-'));
    await createBertProject(dir, run);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('brings the student back into the project, where it predicts inline and scores what the trainer measured', async () => {
    const exported = await run(
      'export-run',
      '--db',
      'p.sqlite',
      '--out',
      'bundle',
      '--target-lang',
      'es',
      '--encoder',
      `bert:${TINY}`,
      '--epochs',
      '8',
      '--evaluator-epochs',
      '1',
      '--student-epochs',
      '2',
      '--batch-size',
      '4',
      '--lr',
      '0.01',
      '--student-lr',
      '0.002',
    );
    expect(exported.code, exported.err).toBe(0);
    const trained = runPython([...torchrunArgs(2), join(dir, 'bundle', 'train.py'), join(dir, 'bundle'), '--out', join(dir, 'run')]);
    expect(trained.status, trained.stderr + trained.stdout).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8')) as {
      stages: { stage: string; bestScore: number }[];
    };
    const trainerF1 = summary.stages.find((s) => s.stage === 'student')!.bestScore;

    const imported = await run('import-model', join(dir, 'run', 'student'), '--db', 'p.sqlite', '--name', 'cluster student', '--json');
    expect(imported.code, imported.err).toBe(0);
    const model = JSON.parse(imported.out) as ModelInfo;
    expect(model).toMatchObject({ name: 'cluster student', kind: 'student', runId: null });

    // predict --model reads the trainer's folder directly; eval scores the file it writes.
    const tagged = await run('predict', '--model', join(dir, 'run', 'student'), '--in', 'es-dev.conll', '--out', 'pred.conll', '--quiet');
    expect(tagged.code, tagged.err).toBe(0);
    const scored = await run('eval', '--gold', 'es-dev.conll', '--pred', 'pred.conll', '--json');
    expect(scored.code, scored.err).toBe(0);
    expect((JSON.parse(scored.out) as { f1: number }).f1).toBeCloseTo(trainerF1, 10);

    // In the project: predictions inline from the imported model, and its evaluation on es dev.
    const core: Core = createCore({ shell: 'web', recentFile: join(dir, 'recent.json'), spawner: nodeSpawner({ echoStderr: false }) });
    try {
      await core['projects.open']({ path: join(dir, 'p.sqlite') });
      const started = await core['predict.start']({ modelId: model.id, lang: 'es', splits: ['unlabelled'] });
      let status: RunInfo = started;
      for (let i = 0; i < 600 && (status.status === 'queued' || status.status === 'running'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = await core['training.get']({ runId: started.id });
      }
      expect(status.status, status.error ?? '').toBe('completed');
      const rows = await core['sentences.list']({
        filter: { lang: 'es', split: 'unlabelled' },
        sort: 'uncertainty',
        offset: 0,
        limit: 100,
      });
      expect(rows.total).toBe(16);
      expect(rows.rows.every((r) => r.status === 'predicted' && r.uncertainty !== null)).toBe(true);
      const evaluated = await core['evaluate.run']({ modelId: model.id, lang: 'es', split: 'dev' });
      expect(evaluated.report.f1).toBeCloseTo(trainerF1, 10);
      console.info(`student dev F1: ${trainerF1} by the trainer, ${evaluated.report.f1} by Crosstag after the import`);
      expect(trainerF1).toBeGreaterThan(0);
    } finally {
      await core.close();
    }
  }, 300_000);
});
