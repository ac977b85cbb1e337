import { describe, expect, it } from 'vitest';
import { findChromium, NO_BROWSER, type BrowserProbes } from '../../e2e/browser.js';

const OWN = '/home/u/.cache/ms-playwright/chromium-1200/chrome-linux/chrome';

/** A machine where exactly `executables` exist; installing Playwright's Chromium adds OWN when `installWorks`. */
function machine(opts: {
  executables?: string[];
  env?: Record<string, string>;
  platform?: NodeJS.Platform;
  installWorks?: boolean;
}): BrowserProbes & { installs: number } {
  const files = new Set(opts.executables ?? []);
  const probes = {
    installs: 0,
    env: opts.env ?? { PATH: '/usr/local/bin:/usr/bin:/bin' },
    platform: opts.platform ?? 'linux',
    isExecutable: (file: string) => files.has(file),
    playwrightChromium: () => OWN,
    installPlaywrightChromium() {
      probes.installs++;
      if (!opts.installWorks) return { ok: false, reason: 'getaddrinfo ENOTFOUND cdn.playwright.dev' };
      files.add(OWN);
      return { ok: true, reason: 'installed' };
    },
  };
  return probes;
}

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first, over a system Chromium', () => {
    const m = machine({
      executables: ['/usr/bin/chromium', '/opt/chrome/chrome'],
      env: { CHROMIUM_PATH: '/opt/chrome/chrome', PATH: '/usr/bin' },
    });
    expect(findChromium(m, { install: true })).toEqual({ ok: true, path: '/opt/chrome/chrome', source: 'CHROMIUM_PATH' });
  });

  it('refuses a CHROMIUM_PATH that names no executable instead of falling through, and installs nothing', () => {
    const m = machine({ executables: ['/usr/bin/chromium'], env: { CHROMIUM_PATH: '/opt/chrom', PATH: '/usr/bin' } });
    const found = findChromium(m, { install: true });
    expect(found.ok).toBe(false);
    expect(!found.ok && found.message).toContain('CHROMIUM_PATH is set to /opt/chrom, which is not an executable file');
    expect(m.installs).toBe(0);
  });

  it("finds the system's Chromium or Chrome on PATH, in PATH order", () => {
    const m = machine({ executables: ['/snap/bin/chromium', '/opt/google/bin/google-chrome'], env: { PATH: '/opt/google/bin:/snap/bin' } });
    expect(findChromium(m, { install: true })).toEqual({ ok: true, path: '/snap/bin/chromium', source: 'system' });
    const chromeOnly = machine({ executables: ['/opt/google/bin/google-chrome'], env: { PATH: '/opt/google/bin:/snap/bin' } });
    expect(findChromium(chromeOnly, { install: true })).toEqual({ ok: true, path: '/opt/google/bin/google-chrome', source: 'system' });
  });

  it("finds the platform's usual places without PATH: Linux, macOS and Windows", () => {
    expect(findChromium(machine({ executables: ['/usr/bin/chromium'], env: {} }), { install: false })).toMatchObject({
      source: 'system',
      path: '/usr/bin/chromium',
    });
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findChromium(machine({ executables: [mac], env: {}, platform: 'darwin' }), { install: false })).toMatchObject({
      source: 'system',
      path: mac,
    });
    const win = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    const found = findChromium(machine({ executables: [win], env: { PROGRAMFILES: 'C:\\Program Files' }, platform: 'win32' }), {
      install: false,
    });
    expect(found).toMatchObject({ source: 'system', path: win });
  });

  it("uses Playwright's own Chromium when installed, without downloading it again", () => {
    const m = machine({ executables: [OWN] });
    expect(findChromium(m, { install: true })).toEqual({ ok: true, path: OWN, source: 'playwright' });
    expect(m.installs).toBe(0);
  });

  it("installs Playwright's Chromium when nothing else is there and the download works", () => {
    const m = machine({ installWorks: true });
    expect(findChromium(m, { install: true })).toEqual({ ok: true, path: OWN, source: 'playwright' });
    expect(m.installs).toBe(1);
  });

  it('stops with one message naming the three ways when the download fails too', () => {
    const m = machine({ installWorks: false });
    const found = findChromium(m, { install: true });
    expect(m.installs).toBe(1);
    expect(found.ok).toBe(false);
    const message = !found.ok ? found.message : '';
    expect(message.startsWith(NO_BROWSER)).toBe(true);
    for (const way of ['CHROMIUM_PATH', 'apt-get install chromium', 'npx playwright install chromium']) expect(message).toContain(way);
    expect(message).toContain('ENOTFOUND cdn.playwright.dev');
  });

  it('does not try the download where it is not allowed (the config, before the global setup)', () => {
    const m = machine({ installWorks: true });
    expect(findChromium(m, { install: false })).toEqual({ ok: false, message: NO_BROWSER });
    expect(m.installs).toBe(0);
  });
});
