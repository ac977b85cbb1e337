// The main window: locked-down web preferences, remembered bounds, no navigation away.

import { app, BrowserWindow, screen, shell } from 'electron';
import type { WebContents } from 'electron';
import { join } from 'node:path';
import { APP_ENTRY, isAppUrl, isSafeExternalUrl } from './security.js';
import { loadWindowState, MIN_HEIGHT, MIN_WIDTH, placeWindow, saveWindowState } from './window-state.js';

/** Debounce for saving bounds while the user drags or resizes. */
const SAVE_DELAY_MS = 500;

export interface WindowOptions {
  preload: string;
  icon: string;
  dev: boolean;
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const areas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const placed = placeWindow(loadWindowState(stateFile), areas);

  const win = new BrowserWindow({
    x: placed.x,
    y: placed.y,
    width: placed.width,
    height: placed.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Crosstag',
    icon: opts.icon,
    backgroundColor: '#0f172a',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: opts.dev,
    },
  });
  if (placed.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    clearTimeout(timer);
    if (win.isDestroyed() || win.isMinimized()) return;
    saveWindowState(stateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event as 'resize', later);
  win.on('close', save);

  void win.loadURL(APP_ENTRY);
  return win;
}

/** Applied to every web contents the app creates, including any a bug might open. */
export function hardenWebContents(contents: WebContents): void {
  const leave = (event: Electron.Event, url: string): void => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
  };
  contents.on('will-navigate', leave);
  contents.on('will-redirect', leave);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
