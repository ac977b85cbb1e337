// Paths shared by the start, demo and native-build scripts.

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(root, 'dist', 'main', 'cli', 'index.js');

/**
 * Where Crosstag keeps per-user data: the same folder Electron's app.getPath('userData') gives for
 * an app named "Crosstag", so the desktop app and `npm run serve:demo` share the demo project.
 * CROSSTAG_HOME overrides it (tests, portable installs).
 */
export function userDataDir() {
  if (process.env.CROSSTAG_HOME) return resolve(process.env.CROSSTAG_HOME);
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Crosstag');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Crosstag');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Crosstag');
}

export function electronVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}
