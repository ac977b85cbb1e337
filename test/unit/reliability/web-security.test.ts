// The web shell's perimeter over the real core: it listens on loopback only, compares the token
// with crypto.timingSafeEqual, puts CSP and anti-framing headers on every answer, and refuses
// other origins and other Host names (DNS rebinding) even when the token is right.

import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/service/index.js';
import { createCore, dispatch } from '../../../src-main/core/service/index.js';
import { coreBridge } from '../../../src-main/core/shell/index.js';
import type { WebServer } from '../../../src-main/web/server.js';
import { startWebServer } from '../../../src-main/web/server.js';

const TOKEN = 'a'.repeat(43);
let dir: string;
let core: Core;
let server: WebServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'crosstag-web-security-'));
  core = createCore({ shell: 'web', recentFile: path.join(dir, 'recent.json'), baseDir: dir });
  await dispatch(core, 'projects.create', { path: 'p.sqlite', name: 'P' });
  server = await startWebServer({ bridge: coreBridge(core), staticDir: dir, token: TOKEN });
});

afterAll(async () => {
  await server.close();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(headers: Record<string, string>, host = '127.0.0.1', route = '/api/projects.current'): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(
      {
        host,
        port: server.port,
        method: 'POST',
        path: route,
        headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', fail);
    req.end('{}');
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('web shell perimeter', () => {
  it('listens on 127.0.0.1 only: another address of this machine is refused, and so is binding elsewhere', async () => {
    expect(new URL(server.origin).hostname).toBe('127.0.0.1');
    await expect(startWebServer({ bridge: coreBridge(core), staticDir: dir, host: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.1 only/);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal);
    // Without a second interface there is no other address to try; loopback binding is still asserted above.
    if (external !== undefined) await expect(call(bearer(TOKEN), external.address)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('compares every presented token with crypto.timingSafeEqual', async () => {
    const original = crypto.timingSafeEqual;
    let compared = 0;
    crypto.timingSafeEqual = ((a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared++;
      return original(a, b);
    }) as typeof crypto.timingSafeEqual;
    syncBuiltinESMExports();
    try {
      for (const wrong of ['x', TOKEN.slice(1), `${TOKEN}a`, 'b'.repeat(43)]) {
        const before = compared;
        expect((await call(bearer(wrong))).status).toBe(401);
        expect(compared).toBeGreaterThan(before);
      }
      const before = compared;
      expect((await call(bearer(TOKEN))).status).toBe(200);
      expect(compared).toBeGreaterThan(before);
    } finally {
      crypto.timingSafeEqual = original;
      syncBuiltinESMExports();
    }
  });

  it('sends CSP and anti-framing headers on answers and refusals alike', async () => {
    const answers = [
      await call(bearer(TOKEN)),
      await call({}),
      await call({ ...bearer(TOKEN), origin: 'https://evil.example' }),
      await call(bearer(TOKEN), '127.0.0.1', '/nothing'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 403, 404]);
    for (const a of answers) {
      expect(a.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(a.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(a.headers['x-frame-options']).toBe('DENY');
      expect(a.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('refuses other origins and other Host names even with the right token, before the core runs', async () => {
    const port = server.port;
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${port + 1}` },
      { origin: `http://localhost:${port}` },
      { host: `evil.example:${port}` },
      { host: `127.0.0.1.nip.io:${port}` },
      { host: `localhost:${port + 1}` },
      { host: '127.0.0.1' },
    ];
    for (const h of refused) {
      const a = await call({ ...bearer(TOKEN), ...h });
      expect(a.status, JSON.stringify(h)).toBe(403);
      expect(JSON.parse(a.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    const same = await call({ ...bearer(TOKEN), host: `localhost:${port}`, origin: `http://localhost:${port}` });
    expect(same.status).toBe(200);
    expect(JSON.parse(same.body)).toMatchObject({ ok: true, value: { name: 'P' } });
  });
});
