// A recording stand-in for the `electron` module, so the main process can be started under Node
// (the Electron binary is not installed everywhere the tests run). It records what main asks
// Electron to do; it implements no Electron behaviour beyond what main needs to proceed.

import { readFile } from 'node:fs/promises';
import { EventEmitter } from 'node:events';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeIpcMain } from '../../support/fake-ipc-main.js';

export const calls: string[] = [];
export const paths = new Map<string, string>();

type Handler = (...args: unknown[]) => unknown;

class FakeWebContents extends EventEmitter {
  static next = 1;
  readonly id = FakeWebContents.next++;
  readonly sent: [string, unknown][] = [];
  send(channel: string, data: unknown): void {
    this.sent.push([channel, data]);
  }
  undo(): void {
    calls.push('webContents.undo');
  }
  redo(): void {
    calls.push('webContents.redo');
  }
  setWindowOpenHandler(h: Handler): void {
    (this as unknown as { openHandler: Handler }).openHandler = h;
  }
}

export class BrowserWindow extends EventEmitter {
  static windows: BrowserWindow[] = [];
  static getAllWindows = (): BrowserWindow[] => BrowserWindow.windows;
  static getFocusedWindow = (): BrowserWindow | null => BrowserWindow.windows[0] ?? null;
  readonly webContents = new FakeWebContents();
  url = '';
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.url = url;
    return Promise.resolve();
  }
  isDestroyed = (): boolean => false;
  isMinimized = (): boolean => false;
  isMaximized = (): boolean => false;
  maximize(): void {}
  show(): void {}
  focus(): void {}
  restore(): void {}
  center(): void {}
  getBounds = () => ({ x: 0, y: 0, width: 1280, height: 820 });
  getNormalBounds = () => ({ x: 10, y: 20, width: 1280, height: 820 });
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  exitCode: number | null = null;
  setName(name: string): void {
    calls.push(`app.setName:${name}`);
  }
  getName = (): string => 'Crosstag';
  getAppPath = (): string => process.cwd();
  getVersion = (): string => '0.1.0-test';
  setPath(name: string, value: string): void {
    calls.push(`app.setPath:${name}`);
    paths.set(name, value);
  }
  getPath(name: string): string {
    const p = paths.get(name);
    if (p === undefined) throw new Error(`fake app.getPath: no ${name}`);
    return p;
  }
  requestSingleInstanceLock = (): boolean => true;
  whenReady(): Promise<void> {
    calls.push('app.whenReady');
    return Promise.resolve();
  }
  setAboutPanelOptions(): void {}
  showAboutPanel(): void {}
  quit(): void {
    calls.push('app.quit');
  }
  exit(code: number): void {
    this.exitCode = code;
    calls.push(`app.exit:${code}`);
  }
}
export const app = new FakeApp();

export const protocol = {
  privileged: [] as unknown[],
  handler: null as null | ((req: Request) => Promise<Response>),
  registerSchemesAsPrivileged(list: unknown[]): void {
    calls.push('protocol.registerSchemesAsPrivileged');
    protocol.privileged.push(...list);
  },
  handle(_scheme: string, h: (req: Request) => Promise<Response>): void {
    protocol.handler = h;
  },
};

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
export const net = {
  async fetch(url: string): Promise<Response> {
    try {
      const path = fileURLToPath(url);
      return new Response(await readFile(path), {
        status: 200,
        headers: { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' },
      });
    } catch {
      return new Response('', { status: 404 });
    }
  },
};

export const session = {
  defaultSession: {
    beforeRequest: null as null | Handler,
    permissionRequest: null as null | Handler,
    webRequest: {
      onBeforeRequest(h: Handler): void {
        session.defaultSession.beforeRequest = h;
      },
    },
    setPermissionRequestHandler(h: Handler): void {
      session.defaultSession.permissionRequest = h;
    },
    setPermissionCheckHandler(): void {},
  },
};

export const ipcMain = new FakeIpcMain();

export const Menu = {
  template: null as unknown,
  buildFromTemplate: (t: unknown): unknown => t,
  setApplicationMenu(m: unknown): void {
    Menu.template = m;
  },
};

const display = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
export const screen = Object.assign(new EventEmitter(), {
  getPrimaryDisplay: () => display,
  getAllDisplays: () => [display],
});

export const dialog = {
  errors: [] as string[],
  showErrorBox(title: string, message: string): void {
    dialog.errors.push(`${title}: ${message}`);
  },
  showMessageBox: async () => ({ response: 0 }),
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showSaveDialog: async () => ({ canceled: true, filePath: '' }),
};

export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.opened.push(url);
  },
  beep(): void {
    calls.push('shell.beep');
  },
};

export const utilityProcess = {
  fork(): never {
    throw new Error('not used by these tests');
  },
};
