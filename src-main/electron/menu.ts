// The application menu as data: built from the actions and the recent-project list, so it can
// be checked without Electron and rebuilt whenever the recent list changes.

import type { MenuItemConstructorOptions } from 'electron';
import type { RecentProject } from '../contract/entities.js';

export interface MenuActions {
  newProject(): void;
  openProject(): void;
  openRecent(path: string): void;
  importFile(): void;
  exportFile(): void;
  /** File ▸ Add Pretrained Encoder…: a folder dialog, then Settings adds the folder. */
  addEncoder(): void;
  /** Edit ▸ Undo/Redo: the core's edit log, or the text field's own undo when one has focus. */
  undo(): void;
  redo(): void;
  showShortcuts(): void;
  showAbout(): void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  appName: string;
  recent: RecentProject[];
  /** Adds Reload and the developer tools. */
  dev: boolean;
  actions: MenuActions;
}

/** Long lists would push the menu off small screens. */
const MAX_RECENT = 10;

function recentItems(ctx: MenuContext): MenuItemConstructorOptions[] {
  const shown = ctx.recent.slice(0, MAX_RECENT);
  if (shown.length === 0) return [{ label: 'No Recent Projects', enabled: false }];
  return shown.map((p): MenuItemConstructorOptions => ({
    label: p.missing ? `${p.name} (missing)` : p.name,
    sublabel: p.path,
    toolTip: p.path,
    enabled: !p.missing,
    click: () => ctx.actions.openRecent(p.path),
  }));
}

export function buildMenuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  const a = ctx.actions;
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: ctx.appName,
      submenu: [
        { label: `About ${ctx.appName}`, click: () => a.showAbout() },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => a.newProject() },
      { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => a.openProject() },
      { label: 'Open Recent', submenu: recentItems(ctx) },
      { type: 'separator' },
      { label: 'Import…', accelerator: 'CmdOrCtrl+I', click: () => a.importFile() },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => a.exportFile() },
      { type: 'separator' },
      { label: 'Add Pretrained Encoder…', click: () => a.addEncoder() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => a.undo() },
      { label: 'Redo', accelerator: mac ? 'Shift+Cmd+Z' : 'Ctrl+Shift+Z', click: () => a.redo() },
      // Windows users expect Ctrl+Y as well; hidden so the menu shows one Redo.
      ...(ctx.platform === 'win32' ? [{ label: 'Redo', accelerator: 'Ctrl+Y', visible: false, click: () => a.redo() }] : []),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: '&View',
    submenu: [
      ...(ctx.dev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    role: 'help',
    label: '&Help',
    submenu: [
      { label: 'Keyboard Shortcuts', accelerator: mac ? undefined : 'F1', click: () => a.showShortcuts() },
      ...(mac
        ? []
        : ([{ type: 'separator' }, { label: `About ${ctx.appName}`, click: () => a.showAbout() }] as MenuItemConstructorOptions[])),
    ],
  });
  return template;
}
