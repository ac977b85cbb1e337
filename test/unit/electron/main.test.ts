// Starts the real Electron main process module against a recording fake of `electron`, with the
// real core on a real SQLite project, and checks how it wires the shell together.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METHODS } from '../../../src-main/core/service/index.js';
import { createCore } from '../../../src-main/core/service/index.js';
import * as fake from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const dir = mkdtempSync(join(tmpdir(), 'crosstag-main-'));
const demo = join(dir, 'demo.sqlite');
const appFrame = { senderFrame: { url: 'app://crosstag/index.html', parent: null }, sender: { id: 1 } };
const argv = process.argv;

beforeAll(async () => {
  const core = createCore({ shell: 'web', recentFile: join(dir, 'scratch.json') });
  await core['projects.create']({ path: demo, name: 'Demo', labels: ['PER', 'ORG', 'LOC'] });
  await core.close();
  fake.paths.set('userData', join(dir, 'user-data'));
  fake.paths.set('home', dir);
  fake.paths.set('documents', dir);
  // The Node-ABI build stands in for the Electron-ABI one under Node.
  process.env.CROSSTAG_SQLITE_BINDING = resolve('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  process.argv = ['/fake/electron', process.cwd(), '--demo', demo];
  await import('../../../src-main/electron/main.js');
  await vi.waitFor(() => expect(fake.BrowserWindow.windows).toHaveLength(1), { timeout: 20_000 });
});

afterAll(() => {
  process.argv = argv;
  delete process.env.CROSSTAG_SQLITE_BINDING;
  rmSync(dir, { recursive: true, force: true });
});

const invoke = (method: string, params: unknown, event: unknown = appFrame) =>
  fake.ipcMain.handlers.get(`crosstag:api:${method}`)?.(event, params);

describe('electron main', () => {
  it('registers the privileged app:// scheme before waiting for ready', () => {
    expect(fake.calls.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(fake.calls.indexOf('app.whenReady'));
    expect(fake.protocol.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(fake.calls).toContain('app.setName:Crosstag');
    expect(fake.dialog.errors).toEqual([]);
  });

  it('opens one locked-down window on the app origin with the bundled preload', () => {
    const [win] = fake.BrowserWindow.windows;
    const prefs = win?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(prefs.preload).toBe(join(process.cwd(), 'dist', 'main', 'electron', 'preload.cjs'));
    expect(win?.url).toBe('app://crosstag/index.html');
  });

  it('binds every contract method over IPC and opens the demo project on first run', async () => {
    expect(fake.ipcMain.handlers.size).toBe(METHODS.length);
    expect(await invoke('projects.current', {})).toMatchObject({ ok: true, value: { path: demo, name: 'Demo' } });
    expect(await invoke('app.info', {})).toMatchObject({ ok: true, value: { shell: 'electron', version: '0.1.0-test' } });
    expect(await invoke('sentences.get', { id: -1.5 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await invoke('app.info', {}, { senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 2 } })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
  });

  it('forwards core events to the window on their own channels', async () => {
    const [win] = fake.BrowserWindow.windows;
    const before = win?.webContents.sent.length ?? 0;
    await invoke('projects.open', { path: demo });
    expect(win?.webContents.sent.slice(before)).toContainEqual(['crosstag:event:sentences.changed', { reason: 'project' }]);
  });

  it('serves the renderer with the CSP and nothing outside it', async () => {
    const handler = fake.protocol.handler;
    if (handler === null) throw new Error('no app:// handler');
    const index = await handler(new Request('app://crosstag/index.html'));
    expect(index.status).toBe(existsSync('dist/renderer/index.html') ? 200 : 404);
    expect(index.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const escape = await handler(new Request('app://crosstag/..%2f..%2fpackage.json'));
    expect(escape.status).toBe(404);
  });

  it('cuts the page off from the network and from device permissions', () => {
    const ses = fake.session.defaultSession;
    const verdict = (url: string) => {
      let cancel: boolean | undefined;
      ses.beforeRequest?.({ url }, (r: { cancel: boolean }) => (cancel = r.cancel));
      return cancel;
    };
    expect(verdict('app://crosstag/assets/a.js')).toBe(false);
    expect(verdict('https://tracker.example/p.gif')).toBe(true);
    let granted: boolean | undefined;
    ses.permissionRequest?.({}, 'media', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('blocks navigation away and opens only safe links outside', () => {
    const contents = fake.BrowserWindow.windows[0]?.webContents as unknown as {
      emit(e: string, ev: unknown, url: string): void;
      openHandler: (d: { url: string }) => { action: string };
    };
    const attempt = (url: string) => {
      let prevented = false;
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(attempt('app://crosstag/index.html')).toBe(false);
    expect(attempt('https://en.wikipedia.org/wiki/NER')).toBe(true);
    expect(attempt('file:///etc/passwd')).toBe(true);
    expect(contents.openHandler({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler({ url: 'http://127.0.0.1:9/' })).toEqual({ action: 'deny' });
    expect(fake.shell.opened).toEqual(['https://en.wikipedia.org/wiki/NER', 'https://example.org/']);
  });

  it('installs the menu with the recent project listed', () => {
    const template = fake.Menu.template as { label?: string; submenu?: { label?: string; submenu?: { label?: string }[] }[] }[];
    expect(template.map((m) => m.label)).toContain('&File');
    const file = template.find((m) => m.label === '&File');
    const recent = file?.submenu?.find((i) => i.label === 'Open Recent')?.submenu ?? [];
    expect(recent.map((r) => r.label)).toContain('Demo');
  });

  it('routes Edit ▸ Undo to a focused text field, otherwise to the page, which undoes the edits of its screen', async () => {
    const template = fake.Menu.template as { label?: string; submenu?: { label?: string; click?: () => void }[] }[];
    const edit = template.find((m) => m.label === '&Edit')?.submenu ?? [];
    edit.find((i) => i.label === 'Undo')?.click?.();
    edit.find((i) => i.label === 'Redo')?.click?.();
    const contents = fake.BrowserWindow.windows[0]!.webContents;
    expect(contents.sent.filter(([channel]) => channel.endsWith('app.command')).map(([, data]) => data)).toEqual([
      { command: 'undo' },
      { command: 'redo' },
    ]);
    const undo = edit.find((i) => i.label === 'Undo');
    fake.ipcMain.listeners.get('crosstag:text-focus')?.(
      { ...appFrame, sender: { id: fake.BrowserWindow.windows[0]?.webContents.id } },
      true,
    );
    undo?.click?.();
    await vi.waitFor(() => expect(fake.calls).toContain('webContents.undo'));
  });

  it('closes the core before quitting', async () => {
    let prevented = false;
    fake.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(0));
  });
});
