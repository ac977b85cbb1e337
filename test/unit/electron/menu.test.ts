import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from '../../../src-main/electron/menu.js';
import type { MenuActions, MenuContext } from '../../../src-main/electron/menu.js';
import type { RecentProject } from '../../../src-main/contract/entities.js';

function context(platform: NodeJS.Platform, recent: RecentProject[] = []): { ctx: MenuContext; calls: string[] } {
  const calls: string[] = [];
  const record = (name: string) => (arg?: string) => calls.push(arg === undefined ? name : `${name}:${arg}`);
  const actions: MenuActions = {
    newProject: record('newProject'),
    openProject: record('openProject'),
    openRecent: record('openRecent'),
    importFile: record('importFile'),
    exportFile: record('exportFile'),
    addEncoder: record('addEncoder'),
    undo: record('undo'),
    redo: record('redo'),
    showShortcuts: record('showShortcuts'),
    showAbout: record('showAbout'),
  };
  return { ctx: { platform, appName: 'Crosstag', recent, dev: false, actions }, calls };
}

const submenu = (item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] =>
  (item?.submenu ?? []) as MenuItemConstructorOptions[];
const byLabel = (items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined =>
  items.find((i) => i.label === label);
const click = (item: MenuItemConstructorOptions | undefined): void => (item?.click as unknown as (() => void) | undefined)?.();

const recent: RecentProject[] = [
  { path: '/p/demo.sqlite', name: 'Demo', sentences: 4500, lastOpened: '2026-01-01T00:00:00Z', missing: false },
  { path: '/p/gone.sqlite', name: 'Gone', sentences: 1, lastOpened: '2025-01-01T00:00:00Z', missing: true },
];

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help on Linux and Windows, plus the app menu on macOS', () => {
    expect(buildMenuTemplate(context('linux').ctx).map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(buildMenuTemplate(context('darwin').ctx).map((m) => m.label)).toEqual(['Crosstag', '&File', '&Edit', '&View', '&Help']);
  });

  it('wires every File item to its action', () => {
    const { ctx, calls } = context('linux', recent);
    const file = submenu(buildMenuTemplate(ctx)[0]);
    expect(file.filter((i) => i.label).map((i) => i.label)).toEqual([
      'New Project…',
      'Open Project…',
      'Open Recent',
      'Import…',
      'Export…',
      'Add Pretrained Encoder…',
      'Quit',
    ]);
    for (const label of ['New Project…', 'Open Project…', 'Import…', 'Export…', 'Add Pretrained Encoder…']) click(byLabel(file, label));
    expect(calls).toEqual(['newProject', 'openProject', 'importFile', 'exportFile', 'addEncoder']);
    expect(byLabel(file, 'Quit')?.role).toBe('quit');
  });

  it('lists recent projects and disables missing ones', () => {
    const { ctx, calls } = context('linux', recent);
    const items = submenu(byLabel(submenu(buildMenuTemplate(ctx)[0]), 'Open Recent'));
    expect(items[0]).toMatchObject({ label: 'Demo', sublabel: '/p/demo.sqlite', enabled: true });
    expect(items[1]).toMatchObject({ label: 'Gone (missing)', enabled: false });
    click(items[0]);
    click(items[1]);
    expect(items).toHaveLength(2);
    expect(calls).toEqual(['openRecent:/p/demo.sqlite', 'openRecent:/p/gone.sqlite']);
    const empty = submenu(byLabel(submenu(buildMenuTemplate(context('linux').ctx)[0]), 'Open Recent'));
    expect(empty).toEqual([{ label: 'No Recent Projects', enabled: false }]);
  });

  it('routes Undo and Redo to the actions and keeps the text-field roles', () => {
    const { ctx, calls } = context('win32');
    const edit = submenu(buildMenuTemplate(ctx)[1]);
    expect(byLabel(edit, 'Undo')?.accelerator).toBe('CmdOrCtrl+Z');
    click(byLabel(edit, 'Undo'));
    for (const item of edit.filter((i) => i.label === 'Redo')) click(item);
    expect(calls).toEqual(['undo', 'redo', 'redo']);
    expect(edit.filter((i) => i.accelerator === 'Ctrl+Y')).toHaveLength(1);
    expect(edit.map((i) => i.role).filter(Boolean)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
    expect(edit.some((i) => i.role === 'undo' || i.role === 'redo')).toBe(false);
  });

  it('offers developer tools only in development', () => {
    const roles = (dev: boolean): unknown[] => {
      const { ctx } = context('linux');
      return submenu(buildMenuTemplate({ ...ctx, dev })[2]).map((i) => i.role);
    };
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
