// The always-on crash check: a handful of SIGKILLs of a real core (and one of the real web shell)
// in the middle of seeded edits and imports. `npm run bench:crash` runs the full count.

import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, dispatch } from '../../../src-main/core/service/index.js';
import { crashRun } from '../../reliability/crash/crash-run.js';
import type { CrashRunResult } from '../../reliability/crash/crash-run.js';
import type { CrashFixtures } from '../../reliability/crash/fixtures.js';
import { prepareCrashFixtures } from '../../reliability/crash/fixtures.js';
import { Script } from '../../reliability/crash/script.js';
import type { Ack } from '../../reliability/crash/verify.js';
import { verifyAfterKill } from '../../reliability/crash/verify.js';
import { seedFromEnv } from '../../reliability/rng.js';

const SEED = seedFromEnv(20240611);
let dir: string;
let fixtures: CrashFixtures;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'crosstag-crash-'));
  fixtures = prepareCrashFixtures(path.join(dir, 'fixtures'), { bigSentences: 1500 });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function explain(r: CrashRunResult): string {
  return `seed ${r.seed} (${r.mode}, killed ${r.killedAt}; replay with CROSSTAG_SEED=${SEED}): ${[...r.lost, ...r.problems].join(' | ')}`;
}

describe('crash consistency', () => {
  const runs: [string, 'core' | 'web', number][] = [
    ['core, kill aimed inside a big import', 'core', 0],
    ['core, kill among edits', 'core', 1],
    ['core, kill among edits and imports', 'core', 2],
    ['web shell, kill while answering HTTP', 'web', 3],
  ];
  it.each(runs)('%s: every acknowledged edit survives and the file passes integrity_check', async (_name, mode, k) => {
    const result = await crashRun({
      mode,
      seed: SEED + k,
      steps: 40,
      fixtures,
      dir: path.join(dir, `run-${k}`),
      bigImportChance: k === 0 ? 1 : 0.3,
      aimAtImportChance: k === 0 ? 1 : 0,
    });
    expect(result.lost, explain(result)).toEqual([]);
    expect(result.problems, explain(result)).toEqual([]);
    expect(result.acked).toBeGreaterThan(0);
    expect(result.undoChecked).toBe(true);
  });

  it('reports acknowledged edits that a file lacks', async () => {
    // Acknowledgements of a script run to the end, checked against the untouched starting file.
    const run = path.join(dir, 'lost');
    const acks: Ack[] = [];
    const plan = { seed: SEED, steps: 30, smallImports: fixtures.smallImports, bigImport: null };
    mkdirSync(run);
    const live = path.join(run, 'live.sqlite');
    copyFileSync(fixtures.pristine, live);
    const core = createCore({ shell: 'web', recentFile: path.join(run, 'r.json'), baseDir: run });
    await dispatch(core, 'projects.open', { path: live });
    const script = new Script(plan);
    while (!script.done) {
      const seq = script.position;
      const step = script.next();
      const reply = await dispatch(core, step.method, step.params);
      script.observe(step, reply);
      acks.push({ seq, method: step.method, params: step.params, reply });
    }
    await core.close();
    const stale = path.join(run, 'stale.sqlite');
    copyFileSync(fixtures.pristine, stale);
    const verdict = await verifyAfterKill({ dir: run, project: stale, pristine: fixtures.pristine, plan, acks, inflight: null });
    expect(verdict.ackedEdits).toBeGreaterThan(0);
    expect(verdict.lost.length).toBeGreaterThan(0);
    expect(verdict.problems.join(' ')).toMatch(/differs from the acknowledged state/);
  });
});
