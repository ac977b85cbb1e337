#!/usr/bin/env node
// `npm run serve:demo`: create the demo project on first use, then serve it with the web shell.
// The first line printed is the URL to open (token included).
//
//   node scripts/serve-demo.mjs [--port P] [--db FILE]

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, userDataDir } from './lib/paths.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

for (const built of [cli, join(root, 'dist', 'renderer', 'index.html')]) {
  if (!existsSync(built)) {
    console.error(`crosstag: ${built} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}

const db = option('--db') ?? join(userDataDir(), 'demo.sqlite');
// Progress goes to stderr so that stdout's first line is the URL, as with `crosstag serve`.
const made = spawnSync(process.execPath, [cli, 'demo', db, '--if-missing'], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
if (made.status !== 0) process.exit(made.status ?? 1);

const server = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', option('--port') ?? '0'], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 1));
