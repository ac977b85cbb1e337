// What the menu items do: native dialogs, then the core through the same validating dispatch
// the renderer uses, then a contract event so the page shows the result.

import { app, BrowserWindow, dialog, Menu } from 'electron';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { basename, extname, join } from 'node:path';
import type { RecentProject } from '../contract/entities.js';
import type { EventName, Events } from '../contract/events.js';
import type { CoreBridge } from '../core/shell/index.js';
import { eventChannel } from './channels.js';
import { buildMenuTemplate } from './menu.js';
import type { MenuActions } from './menu.js';

const PROJECT_FILTERS = [{ name: 'Crosstag project', extensions: ['sqlite', 'crosstag'] }];
const CORPUS_FILTERS = [
  {
    name: 'Corpora (CoNLL, JSONL, Label Studio JSON, WebAnno TSV, text)',
    extensions: ['conll', 'conllu', 'iob', 'bio', 'tsv', 'txt', 'jsonl', 'json'],
  },
  { name: 'All files', extensions: ['*'] },
];

export function sendToAll<E extends EventName>(event: E, data: Events[E]): void {
  for (const win of BrowserWindow.getAllWindows()) {
    if (!win.isDestroyed()) win.webContents.send(eventChannel(event), data);
  }
}

export interface MenuController {
  /** Rebuilds the menu, e.g. after the recent list changed. */
  refresh(): Promise<void>;
  /** Which web contents have a text field focused (reported by the preload). */
  textFocus: Map<number, boolean>;
}

/** Native dialogs parented to the focused window (or free-standing when none is open). */
function windowDialogs() {
  const focused = (): BrowserWindow | null => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null;
  return {
    focused,
    fail: (title: string, message: string): void => {
      const win = focused();
      const opts = { type: 'error' as const, title, message: title, detail: message };
      void (win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts));
    },
    open: async (opts: OpenDialogOptions): Promise<string | null> => {
      const win = focused();
      const r = await (win ? dialog.showOpenDialog(win, opts) : dialog.showOpenDialog(opts));
      return r.canceled || r.filePaths[0] === undefined ? null : r.filePaths[0];
    },
    save: async (opts: SaveDialogOptions): Promise<string | null> => {
      const win = focused();
      const r = await (win ? dialog.showSaveDialog(win, opts) : dialog.showSaveDialog(opts));
      return r.canceled || r.filePath === undefined || r.filePath === '' ? null : r.filePath;
    },
  };
}

/** A menu item that asks for a path first and does nothing when the dialog is cancelled. */
const withPath = (choose: () => Promise<string | null>, use: (path: string) => unknown) => (): void =>
  void (async () => {
    const path = await choose();
    if (path !== null) await use(path);
  })();

/** File ▸ New, Open, Open Recent, Import, Export and Add Pretrained Encoder. */
function fileActions(
  dialogs: ReturnType<typeof windowDialogs>,
  call: (method: string, params: unknown, title: string) => Promise<unknown>,
  switched: (value: unknown) => Promise<void>,
): Pick<MenuActions, 'newProject' | 'openProject' | 'openRecent' | 'importFile' | 'exportFile' | 'addEncoder'> {
  const open = async (path: string) => switched(await call('projects.open', { path }, 'Cannot open the project'));
  return {
    newProject: withPath(
      () =>
        dialogs.save({
          title: 'New Project',
          defaultPath: join(app.getPath('documents'), 'Untitled.sqlite'),
          filters: PROJECT_FILTERS,
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        }),
      async (path) => switched(await call('projects.create', { path, name: basename(path, extname(path)) }, 'Cannot create the project')),
    ),
    openProject: withPath(() => dialogs.open({ title: 'Open Project', filters: PROJECT_FILTERS, properties: ['openFile'] }), open),
    openRecent: (path) => void open(path),
    importFile: withPath(
      () => dialogs.open({ title: 'Import Sentences', filters: CORPUS_FILTERS, properties: ['openFile'] }),
      (path) => sendToAll('app.command', { command: 'import', path }),
    ),
    exportFile: withPath(
      () =>
        dialogs.save({ title: 'Export Sentences', defaultPath: join(app.getPath('documents'), 'export.conll'), filters: CORPUS_FILTERS }),
      (path) => sendToAll('app.command', { command: 'export', path }),
    ),
    // A checkpoint folder holds config.json, vocab.txt and model.safetensors; the page checks and adds it.
    addEncoder: withPath(
      () => dialogs.open({ title: 'Add Pretrained Encoder', properties: ['openDirectory'] }),
      (path) => sendToAll('app.command', { command: 'add-encoder', path }),
    ),
  };
}

export function installMenu(bridge: CoreBridge, dev: boolean): MenuController {
  const textFocus = new Map<number, boolean>();
  const dialogs = windowDialogs();

  const call = async (method: string, params: unknown, title: string): Promise<unknown> => {
    const reply = await bridge.dispatch(method, params);
    if (!reply.ok) {
      dialogs.fail(title, reply.error.message);
      return undefined;
    }
    return reply.value;
  };

  // The core itself announces the switch (sentences.changed 'project') to every page.
  const switched = async (value: unknown): Promise<void> => {
    if (value !== undefined) await controller.refresh();
  };

  // Undo belongs to the screen the person sees (Annotate undoes sentence edits, Pairs its links),
  // which only the page knows: outside a text field the page is asked to undo.
  const editStep = (role: 'undo' | 'redo'): void => {
    const win = dialogs.focused();
    if (win === null || win.isDestroyed()) return;
    if (textFocus.get(win.webContents.id) === true) win.webContents[role]();
    else win.webContents.send(eventChannel('app.command'), { command: role });
  };

  const actions: MenuActions = {
    ...fileActions(dialogs, call, switched),
    undo: () => editStep('undo'),
    redo: () => editStep('redo'),
    showShortcuts: () => sendToAll('app.command', { command: 'shortcuts' }),
    showAbout: () => app.showAboutPanel(),
  };

  const controller: MenuController = {
    textFocus,
    refresh: async () => {
      const reply = await bridge.dispatch('projects.recent', {});
      const recent = reply.ok ? (reply.value as RecentProject[]) : [];
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(buildMenuTemplate({ platform: process.platform, appName: app.getName(), recent, dev, actions })),
      );
    },
  };
  return controller;
}
