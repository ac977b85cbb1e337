// Which Chromium the browser tests (and the browser bench) drive. In order:
//   1. CHROMIUM_PATH, when set (an error when it names no executable: a typo must not fall through);
//   2. the system's Chromium or Chrome (on PATH or in the platform's usual place);
//   3. Playwright's own build, installed with `npx playwright install chromium` when allowed and absent.
// Where none can be had, the run stops before any test with one message naming the three ways.

import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from '@playwright/test';

export type BrowserSource = 'CHROMIUM_PATH' | 'system' | 'playwright';
export type BrowserSearch = { ok: true; path: string; source: BrowserSource } | { ok: false; message: string };

/** What the search asks of the machine; injected so that every case can be tested. */
export interface BrowserProbes {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  isExecutable(file: string): boolean;
  /** Playwright's own Chromium executable path, whether or not it is installed. */
  playwrightChromium(): string;
  /** Runs `playwright install chromium`; ok when it exited 0, with one line of why not. */
  installPlaywrightChromium(): { ok: boolean; reason: string };
}

const COMMANDS = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome'];

function knownPlaces(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  switch (platform) {
    case 'darwin':
      return ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
    case 'win32': {
      const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter((r): r is string => !!r);
      return roots.flatMap((r) => [
        path.win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'),
        path.win32.join(r, 'Chromium', 'Application', 'chrome.exe'),
      ]);
    }
    default:
      return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];
  }
}

function onPath(probes: BrowserProbes): string | null {
  const win = probes.platform === 'win32';
  const dirs = (probes.env['PATH'] ?? probes.env['Path'] ?? '').split(win ? ';' : ':').filter(Boolean);
  const exts = win ? (probes.env['PATHEXT'] ?? '.EXE').split(';') : [''];
  const join = win ? path.win32.join : path.posix.join;
  for (const command of COMMANDS) {
    for (const dir of dirs) {
      for (const ext of exts) {
        const file = join(dir, command + ext.toLowerCase());
        if (probes.isExecutable(file)) return file;
      }
    }
  }
  return null;
}

export const NO_BROWSER = [
  'No Chromium for the browser tests. Get one in one of three ways:',
  '  1. set CHROMIUM_PATH to a Chromium or Google Chrome executable;',
  "  2. install the system's Chromium or Chrome (Debian/Ubuntu: sudo apt-get install chromium; Fedora: sudo dnf install chromium;",
  '     macOS: brew install --cask chromium; Windows: install Google Chrome);',
  "  3. npx playwright install chromium (Playwright's own build, downloaded from Playwright's servers).",
].join('\n');

/** Finds a Chromium; with `install`, tries Playwright's download when nothing else is there. */
export function findChromium(probes: BrowserProbes, options: { install: boolean }): BrowserSearch {
  const forced = probes.env['CHROMIUM_PATH'];
  if (forced) {
    if (probes.isExecutable(forced)) return { ok: true, path: forced, source: 'CHROMIUM_PATH' };
    return { ok: false, message: `CHROMIUM_PATH is set to ${forced}, which is not an executable file.\n${NO_BROWSER}` };
  }
  const system = onPath(probes) ?? knownPlaces(probes.platform, probes.env).find((f) => probes.isExecutable(f));
  if (system) return { ok: true, path: system, source: 'system' };
  const own = probes.playwrightChromium();
  if (probes.isExecutable(own)) return { ok: true, path: own, source: 'playwright' };
  if (!options.install) return { ok: false, message: NO_BROWSER };
  const installed = probes.installPlaywrightChromium();
  if (installed.ok && probes.isExecutable(own)) return { ok: true, path: own, source: 'playwright' };
  return { ok: false, message: `${NO_BROWSER}\n(The third was tried just now and failed: ${installed.reason})` };
}

const require = createRequire(import.meta.url);

/** The probes of this machine. */
export function machineProbes(env: Record<string, string | undefined> = process.env): BrowserProbes {
  return {
    env,
    platform: process.platform,
    isExecutable(file) {
      try {
        accessSync(file, constants.X_OK);
        return statSync(file).isFile();
      } catch {
        return false;
      }
    },
    playwrightChromium: () => chromium.executablePath(),
    installPlaywrightChromium() {
      const cli = path.join(path.dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
      const r = spawnSync(process.execPath, [cli, 'install', 'chromium'], { encoding: 'utf8', timeout: 10 * 60_000 });
      if (r.status === 0) return { ok: true, reason: 'installed' };
      if (r.error) return { ok: false, reason: r.error.message };
      const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim());
      return { ok: false, reason: lines.find((l) => /error|failed/i.test(l)) ?? lines.find((l) => l !== '') ?? `exit code ${r.status}` };
    },
  };
}
