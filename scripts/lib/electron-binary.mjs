// Electron's binary is not part of the electron npm package: its own install script downloads it
// from GitHub (or ELECTRON_MIRROR). package.json's allowScripts keeps npm from running that script,
// because a failed download would fail the whole install; postinstall.mjs runs it instead, and a
// failure there is reported in one line and the install goes on (the app then serves itself to the
// browser, see start-electron.mjs).

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './paths.mjs';

const require = createRequire(import.meta.url);
const electronDir = join(root, 'node_modules', 'electron');

/** The downloaded Electron executable, or null where the binary is absent. */
export function electronBinary() {
  try {
    // The package's main export is the binary's path; it throws when the binary was never downloaded.
    return require(electronDir);
  } catch {
    return null;
  }
}

/**
 * Runs electron's own download (install.js) unless the binary is already there or
 * ELECTRON_SKIP_BINARY_DOWNLOAD is set. Returns { ok, reason }: reason is one line.
 */
export function fetchElectronBinary({ timeoutMs = 10 * 60_000 } = {}) {
  if (electronBinary() !== null) return { ok: true, reason: 'already downloaded' };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { ok: false, reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status === 0 && electronBinary() !== null) return { ok: true, reason: 'downloaded' };
  if (r.error) return { ok: false, reason: r.error.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs / 1000} s` : r.error.message };
  // install.js prints the error's stack; its first line says what went wrong.
  const first = `${r.stderr}\n${r.stdout}`.split('\n').find((line) => line.trim() !== '');
  return { ok: false, reason: first?.trim() ?? `install.js exited with ${r.status}` };
}
