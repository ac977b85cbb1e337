import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer } from '../../../src-main/web/server.js';
import type { WebServer } from '../../../src-main/web/server.js';
import { FakeBridge } from './fake-bridge.js';
import { readEvents, send } from './http-helpers.js';

let dir: string;
let root: string;
let server: WebServer;
const bridge = new FakeBridge();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crosstag-web-'));
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Crosstag</title>');
  writeFileSync(join(root, 'assets', 'app-1a2b.js'), 'console.log(1);');
  writeFileSync(join(root, 'assets', 'app-1a2b.css'), 'body{}');
  writeFileSync(join(dir, 'outside.txt'), 'OUTSIDE-CONTENT');
  server = await startWebServer({ bridge, staticDir: root, port: 0, heartbeatMs: 50, maxBodyBytes: 1024 });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const bearer = (): Record<string, string> => ({ authorization: `Bearer ${server.token}` });
const json = { 'content-type': 'application/json' };

describe('startWebServer', () => {
  it('prints a loopback URL carrying a 32-byte base64url token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses to bind anywhere but 127.0.0.1', async () => {
    await expect(startWebServer({ bridge, staticDir: root, host: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.1 only/);
  });

  it('answers 401 without a token for the page, the API and the events', async () => {
    for (const req of [
      { path: '/' },
      { path: '/assets/app-1a2b.js' },
      { path: '/api/app.info', method: 'POST', headers: json, body: '{}' },
      { path: '/api/events' },
      { path: `/?token=${server.token.slice(0, -1)}x` },
    ]) {
      const res = await send(server.port, req);
      expect(res.status, req.path).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    const wrongBearer = await send(server.port, { path: '/', headers: { authorization: 'Bearer nope' } });
    expect(wrongBearer.status).toBe(401);
  });

  it('trades the query token for an HttpOnly SameSite=Strict cookie and a clean redirect', async () => {
    const first = await send(server.port, { path: `/?token=${server.token}&lang=es` });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/?lang=es');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain(`crosstag_token=${server.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await send(server.port, { path: '/', headers: { cookie: `other=1; crosstag_token=${server.token}` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>Crosstag</title>');
  });

  it('accepts a bearer token and serves assets with their content types', async () => {
    const js = await send(server.port, { path: '/assets/app-1a2b.js', headers: bearer() });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log(1);');
    const css = await send(server.port, { path: '/assets/app-1a2b.css', headers: bearer() });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for anything else, including paths that try to leave the folder', async () => {
    for (const path of [
      '/missing.js',
      '/assets/',
      '/../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/%2e%2e/%2e%2e/outside.txt',
      '/..%5coutside.txt',
      '/index.html%00',
    ]) {
      const res = await send(server.port, { path, headers: bearer() });
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('OUTSIDE-CONTENT');
    }
  });

  it('puts the security headers on every response, errors included', async () => {
    for (const req of [{ path: '/', headers: bearer() }, { path: '/' }, { path: '/nope', headers: bearer() }]) {
      const res = await send(server.port, req);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('refuses a foreign Host (DNS rebinding) or Origin with 403, even with the token', async () => {
    const rebound = await send(server.port, { path: '/', headers: { ...bearer(), host: `evil.example:${server.port}` } });
    expect(rebound.status).toBe(403);
    const otherPort = await send(server.port, { path: '/', headers: { ...bearer(), host: `127.0.0.1:${server.port + 1}` } });
    expect(otherPort.status).toBe(403);
    const crossSite = await send(server.port, {
      path: '/api/app.info',
      method: 'POST',
      headers: { ...bearer(), ...json, origin: 'http://evil.example' },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    const localhost = await send(server.port, { path: '/', headers: { ...bearer(), host: `localhost:${server.port}` } });
    expect(localhost.status).toBe(200);
    const sameOrigin = await send(server.port, {
      path: '/api/app.info',
      method: 'POST',
      headers: { ...bearer(), ...json, origin: server.origin },
      body: '{}',
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('calls the core for POST /api/<method> and returns its Reply', async () => {
    const res = await send(server.port, {
      path: '/api/sentences.get',
      method: 'POST',
      headers: { ...bearer(), ...json },
      body: '{"id":7}',
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { id: 7 } });
    expect(bridge.calls.at(-1)).toEqual({ method: 'sentences.get', payload: { id: 7 } });
  });

  it('answers an unknown method and a bad payload with typed errors', async () => {
    const unknown = await send(server.port, { path: '/api/nope.nothing', method: 'POST', headers: { ...bearer(), ...json }, body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const bad = await send(server.port, {
      path: '/api/sentences.get',
      method: 'POST',
      headers: { ...bearer(), ...json },
      body: '{"id":"x"}',
    });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('answers malformed JSON, a wrong content type, a GET and an oversized body with typed errors', async () => {
    const calls = bridge.calls.length;
    const malformed = await send(server.port, { path: '/api/app.info', method: 'POST', headers: { ...bearer(), ...json }, body: '{"a":' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/malformed JSON/) },
    });
    const text = await send(server.port, {
      path: '/api/app.info',
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(415);
    const get = await send(server.port, { path: '/api/app.info', headers: bearer() });
    expect(get.status).toBe(405);
    const big = await send(server.port, {
      path: '/api/app.info',
      method: 'POST',
      headers: { ...bearer(), ...json },
      body: `{"x":"${'a'.repeat(2000)}"}`,
    });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(bridge.calls.length).toBe(calls);
  });

  it('streams contract events with heartbeats and unsubscribes when the page goes away', async () => {
    const before = bridge.subscribers;
    const got = await readEvents(
      server.port,
      { cookie: `crosstag_token=${server.token}` },
      /event: sentences\.changed\ndata: .*\n\n[\s\S]*: heartbeat/,
      () => bridge.emit('sentences.changed', { reason: 'import' }),
    );
    expect(got.status).toBe(200);
    expect(got.contentType).toBe('text/event-stream; charset=utf-8');
    expect(got.text).toContain('event: sentences.changed\ndata: {"reason":"import"}\n\n');
    await new Promise((r) => setTimeout(r, 100));
    expect(bridge.subscribers).toBe(before);
  });

  it('refuses the event stream without a token', async () => {
    const got = await readEvents(server.port, {}, /never/, () => undefined);
    expect(got.status).toBe(401);
  });
});
