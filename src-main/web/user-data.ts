// Where the web shell keeps per-user state (the recent-projects list): the same folder the
// desktop app uses (Electron's userData for an app named "Crosstag"), so both list the same
// projects. CROSSTAG_HOME overrides it.

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function userDataDir(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env['CROSSTAG_HOME'];
  if (override !== undefined && override !== '') return resolve(override);
  const home = homedir();
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Crosstag');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Crosstag');
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), 'Crosstag');
}
