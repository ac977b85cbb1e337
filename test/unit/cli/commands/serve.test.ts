import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src-main/cli/index.js';
import type { CliIo } from '../../../../src-main/cli/index.js';

const dir = mkdtempSync(join(tmpdir(), 'crosstag-cli-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd: dir };
}

describe('crosstag serve', () => {
  it('fails with one line for a missing project, a foreign host or a bad port', async () => {
    for (const [args, message] of [
      [['serve', '--db', 'nope.sqlite'], /^crosstag: nope\.sqlite: no such project file \(pass --create to make a new one\)\n$/],
      [['serve', '--db', 'x.sqlite', '--create', '--host', '0.0.0.0'], /^crosstag: --host must be 127\.0\.0\.1/],
      [['serve', '--db', 'x.sqlite', '--create', '--port', 'http'], /^crosstag: --port must be a number/],
    ] as const) {
      const t = io();
      expect(await runCli(args, t)).toBe(1);
      expect(t.err.join('')).toMatch(message);
      expect(t.out).toEqual([]);
    }
  });

  it('prints the URL as its first stdout line, serves the API, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src-main/cli/index.ts', 'serve', '--db', join(dir, 's.sqlite'), '--create', '--port', '0'],
      {
        cwd: process.cwd(),
        env: { ...process.env, CROSSTAG_HOME: join(dir, 'home') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const first = await new Promise<string>((done) => createInterface({ input: child.stdout }).once('line', done));
    const url = new URL(first);
    expect(url.hostname).toBe('127.0.0.1');
    const token = url.searchParams.get('token') ?? '';
    const reply = await new Promise<string>((done, fail) => {
      const r = request(
        {
          host: '127.0.0.1',
          port: url.port,
          path: '/api/projects.current',
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => done(body));
        },
      );
      r.on('error', fail);
      r.end('{}');
    });
    expect(JSON.parse(reply)).toMatchObject({ ok: true, value: { name: 's' } });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
