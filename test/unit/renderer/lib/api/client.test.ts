import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, dispatch, type Core } from '../../../../../src-main/core/service/index.js';
import { startWebServer, type WebServer } from '../../../../../src-main/web/server.js';
import { createClient, type Transport } from '../../../../../src-renderer/lib/api/client.js';
import { ApiCallError } from '../../../../../src-renderer/lib/api/errors.js';
import { webTransport } from '../../../../../src-renderer/lib/api/web-transport.js';

describe('createClient', () => {
  const scripted = (reply: unknown): Transport => ({ shell: 'electron', call: async () => reply as never, on: () => () => undefined });

  it('unwraps ok replies and throws contract errors with file and line', async () => {
    const ok = createClient(scripted({ ok: true, value: { id: 3 } }));
    await expect(ok.call('sentences.next', { after: null, filter: {}, sort: 'document' })).resolves.toEqual({ id: 3 });
    await expect(ok.api['sentences.next']({ after: null, filter: {}, sort: 'document' })).resolves.toEqual({ id: 3 });

    const bad = createClient(
      scripted({ ok: false, error: { code: 'IMPORT_ERROR', message: 'x.conll:3: bad tag', file: 'x.conll', line: 3 } }),
    );
    const err = await bad
      .call('imports.preview', { source: { kind: 'path', path: '/x.conll' }, lang: 'en', split: 'train' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err).toMatchObject({ code: 'IMPORT_ERROR', file: 'x.conll', line: 3 });
  });

  it('refuses an answer that is not a reply', async () => {
    const weird = createClient(scripted({ value: 1 }));
    await expect(weird.call('app.info', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe('webTransport against the real web shell', () => {
  let dir: string;
  let core: Core;
  let server: WebServer;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosstag-web-client-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
    core = createCore({ shell: 'web', recentFile: path.join(dir, 'recent.json'), baseDir: dir });
    server = await startWebServer({
      staticDir: dir,
      port: 0,
      bridge: {
        dispatch: (method, payload) => dispatch(core, method, payload),
        subscribe: (listener) => core.on('sentences.changed', (data) => listener('sentences.changed', data)),
      },
    });
  });

  afterAll(async () => {
    await server.close();
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const signedIn = (): typeof fetch => (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${server.token}` } });

  it('calls contract methods over POST /api/<method> and gets typed errors back', async () => {
    const client = createClient(webTransport({ base: `${server.origin}/api`, fetch: signedIn() }));
    const project = await client.call('projects.create', { path: path.join(dir, 'p.sqlite'), name: 'Web', labels: ['PER', 'LOC'] });
    expect(project.labels.map((l) => l.name)).toEqual(['PER', 'LOC']);
    await expect(client.call('projects.current', {})).resolves.toMatchObject({ name: 'Web' });
    await expect(client.call('sentences.get', { id: 12345 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.call('sentences.get', { id: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('reports a missing session as UNAUTHORIZED and a dead server as OFFLINE', async () => {
    const anonymous = createClient(webTransport({ base: `${server.origin}/api` }));
    await expect(anonymous.call('app.info', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const nowhere = createClient(webTransport({ base: 'http://127.0.0.1:9/api' }));
    await expect(nowhere.call('app.info', {})).rejects.toMatchObject({ code: 'OFFLINE' });
  });
});
