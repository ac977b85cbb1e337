// The app version, from the nearest package.json named crosstag above this module (the same walk
// works from src-main under tsx, from dist/main, and inside an Electron asar).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function appVersion(): string {
  if (cached !== null) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'crosstag' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // No readable package.json here: keep walking up.
    }
    const up = path.dirname(dir);
    if (up === dir) return (cached = '0.0.0');
    dir = up;
  }
}
