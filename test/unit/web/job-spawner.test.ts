import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forkJob } from '../../../src-main/web/job-spawner.js';

const dir = mkdtempSync(join(tmpdir(), 'crosstag-job-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Echoes each message back with its argv and an env value, then exits with the asked code.
const worker = join(dir, 'echo-worker.mjs');
writeFileSync(
  worker,
  `process.on('message', (m) => {
     process.send({ got: m, args: process.argv.slice(2), env: process.env.CROSSTAG_JOB_TEST });
     if (m.exit !== undefined) setTimeout(() => process.exit(m.exit), 10);
   });
   process.send({ ready: true });`,
);

describe('forkJob', () => {
  it('exchanges structured-clone messages with a child process and reports its exit code', async () => {
    const job = forkJob(worker, ['--run', '7'], { CROSSTAG_JOB_TEST: 'yes' });
    expect(job.pid).toBeGreaterThan(0);
    const messages: unknown[] = [];
    const exited = new Promise<number | null>((done) => job.onExit(done));
    await new Promise<void>((ready) => {
      job.onMessage((m) => {
        messages.push(m);
        if ((m as { ready?: boolean }).ready) job.send({ when: new Date(0), big: 2n ** 70n, exit: 3 });
        else ready();
      });
    });
    expect(await exited).toBe(3);
    expect(messages[1]).toEqual({ got: { when: new Date(0), big: 2n ** 70n, exit: 3 }, args: ['--run', '7'], env: 'yes' });
  });

  it('reports a killed job with a null exit code', async () => {
    const job = forkJob(worker, [], {});
    const exited = new Promise<number | null>((done) => job.onExit(done));
    job.kill();
    expect(await exited).toBeNull();
  });
});
