// nodeSpawner over real child processes, and the reasons a crashed worker is reported with.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { abnormalExit, nodeSpawner, type JobExit, type JobHandle } from '../../../../../src-main/core/jobs/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosstag-spawn-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, body);
  return file;
}

const exited = (job: JobHandle) => new Promise<JobExit>((resolve) => job.onExit(resolve));

describe('nodeSpawner', () => {
  it('exchanges structured-clone messages and keeps the tail of stderr', async () => {
    const entry = script(
      'echo.mjs',
      `process.on('message', (m) => {
         process.stderr.write('about to exit\\n');
         process.send({ got: m, env: process.env.CROSSTAG_TEST_VALUE }, () => process.exit(m.exit));
       });`,
    );
    const job = nodeSpawner({ echoStderr: false }).spawn(entry, { CROSSTAG_TEST_VALUE: 'yes' });
    const replies: unknown[] = [];
    job.onMessage((m) => replies.push(m));
    const done = exited(job);
    job.postMessage({ when: new Date(0), big: 2n ** 70n, exit: 3 });
    expect(await done).toEqual({ code: 3, signal: null });
    expect(replies).toEqual([{ got: { when: new Date(0), big: 2n ** 70n, exit: 3 }, env: 'yes' }]);
    expect(job.stderrTail()).toContain('about to exit');
  });

  it('reports a killed process by its signal', async () => {
    const job = nodeSpawner().spawn(script('wait.mjs', 'setInterval(() => {}, 1000);'), {});
    const done = exited(job);
    job.kill();
    expect(await done).toEqual({ code: null, signal: 'SIGKILL' });
    expect(abnormalExit('training process', await done, job.stderrTail())).toBe('the training process was killed (SIGKILL)');
  });

  it('reports a process that runs out of memory as such', async () => {
    const entry = script('hog.mjs', 'const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random()));');
    const job = nodeSpawner({ execArgv: ['--max-old-space-size=24'], echoStderr: false }).spawn(entry, {});
    const exit = await exited(job);
    expect(exit.code === 0).toBe(false);
    expect(abnormalExit('training process', exit, job.stderrTail())).toMatch(
      /^the training process ran out of memory \(try a smaller batch size or model\): FATAL ERROR: .*heap out of memory/,
    );
  });
});

describe('abnormalExit', () => {
  it('names the exit code and the last lines of stderr, without stack frames', () => {
    const stderr = 'Error: disk full\n    at write (fs.js:1:1)\n    at main (worker.js:2:2)\n';
    expect(abnormalExit('prediction process', { code: 1, signal: null }, stderr)).toBe(
      'the prediction process exited with code 1: Error: disk full',
    );
    expect(abnormalExit('training process', { code: 0, signal: null }, '')).toBe('the training process ended without finishing its work');
  });
});
