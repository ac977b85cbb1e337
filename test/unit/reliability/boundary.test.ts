// The always-on boundary fuzz: a seeded sample of the malformed payloads of every contract method
// (plus its valid payload and every path payload) over the real IPC registration and the real web
// shell. `npm run bench:fuzz-boundary` sends all of them.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../../../src-main/core/service/index.js';
import { fuzzBoundary, untrustedIpc } from '../../reliability/boundary/boundary-fuzz.js';
import type { BoundaryEnv } from '../../reliability/boundary/env.js';
import { openBoundaryEnv } from '../../reliability/boundary/env.js';
import { FsWatch } from '../../reliability/boundary/fs-watch.js';
import { Rng, seedFromEnv } from '../../reliability/rng.js';

const SEED = seedFromEnv(5150);
let dir: string;
let env: BoundaryEnv;
const watch = new FsWatch();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'crosstag-boundary-'));
  env = await openBoundaryEnv(dir);
  watch.install();
});

afterAll(async () => {
  watch.uninstall();
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('boundary hardening', () => {
  it('answers malformed payloads to every method, over IPC and HTTP, with typed errors and no stray file access', async () => {
    const outside = env.outsideDigest();
    const report = await fuzzBoundary(env, { rng: new Rng(SEED), watch, sample: 5 });
    const explain = report.defects
      .slice(0, 10)
      .map((d) => `${d.transport} ${d.method} [${d.what}]: ${d.problem}`)
      .join('\n');
    expect(report.defects, `seed ${SEED} (CROSSTAG_SEED replays it)\n${explain}`).toEqual([]);
    expect(Object.keys(report.sent).sort()).toEqual([...METHODS].sort());
    for (const [method, n] of Object.entries(report.sent)) {
      expect(n.ipc, method).toBeGreaterThan(1);
      expect(n.http, method).toBeGreaterThan(1);
    }
    expect(report.outcomes['BAD_REQUEST']).toBeGreaterThan(100);
    expect(env.outsideDigest()).toBe(outside);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses IPC from any page but the app top frame before the core sees it', async () => {
    const r = await untrustedIpc(env);
    expect(r.wrong).toEqual([]);
    expect(r.reached).toBe(0);
    expect(r.tried).toBe(METHODS.length * 6);
  });

  it('sees the files a call touches, so a stray access would be reported', async () => {
    const target = path.join(env.outside, 'watched-export.conll');
    const { value, accesses } = await watch.record(() => env.http.send('exports.run', { lang: 'en', format: 'conll', path: target }));
    expect((value.reply as { ok: boolean }).ok).toBe(true);
    expect(accesses.some((a) => a.path.startsWith(target))).toBe(true);
    rmSync(target);
  });
});
