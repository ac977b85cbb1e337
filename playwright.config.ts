import { defineConfig } from '@playwright/test';
import { findChromium, machineProbes } from './test/e2e/browser.js';

// The Chromium of CHROMIUM_PATH, the system or Playwright (test/e2e/browser.ts). The global setup
// stops the run with one message when there is none, after trying Playwright's download.
const browser = findChromium(machineProbes(), { install: false });
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  // One worker: the specs share one served project, and the machine has two cores.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  globalSetup: './test/e2e/global-setup.ts',
  projects: [
    {
      name: 'web',
      testIgnore: /electron\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: browser.ok ? browser.path : undefined, args: chromiumArgs },
        viewport: { width: 1400, height: 860 },
        screenshot: 'only-on-failure',
      },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
});
