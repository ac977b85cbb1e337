// The Electron preload runs sandboxed, where only `electron` can be required, so it is bundled
// into one CommonJS file next to the compiled main process.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entry = 'src-main/electron/preload.ts';
if (existsSync(entry)) {
  await build({
    entryPoints: [entry],
    outfile: 'dist/main/electron/preload.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    sourcemap: true,
  });
}
