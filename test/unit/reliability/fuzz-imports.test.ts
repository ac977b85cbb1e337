// The always-on import fuzz: about a hundred seeded malformed or hostile files through preview and
// import on an open project. `npm run bench:fuzz-imports` runs 1,200.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzImports } from '../../reliability/fuzz/import-fuzz.js';
import { caseFor, MUTATIONS } from '../../reliability/fuzz/import-mutations.js';
import { BUILT_IN_SEEDS } from '../../reliability/fuzz/import-seeds.js';
import { Rng, seedFromEnv } from '../../reliability/rng.js';

const SEED = seedFromEnv(424242);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('fuzzed imports', () => {
  it('every malformed file ends in an IMPORT_ERROR naming file and line, or a clean import, within the bound', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crosstag-fuzz-imports-'));
    dirs.push(dir);
    // Built-in samples only: the shared corpora are the bench's (and need not exist here).
    const report = await fuzzImports({ seed: SEED, count: 100, dir, dataDir: null, boundMs: 2000 });
    const explain = report.defects.map((d) => `#${d.index} ${d.outcome} (${d.what}, ${d.name}): ${d.detail}`).join('\n');
    expect(report.defects, `seed ${SEED} (CROSSTAG_SEED replays it)\n${explain}`).toEqual([]);
    expect((report.counts['import-error'] ?? 0) + (report.counts['imported'] ?? 0)).toBe(100);
    // Both kinds of ending occur, or the mutations have stopped mutating.
    expect(report.counts['import-error']).toBeGreaterThan(20);
    expect(report.counts['imported']).toBeGreaterThan(5);
  });

  it('makes each case from a seed file by mutation, the same way for the same seed', () => {
    const a = caseFor(new Rng(3), BUILT_IN_SEEDS[0]!);
    const b = caseFor(new Rng(3), BUILT_IN_SEEDS[0]!);
    expect(a.what).toBe(b.what);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    for (const name of ['truncate', 'utf16le-bom', 'invalid-tag', 'deep-json', 'hostile-keys']) {
      const m = MUTATIONS[name]!(new Rng(1), { name: 'x.conll', bytes: Buffer.from(BUILT_IN_SEEDS[1]!.text), what: '' });
      expect(m.bytes.equals(Buffer.from(BUILT_IN_SEEDS[1]!.text)), name).toBe(false);
    }
  });
});
