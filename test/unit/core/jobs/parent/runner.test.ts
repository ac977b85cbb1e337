// Runs that end badly: cancelled, killed mid-epoch and resumed, resumed from a corrupt
// checkpoint, and left running by a crashed app. Each uses real worker processes.

import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../../../../src-main/contract/events.js';
import { CoreError } from '../../../../../src-main/core/errors.js';
import { INTERRUPTED } from '../../../../../src-main/core/jobs/index.js';
import { createCore } from '../../../../../src-main/core/service/index.js';
import { openStore } from '../../../../../src-main/core/store/index.js';
import { trainingConfig as config, isAlive, mlHarness, statusOf, tinyProject, type MlHarness } from '../../../../support/training.js';
import { TINY_TUNING } from '../../../../support/ml.js';

let h: MlHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

function firstProgress(hh: MlHarness, runId: number, test: (p: RunProgress) => boolean): Promise<RunProgress> {
  return new Promise((resolve) => {
    const off = hh.core.on('training.progress', (p) => {
      if (p.runId === runId && test(p)) {
        off();
        resolve(p);
      }
    });
  });
}

async function snapshot(hh: MlHarness): Promise<string> {
  const rows = (await hh.core['sentences.list']({ filter: {}, sort: 'document', offset: 0, limit: 1000 })).rows.filter(
    (r) => r.status === 'gold',
  );
  const sentences = await Promise.all(rows.map((r) => hh.core['sentences.get']({ id: r.id })));
  return JSON.stringify(sentences.map((s) => [s.id, s.status, s.spans]));
}

describe('cancel', () => {
  it('stops a run at the next step, refusing a second run meanwhile; a corrupt checkpoint then fails resume with its reason', async () => {
    h = mlHarness();
    await tinyProject(h.core, h.dir);
    const run = await h.core['training.start'](config({ epochs: 500 }));
    expect(run.status).toBe('running');
    await firstProgress(h, run.id, () => true);
    const pid = h.ml.runner.pid(h.core.currentStore()!.path, run.id)!;
    expect(isAlive(pid)).toBe(true);
    const second = await h.core['training.start'](config()).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(CoreError);
    expect((second as CoreError).code).toBe('CONFLICT');
    expect((second as CoreError).message).toMatch(new RegExp(`run ${run.id} is still running`));

    const cancelled = await h.core['training.cancel']({ runId: run.id });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.error).toBeNull();
    expect(isAlive(pid)).toBe(false);
    const ckpt = path.join(cancelled.checkpointDir!, 'teacher-recognizer.ckpt');
    expect(fs.statSync(ckpt).size).toBeGreaterThan(0);

    fs.writeFileSync(ckpt, 'this is not a checkpoint');
    const resumed = await h.core['training.resume']({ runId: run.id });
    expect(resumed.status).toBe('running');
    const failed = await statusOf(h.core, run.id, ['failed', 'completed', 'cancelled']);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^cannot resume from the checkpoint: .*teacher-recognizer\.ckpt: not a Crosstag tensor file/);
    expect(failed.modelIds).toEqual([]);
  });
});

describe('a worker killed mid-epoch', () => {
  it('marks the run failed, leaves the project intact, and resumes from the last checkpoint to completion', async () => {
    h = mlHarness({ tuning: { ...TINY_TUNING, batchSize: 2 } });
    const hh = h;
    const dbPath = await tinyProject(hh.core, hh.dir);
    const before = await snapshot(hh);
    const run = await hh.core['training.start'](config({ epochs: 3 }));
    const pid = hh.ml.runner.pid(dbPath, run.id)!;
    await firstProgress(hh, run.id, (p) => p.stage === 'teacher-recognizer' && p.epoch === 2);
    process.kill(pid, 'SIGKILL');

    const failed = await statusOf(hh.core, run.id, ['failed', 'completed', 'cancelled']);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^the training process was killed \(SIGKILL\)/);
    expect(failed.metrics.some((m) => m.stage === 'teacher-recognizer' && m.epoch === 1)).toBe(true);
    const db = hh.core.currentStore()!.db;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(await snapshot(hh)).toBe(before);
    expect((await hh.core['projects.current']({}))!.sentences).toBe(34);

    const seen: RunProgress[] = [];
    const off = hh.core.on('training.progress', (p) => {
      if (p.runId === run.id) seen.push(p);
    });
    await hh.core['training.resume']({ runId: run.id });
    const done = await statusOf(hh.core, run.id, ['failed', 'completed', 'cancelled']);
    off();
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    // Training went on from the checkpoint at the end of epoch 1 (or later), not from scratch.
    expect(seen.find((p) => p.stage === 'teacher-recognizer')!.epoch).toBeGreaterThanOrEqual(2);
    expect(done.metrics.filter((m) => m.stage === 'teacher-recognizer').map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect(done.modelIds).toHaveLength(2);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(await snapshot(hh)).toBe(before);
  });
});

describe('runs a crash left behind', () => {
  it('are marked interrupted when the project opens again, and refused configs never start a worker', async () => {
    h = mlHarness();
    const dbPath = await tinyProject(h.core, h.dir);
    const store = h.core.currentStore()!;
    const orphan = store.runs.create('pipeline', { ...config() }, 'running');
    await h.core.close();

    const again = createCore({ shell: 'web', recentFile: path.join(h.dir, 'recent.json'), baseDir: h.dir, ml: h.ml });
    h = { ...h, core: again };
    await again['projects.open']({ path: dbPath });
    const run = await again['training.get']({ runId: orphan.id });
    expect(run.status).toBe('failed');
    expect(run.error).toBe(INTERRUPTED);

    const none = await again['training.start'](config({ sourceSplits: ['test'] })).catch((e: unknown) => e);
    expect((none as CoreError).code).toBe('BAD_REQUEST');
    expect((none as CoreError).message).toMatch(/no labelled \(gold or corrected\) sentences in en \(test\)/);
    const lang = await again['training.start'](config({ targetLang: 'de' })).catch((e: unknown) => e);
    expect((lang as CoreError).code).toBe('NOT_FOUND');
    expect((await again['training.list']({})).map((r) => r.id)).toEqual([orphan.id]);
  });
});

describe('an app that dies during a run', () => {
  it('leaves a worker that checkpoints, records the run interrupted and exits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosstag-orphan-'));
    try {
      // A parent process of its own: the test kills it the way a crash would.
      const parent = path.join(dir, 'parent.mts');
      const here = path.dirname(fileURLToPath(import.meta.url));
      const src = (p: string) => JSON.stringify(pathToFileURL(path.resolve(here, '../../../../../src-main', p)).href);
      const support = (p: string) => JSON.stringify(pathToFileURL(path.resolve(here, '../../../../support', p)).href);
      fs.writeFileSync(
        parent,
        `import { createCore } from ${src('core/service/index.ts')};
         import { createMlService } from ${src('core/service/ml-service.ts')};
         import { nodeSpawner } from ${src('core/jobs/index.ts')};
         import { trainingConfig as config, tinyProject } from ${support('training.ts')};
         import { TINY_TUNING } from ${support('ml.ts')};
         const ml = createMlService({ spawner: nodeSpawner(), tuning: TINY_TUNING });
         const core = createCore({ shell: 'web', recentFile: ${JSON.stringify(path.join(dir, 'recent.json'))}, ml });
         await tinyProject(core, ${JSON.stringify(dir)});
         const run = await core['training.start'](config({ epochs: 500 }));
         core.on('training.progress', (p) => {
           if (p.epoch === 2) process.send!({ worker: ml.runner.pid(core.currentStore()!.path, run.id) });
         });`,
      );
      const child = fork(parent, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const { worker } = await new Promise<{ worker: number }>((resolve) => child.once('message', (m) => resolve(m as { worker: number })));
      child.kill('SIGKILL');
      const deadline = Date.now() + 20_000;
      while (isAlive(worker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(isAlive(worker)).toBe(false);
      const store = openStore(path.join(dir, 'p.sqlite'));
      try {
        const run = store.runs.list()[0]!;
        expect(run.status).toBe('failed');
        expect(run.error).toBe(INTERRUPTED);
        expect(fs.existsSync(path.join(run.checkpointDir!, 'teacher-recognizer.ckpt'))).toBe(true);
        expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        store.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
