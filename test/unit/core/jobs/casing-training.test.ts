// The target's casing conventions in app runs: new runs follow the target text's letter case,
// recorded in the teacher's summary; a run that says no keeps the source's casing.

import { afterEach, describe, expect, it } from 'vitest';
import { trainingConfig as config, mlHarness, savedModels, statusOf, tinyProject, type MlHarness } from '../../../support/training.js';

let h: MlHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

type Saved = { summary: { options: { targetCasing?: { casing: string; convention: string; words: number } } } };

describe("training with the target's casing conventions", () => {
  it('reads the target text for new runs and not when switched off', async () => {
    h = mlHarness();
    const core = h.core;
    const dbPath = await tinyProject(core, h.dir);
    const teachers = () => savedModels<Saved>(core, dbPath, 'teacher');

    const on = await core['training.start'](config({ mode: 'teacher', predictAfter: false }));
    expect(on.config['targetConventions']).toBe(true);
    expect((await statusOf(core, on.id, ['completed', 'failed', 'cancelled'])).error).toBeNull();
    const [first] = await teachers();
    // The tiny project's target text is too short to tell a convention: read, recorded, and the source's casing kept.
    expect(first!.summary.options.targetCasing).toMatchObject({ convention: 'unknown', casing: 'source', casedShare: 1 });
    expect(first!.summary.options.targetCasing!.words).toBeGreaterThan(0);

    const off = await core['training.start'](config({ mode: 'teacher', predictAfter: false, targetConventions: false }));
    expect(off.config['targetConventions']).toBe(false);
    expect((await statusOf(core, off.id, ['completed', 'failed', 'cancelled'])).error).toBeNull();
    const all = await teachers();
    expect(all).toHaveLength(2);
    expect(all.filter((m) => m.summary.options.targetCasing === undefined)).toHaveLength(1);
  });
});
