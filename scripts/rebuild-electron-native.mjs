#!/usr/bin/env node
// Builds a second copy of better-sqlite3 for Electron's ABI into build/electron-native/, leaving
// node_modules (Node's ABI, used by the tests and the CLI) untouched. The Electron main process
// and its utility processes load this copy through better-sqlite3's `nativeBinding` option.
//
// Tries a prebuilt binary first (prebuild-install --runtime electron), then a source build
// against Electron's headers (node-gyp). Does nothing when an up-to-date copy exists.
//
//   node scripts/rebuild-electron-native.mjs [--force]

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { electronVersion, root } from './lib/paths.mjs';

const source = join(root, 'node_modules', 'better-sqlite3');
const target = join(root, 'build', 'electron-native', 'better-sqlite3');
const binding = join(target, 'build', 'Release', 'better_sqlite3.node');
const stampFile = join(target, '.crosstag-build.json');

const electron = electronVersion();
const sqliteVersion = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version;
const stamp = { electron, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };

const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';
if (!process.argv.includes('--force') && existsSync(binding) && current === JSON.stringify(stamp)) {
  console.log(`better-sqlite3 ${sqliteVersion} for Electron ${electron} is up to date (${binding})`);
  process.exit(0);
}

console.log(`building better-sqlite3 ${sqliteVersion} for Electron ${electron} (${process.platform}-${process.arch}) in ${target}`);
rmSync(target, { recursive: true, force: true });
// The Node-ABI build output stays behind so a failed Electron build can never be mistaken for one.
cpSync(source, target, { recursive: true, filter: (p) => !p.startsWith(join(source, 'build')) });

const run = (label, args, env = {}) => {
  console.log(`> ${label}`);
  const r = spawnSync(process.execPath, args, { cwd: target, stdio: 'inherit', env: { ...process.env, ...env }, timeout: 20 * 60_000 });
  return r.status === 0 && existsSync(binding);
};

const prebuilt = run('prebuild-install (Electron runtime)', [
  join(root, 'node_modules', 'prebuild-install', 'bin.js'),
  '--runtime',
  'electron',
  '--target',
  electron,
  '--arch',
  process.arch,
  '--platform',
  process.platform,
  '--verbose',
]);
const built =
  prebuilt ||
  run(
    'node-gyp rebuild against Electron headers',
    [
      join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
      'rebuild',
      '--release',
      `--target=${electron}`,
      `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers',
    ],
    { npm_config_runtime: 'electron', npm_config_target: electron, npm_config_disturl: 'https://electronjs.org/headers' },
  );

if (!built) {
  console.error(
    [
      '',
      `rebuild-electron-native: could not build better-sqlite3 for Electron ${electron}.`,
      'Both need the network: prebuild-install downloads a prebuilt binary from the better-sqlite3',
      'releases, node-gyp downloads the Electron headers. Where neither is reachable, use the web',
      'shell instead: `npm run serve:demo`, then open the printed URL.',
    ].join('\n'),
  );
  process.exit(1);
}
writeFileSync(stampFile, JSON.stringify(stamp));
console.log(`better-sqlite3 for Electron ${electron}: ${binding}`);
