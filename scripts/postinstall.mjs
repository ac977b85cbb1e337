#!/usr/bin/env node
// After `npm ci` / `npm install`: the downloads that may fail on an offline or locked-down machine,
// each reported in one line, never failing the install.
// - Electron's binary (see lib/electron-binary.mjs): without it `npm start` serves the app to the browser.
// - The optional native TensorFlow.js packages: npm drops them silently when libtensorflow cannot be
//   downloaded; training then uses the next backend in line (README, "Training backends").

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fetchElectronBinary } from './lib/electron-binary.mjs';
import { root } from './lib/paths.mjs';

const electron = fetchElectronBinary();
if (!electron.ok) {
  console.warn(
    `crosstag: Electron's binary was not downloaded (${electron.reason}); the install goes on. ` +
      '`npm start` serves the app to your browser instead; `npm run fetch:electron` tries the download again.',
  );
}

const missing = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].filter(
  (pkg) => !existsSync(join(root, 'node_modules', pkg, 'package.json')),
);
if (missing.length > 0) {
  console.warn(
    `crosstag: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed (libtensorflow could not be downloaded ` +
      'or does not exist for this platform); training uses the next backend in line (README, "Training backends").',
  );
}
