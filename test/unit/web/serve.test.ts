// The web shell over the real core: a real SQLite project in a temp folder, real HTTP.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../../../src-main/web/serve.js';
import type { RunningServe } from '../../../src-main/web/serve.js';
import { readEvents, send } from './http-helpers.js';

let dir: string;
let running: RunningServe;

const api = (method: string, body: unknown) =>
  send(running.server.port, {
    path: `/api/${method}`,
    method: 'POST',
    headers: { authorization: `Bearer ${running.server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => JSON.parse(r.body) as { ok: boolean; value?: unknown; error?: { code: string; message: string } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crosstag-serve-'));
  running = await startServe({ db: 'p.sqlite', create: true, cwd: dir, dataDir: join(dir, 'data'), staticDir: join(dir, 'no-renderer') });
});

afterAll(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startServe', () => {
  it('creates the asked-for project and serves it on a loopback URL with a token', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(existsSync(join(dir, 'p.sqlite'))).toBe(true);
    expect(await api('projects.current', {})).toMatchObject({ ok: true, value: { path: join(dir, 'p.sqlite'), name: 'p' } });
    expect(await api('app.info', {})).toMatchObject({ ok: true, value: { shell: 'web' } });
    expect(running.warnings.join()).toMatch(/build:renderer/);
  });

  it('answers the real dispatch errors: unknown method and invalid params', async () => {
    expect(await api('sentences.explode', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await api('sentences.get', { id: 'one' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('pushes the core event of an import made over HTTP to an open event stream', async () => {
    const conll = 'Ana\tB-PER\nvive\tO\nen\tO\nLima\tB-LOC\n\n';
    let imported: Promise<unknown> = Promise.resolve();
    const got = await readEvents(
      running.server.port,
      { authorization: `Bearer ${running.server.token}` },
      /event: sentences\.changed/,
      () => {
        imported = api('imports.run', {
          source: { kind: 'bytes', name: 'tiny.conll', base64: Buffer.from(conll).toString('base64') },
          lang: 'en',
          split: 'train',
        });
      },
    );
    expect(await imported).toMatchObject({ ok: true, value: { sentences: 1, tokens: 4 } });
    expect(got.text).toContain('event: sentences.changed\ndata: {"reason":"import"}');
  });

  it('says so in one line when the port is taken, and leaves the project closed', async () => {
    await expect(startServe({ db: 'p.sqlite', port: running.server.port, cwd: dir, dataDir: join(dir, 'data') })).rejects.toThrow(
      new RegExp(`^port ${running.server.port} on 127\\.0\\.0\\.1 is already in use`),
    );
  });

  it('refuses a missing project file unless asked to create it, and any host but 127.0.0.1', async () => {
    await expect(startServe({ db: 'missing.sqlite', cwd: dir, dataDir: join(dir, 'data') })).rejects.toThrow(
      /missing\.sqlite: no such project file \(pass --create/,
    );
    expect(existsSync(join(dir, 'missing.sqlite'))).toBe(false);
    await expect(startServe({ db: 'p.sqlite', host: '0.0.0.0', cwd: dir })).rejects.toThrow(/--host must be 127\.0\.0\.1/);
  });
});
