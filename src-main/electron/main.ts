// Electron main process: one instance, one locked-down window on app://crosstag, the core behind
// validated IPC, native menus and dialogs. No domain logic lives here.

// First, for its side effects before `ready`: app name, user-data path, the app:// scheme.
import './pre-ready.js';
import { app, BrowserWindow, dialog, ipcMain, screen } from 'electron';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { launchArgs, resolveNativeBinding, shellPaths } from './app-paths.js';
import { eventChannel } from './channels.js';
import { openDesktopCore } from './desktop-core.js';
import type { DesktopCore } from './desktop-core.js';
import { registerIpc } from './ipc.js';
import { utilitySpawner } from './job-spawner.js';
import { installMenu } from './menu-actions.js';
import { serveRenderer } from './protocol.js';
import { createMainWindow } from './window.js';

// The folder `electron .` was started on (the repository), or app.asar when packaged.
const appRoot = app.getAppPath();
const dev = !app.isPackaged;

/**
 * The project to open at launch: one named on the command line, else the core reopens the most
 * recent itself, else on first run the demo (built by `npm start`, or the prebuilt copy that
 * packaged apps carry in resources/demo, copied to the user-data folder so it stays writable).
 */
function firstRunDemo(requested: string | null, demoDir: string): string | null {
  if (requested !== null) return existsSync(requested) ? requested : null;
  const bundled = join(demoDir, 'demo.sqlite');
  const copy = join(app.getPath('userData'), 'demo.sqlite');
  if (existsSync(copy)) return copy;
  if (!existsSync(bundled)) return null;
  mkdirSync(dirname(copy), { recursive: true });
  copyFileSync(bundled, copy);
  return copy;
}

async function start(): Promise<void> {
  const paths = shellPaths(appRoot, app.isPackaged, process.resourcesPath);
  let nativeBinding: string | undefined;
  try {
    nativeBinding = resolveNativeBinding({ appRoot, isPackaged: app.isPackaged, env: process.env });
  } catch (err) {
    dialog.showErrorBox('Crosstag cannot start', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }

  const args = launchArgs(process.argv);
  const core: DesktopCore = await openDesktopCore({
    userData: app.getPath('userData'),
    baseDir: app.getPath('home'),
    nativeBinding,
    version: app.getVersion(),
    project: args.project,
    demo: () => firstRunDemo(args.demo, paths.demoDir),
    spawner: utilitySpawner(),
  });

  serveRenderer(paths.rendererDir);
  const menu = installMenu(core.bridge, dev);
  registerIpc({
    ipcMain,
    bridge: core.bridge,
    methods: core.methods,
    onTextFocus: (id, focused) => menu.textFocus.set(id, focused),
  });
  core.bridge.subscribe((event, data) => {
    for (const win of BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.webContents.send(eventChannel(event), data);
  });
  await menu.refresh();
  app.setAboutPanelOptions({
    applicationName: 'Crosstag',
    applicationVersion: app.getVersion(),
    credits: 'Demo data: Wikipedia (CC BY-SA 3.0) via WikiANN (Pan et al. 2017; Rahimi et al. 2019; XTREME).',
  });

  const open = (): BrowserWindow =>
    createMainWindow({ preload: paths.preload, icon: join(appRoot, 'resources', 'icons', 'icon.png'), dev });
  open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('second-instance', (_event, argv) => {
    const win = BrowserWindow.getAllWindows()[0] ?? open();
    if (win.isMinimized()) win.restore();
    win.focus();
    const { project } = launchArgs(argv);
    if (project !== null) void core.bridge.dispatch('projects.open', { path: project }).then(() => menu.refresh());
  });
  screen.on('display-removed', () => {
    for (const win of BrowserWindow.getAllWindows()) {
      const bounds = win.getBounds();
      const visible = screen
        .getAllDisplays()
        .some((d) => bounds.x < d.workArea.x + d.workArea.width && bounds.x + bounds.width > d.workArea.x);
      if (!visible) win.center();
    }
  });

  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void core.close().finally(() => app.exit(0));
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      dialog.showErrorBox('Crosstag cannot start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}
