#!/usr/bin/env node
// `npm start` (after `npm run build`): make sure the Electron-ABI SQLite build and the demo
// project exist, then launch the desktop app. Where the Electron binary was never downloaded
// (a failed or skipped download, see lib/electron-binary.mjs), say so and serve the same app on the demo
// project to the browser instead (scripts/serve-demo.mjs).

import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinary } from './lib/electron-binary.mjs';
import { cli, root, userDataDir } from './lib/paths.mjs';

const binary = electronBinary();
if (binary === null) {
  // The same app, core and demo project, served to the browser by the web shell.
  console.error(
    [
      'crosstag: the Electron binary is not installed on this machine (its download failed or was skipped at install),',
      'so the desktop window cannot open. Serving the same app on the demo project to your browser instead',
      '(npm run serve:demo): open the URL below. For the desktop window, run `npm run fetch:electron` with network',
      'access, then `npm start` again.',
    ].join('\n'),
  );
  const web = spawn(process.execPath, [join(root, 'scripts', 'serve-demo.mjs'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => web.kill(signal));
  web.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  start(binary);
}

function start(binary) {
  const step = (label, args) => {
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`crosstag: ${label} failed`);
      process.exit(r.status ?? 1);
    }
  };

  step('building better-sqlite3 for Electron', [join(root, 'scripts', 'rebuild-electron-native.mjs')]);
  const demo = join(userDataDir(), 'demo.sqlite');
  step('creating the demo project', [cli, 'demo', demo, '--if-missing']);

  // The demo is opened only when there is no recent project to reopen.
  const app = spawn(binary, [root, '--demo', demo, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
  app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
