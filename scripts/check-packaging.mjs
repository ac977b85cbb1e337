#!/usr/bin/env node
// Runs before `npm run dist`: packaging downloads what the install does not keep, so say what it
// needs before electron-builder fails half-way. electron-builder fetches the Electron build of each
// target platform (the version pinned as electronVersion in electron-builder.yml), and rebuilds
// better-sqlite3 against Electron's headers.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/paths.mjs';

const pinned = /^electronVersion:\s*(\S+)/m.exec(readFileSync(join(root, 'electron-builder.yml'), 'utf8'))?.[1];
const installed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.electron;
if (pinned !== installed) {
  console.error(`crosstag: electron-builder.yml pins Electron ${pinned} but package.json has ${installed}; make them equal.`);
  process.exit(1);
}

const hosts = [
  {
    what: `Electron ${pinned} for each target platform`,
    url: process.env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases',
  },
  { what: "Electron's headers for the better-sqlite3 rebuild", url: process.env.npm_config_disturl ?? 'https://electronjs.org/headers' },
];
const unreachable = [];
for (const { what, url } of hosts) {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    unreachable.push(`${what} from ${url} (${err.cause?.code ?? err.message})`);
  }
}
if (unreachable.length > 0) {
  console.error(
    [
      'crosstag: packaging needs to download:',
      ...unreachable.map((u) => `  - ${u}`),
      'and cannot reach it from this machine. Package where those hosts are reachable, or point',
      'ELECTRON_MIRROR (and npm_config_disturl) at a mirror. The app itself runs without them: `npm start`.',
    ].join('\n'),
  );
  process.exit(1);
}
