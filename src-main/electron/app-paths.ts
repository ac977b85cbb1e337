// Where the Electron shell finds its files, in a development tree and in a packaged app.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where scripts/rebuild-electron-native.mjs puts better-sqlite3 built for Electron's ABI. */
export const ELECTRON_NATIVE_DIR = join('build', 'electron-native');
export const BINDING_ENV = 'CROSSTAG_SQLITE_BINDING';

export function electronNativeBinding(appRoot: string): string {
  return join(appRoot, ELECTRON_NATIVE_DIR, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

export interface BindingContext {
  appRoot: string;
  isPackaged: boolean;
  env: Record<string, string | undefined>;
  exists?: (path: string) => boolean;
}

/**
 * The better-sqlite3 `nativeBinding` to use in Electron's main and utility processes, or
 * undefined for the package's own binding. node_modules holds a build for Node's ABI (tests and
 * the CLI need it), so a development run must use the second, Electron-ABI copy; a packaged app
 * has node_modules rebuilt for Electron by electron-builder and uses the default.
 */
export function resolveNativeBinding(ctx: BindingContext): string | undefined {
  const exists = ctx.exists ?? existsSync;
  const override = ctx.env[BINDING_ENV];
  if (override !== undefined && override !== '') {
    if (!exists(override)) throw new Error(`${BINDING_ENV} points to ${override}, which does not exist`);
    return override;
  }
  if (ctx.isPackaged) return undefined;
  const built = electronNativeBinding(ctx.appRoot);
  if (!exists(built)) {
    throw new Error(`better-sqlite3 for Electron is missing (${built}); run \`npm run rebuild:electron\` first`);
  }
  return built;
}

export interface ShellPaths {
  rendererDir: string;
  preload: string;
  /** The bundled demo project source files. */
  demoDir: string;
}

/**
 * `appRoot` is the app's folder (the repository in development, app.asar when packaged);
 * `resourcesPath` is process.resourcesPath, where electron-builder puts extraResources.
 */
export function shellPaths(appRoot: string, isPackaged: boolean, resourcesPath: string): ShellPaths {
  return {
    rendererDir: join(appRoot, 'dist', 'renderer'),
    preload: join(appRoot, 'dist', 'main', 'electron', 'preload.cjs'),
    demoDir: isPackaged ? join(resourcesPath, 'demo') : join(appRoot, 'resources', 'demo'),
  };
}

/**
 * What the command line asks for: `--demo FILE` (passed by `npm start`, opened only when there
 * is no recent project) and a project file to open (from a file manager or a second launch).
 * argv[0] is the executable; Chromium switches and the app folder are not project files.
 */
export function launchArgs(argv: readonly string[], cwd: string = process.cwd()): { demo: string | null; project: string | null } {
  let demo: string | null = null;
  let project: string | null = null;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--demo' && argv[i + 1] !== undefined) demo = resolve(cwd, argv[++i] as string);
    else if (!arg.startsWith('-') && /\.(sqlite|crosstag)$/i.test(arg)) project = resolve(cwd, arg);
  }
  return { demo, project };
}
