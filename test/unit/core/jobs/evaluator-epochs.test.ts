// The evaluator's epochs as a run option: a run that sets them trains the evaluator that long; a
// run without the field trains it as runs did before the field existed (the engine tuning's
// epochs here, the tiny preset's 1).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { trainingConfig as config, mlHarness, statusOf, tinyProject, type MlHarness } from '../../../support/training.js';
import { TINY_TUNING } from '../../../support/ml.js';

let h: MlHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

type Saved = { summary: { stages: { stage: string; epochs: number; history: unknown[] }[] } };

describe('training with evaluatorEpochs', () => {
  it('trains the evaluator the epochs the run asks for, and the tuning default without the field', async () => {
    h = mlHarness();
    const core = h.core;
    const dbPath = await tinyProject(core, h.dir);
    const evaluatorEpochs = async (runId: number): Promise<number[]> => {
      const model = (await core['models.list']({})).find((m) => m.runId === runId)!;
      const saved = JSON.parse(readFileSync(path.join(path.resolve(path.dirname(dbPath), model.dir), 'config.json'), 'utf8')) as Saved;
      const stage = saved.summary.stages.find((s) => s.stage === 'teacher-evaluator')!;
      return [stage.epochs, stage.history.length];
    };

    const asked = await core['training.start'](config({ mode: 'teacher', epochs: 1, predictAfter: false, evaluatorEpochs: 3 }));
    expect(asked.config['evaluatorEpochs']).toBe(3);
    expect((await statusOf(core, asked.id, ['completed', 'failed', 'cancelled'])).error).toBeNull();
    expect(await evaluatorEpochs(asked.id)).toEqual([3, 3]);

    const recorded = await core['training.start'](config({ mode: 'teacher', epochs: 1, predictAfter: false }));
    expect(recorded.config).not.toHaveProperty('evaluatorEpochs');
    expect((await statusOf(core, recorded.id, ['completed', 'failed', 'cancelled'])).error).toBeNull();
    expect(TINY_TUNING.evaluatorEpochs).toBe(1);
    expect(await evaluatorEpochs(recorded.id)).toEqual([1, 1]);
  });
});
