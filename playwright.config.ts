import { defineConfig } from '@playwright/test';

// Debian's Chromium: `npx playwright install` cannot download browsers on these machines.
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
        launchOptions: { executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: chromiumArgs },
        viewport: { width: 1400, height: 860 },
        screenshot: 'only-on-failure',
      },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
});
