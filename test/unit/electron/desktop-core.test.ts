import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { openDesktopCore } from '../../../src-main/electron/desktop-core.js';
import type { DesktopCore } from '../../../src-main/electron/desktop-core.js';
import { createCore } from '../../../src-main/core/service/create-core.js';

const dir = mkdtempSync(join(tmpdir(), 'crosstag-desktop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let open: DesktopCore | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
  vi.restoreAllMocks();
});

async function makeProject(name: string): Promise<string> {
  const path = join(dir, `${name}.sqlite`);
  const core = createCore({ shell: 'web', recentFile: join(dir, 'scratch-recent.json') });
  await core['projects.create']({ path, name });
  await core.close();
  return path;
}

const options = (userData: string, project: string | null, demo: string | null) => ({
  userData: join(dir, userData),
  baseDir: dir,
  nativeBinding: undefined,
  version: '9.9.9',
  project,
  demo: () => demo,
});

async function current(core: DesktopCore): Promise<unknown> {
  const r = await core.bridge.dispatch('projects.current', {});
  return r.ok ? ((r.value as { name: string } | null)?.name ?? null) : r;
}

describe('openDesktopCore', () => {
  it('opens the demo on first run, then the most recent project on the next', async () => {
    const demo = await makeProject('demo');
    const other = await makeProject('other');
    open = await openDesktopCore(options('first', null, demo));
    expect(await current(open)).toBe('demo');
    expect(await open.bridge.dispatch('app.info', {})).toMatchObject({ ok: true, value: { shell: 'electron', version: '9.9.9' } });
    await open.bridge.dispatch('projects.open', { path: other });
    await open.close();
    open = await openDesktopCore(options('first', null, demo));
    expect(await current(open)).toBe('other');
  });

  it('prefers a project named on the command line and skips one that cannot be opened', async () => {
    const named = await makeProject('named');
    const demo = await makeProject('demo2');
    open = await openDesktopCore(options('second', named, demo));
    expect(await current(open)).toBe('named');
    await open.close();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    open = await openDesktopCore(options('third', join(dir, 'gone.sqlite'), demo));
    expect(await current(open)).toBe('demo2');
    expect(errors.mock.calls.join()).toMatch(/cannot open .*gone\.sqlite/);
  });

  it('lists every contract method and forwards core events to subscribers', async () => {
    open = await openDesktopCore(options('fourth', null, null));
    expect(await current(open)).toBeNull();
    expect(open.methods).toContain('sentences.list');
    expect(open.methods).toContain('training.start');
    const seen: string[] = [];
    const off = open.bridge.subscribe((event, data) => seen.push(`${event}:${JSON.stringify(data)}`));
    await open.bridge.dispatch('projects.create', { path: join(dir, 'fresh.sqlite'), name: 'fresh' });
    off();
    await open.bridge.dispatch('projects.open', { path: join(dir, 'fresh.sqlite') });
    expect(seen).toEqual(['sentences.changed:{"reason":"project"}']);
  });
});
