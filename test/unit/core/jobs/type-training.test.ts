// Type harmonisation in app runs: on by default for new runs, the labelled training sentences as
// the gazetteer, and off when the run says so.

import { afterEach, describe, expect, it } from 'vitest';
import { trainingConfig as config, mlHarness, savedModels, statusOf, tinyProject, type MlHarness } from '../../../support/training.js';

let h: MlHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

type Saved = { summary: { options: { types?: { gazetteer: number; retypedSpans: number } } } };

describe('training with consistent entity types', () => {
  it("harmonises the student's targets by default and not when switched off", async () => {
    h = mlHarness();
    const core = h.core;
    const dbPath = await tinyProject(core, h.dir);
    const students = () => savedModels<Saved>(core, dbPath, 'student');

    const on = await core['training.start'](config({ predictAfter: false }));
    expect(on.config['consistentTypes']).toBe(true);
    expect((await statusOf(core, on.id, ['completed', 'failed', 'cancelled'])).error).toBeNull();
    const [first] = await students();
    // The tiny project's 16 labelled English sentences are the gazetteer.
    expect(first!.summary.options.types).toMatchObject({ gazetteer: 16 });
    expect(typeof first!.summary.options.types!.retypedSpans).toBe('number');

    const off = await core['training.start'](config({ predictAfter: false, consistentTypes: false }));
    expect(off.config['consistentTypes']).toBe(false);
    expect((await statusOf(core, off.id, ['completed', 'failed', 'cancelled'])).error).toBeNull();
    const all = await students();
    expect(all).toHaveLength(2);
    expect(all.filter((m) => m.summary.options.types === undefined)).toHaveLength(1);
  });
});
