// Builds one small project with the real CLI and serves it with `crosstag serve`, once for the
// whole browser run. The specs read the URL from CROSSTAG_E2E_URL.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, machineProbes } from './browser.js';
import { crosstag, root, serve, type Served } from './cli.js';
import { seedPredictions } from './seed.js';

const fixture = (name: string): string => join(root, 'test', 'fixtures', 'e2e', name);

export default async function globalSetup(): Promise<() => Promise<void>> {
  const browser = findChromium(machineProbes(), { install: true });
  if (!browser.ok) {
    // The message alone, without a stack: it is the whole story.
    const err = new Error(browser.message);
    err.stack = browser.message;
    throw err;
  }
  // The workers start after this and read the same browser from the environment.
  process.env['CHROMIUM_PATH'] = browser.path;
  if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build:renderer` first (npm run test:e2e does)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'crosstag-e2e-'));
  // The web shell keeps its recent-projects list here instead of the user's real one.
  const env = { ...process.env, CROSSTAG_HOME: dir };
  const db = join(dir, 'e2e.sqlite');
  let served: Served;
  try {
    crosstag(['project', 'create', db, '--name', 'Browser tests', '--labels', 'PER,ORG,LOC,MISC'], env);
    crosstag(['project', 'import', db, fixture('en-train.conll'), '--lang', 'en', '--split', 'train'], env);
    crosstag(['project', 'import', db, fixture('en-unlabelled.txt'), '--lang', 'en', '--unlabeled'], env);
    crosstag(['project', 'import', db, fixture('es-unlabelled.txt'), '--lang', 'es', '--unlabeled'], env);
    crosstag(['project', 'import', db, fixture('ar-unlabelled.txt'), '--lang', 'ar', '--unlabeled'], env);
    crosstag(['project', 'import', db, fixture('zh-unlabelled.txt'), '--lang', 'zh', '--unlabeled'], env);
    seedPredictions(db);
    served = await serve(db, env);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  process.env['CROSSTAG_E2E_URL'] = served.url;
  process.env['CROSSTAG_E2E_DB'] = db;
  return async () => {
    await served.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
