#!/usr/bin/env node
// `npm run fetch:electron`: downloads Electron's binary (again), for `npm start`'s desktop window
// and for packaging. Exits 1 with the reason when the download fails.

import { electronBinary, fetchElectronBinary } from './lib/electron-binary.mjs';

const result = fetchElectronBinary();
if (result.ok) {
  console.log(`Electron's binary is at ${electronBinary()} (${result.reason})`);
} else {
  console.error(`crosstag: Electron's binary could not be downloaded: ${result.reason}`);
  console.error("It comes from GitHub releases; behind a proxy or mirror set ELECTRON_MIRROR (see Electron's installation docs).");
  process.exit(1);
}
