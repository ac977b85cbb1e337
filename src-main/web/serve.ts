// Startup of the web shell: create the core with this shell's options, open the project, start
// the loopback server. `crosstag serve` calls this and prints `url` as its first line.

import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreError } from '../core/errors.js';
import { nodeSpawner } from '../core/jobs/index.js';
import { createCore, tuningPreset } from '../core/service/index.js';
import type { Core } from '../core/service/index.js';
import { coreBridge } from '../core/shell/index.js';
import { LOOPBACK_HOST, startWebServer } from './server.js';
import type { WebServer } from './server.js';
import { userDataDir } from './user-data.js';

export interface ServeOptions {
  db: string;
  port?: number | undefined;
  host?: string | undefined;
  /** Create the project when the file does not exist yet (otherwise that is an error). */
  create?: boolean | undefined;
  /** Paths given relative are resolved against this folder (the shell's working directory). */
  cwd: string;
  /** Defaults to dist/renderer of this installation. */
  staticDir?: string | undefined;
  /** Defaults to the per-user data folder; holds recent.json. */
  dataDir?: string | undefined;
  /** Fixed only by tests. */
  token?: string | undefined;
  /**
   * Engine size preset (core/service/tuning.ts); defaults to the CROSSTAG_TUNING environment
   * variable. `tiny` is a test and development knob: real runs that finish in seconds.
   */
  tuning?: string | undefined;
}

export interface RunningServe {
  url: string;
  server: WebServer;
  core: Core;
  /** Problems worth a line on stderr (e.g. the renderer was never built). */
  warnings: string[];
  close(): Promise<void>;
}

/** The installation's root: the folder with package.json above this module (src or dist). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the Crosstag installation folder');
    dir = up;
  }
  return dir;
}

export function defaultStaticDir(): string {
  return join(packageRoot(), 'dist', 'renderer');
}

export async function startServe(opts: ServeOptions): Promise<RunningServe> {
  const host = opts.host ?? LOOPBACK_HOST;
  if (host !== LOOPBACK_HOST)
    throw new CoreError('BAD_REQUEST', `--host must be ${LOOPBACK_HOST}: the web shell never listens beyond this machine`);
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CoreError('BAD_REQUEST', `--port must be 0..65535, not ${String(opts.port)}`);
  const db = resolve(opts.cwd, opts.db);
  if (!existsSync(db) && opts.create !== true) {
    throw new CoreError('NOT_FOUND', `${opts.db}: no such project file (pass --create to make a new one)`);
  }
  const staticDir = opts.staticDir ?? defaultStaticDir();
  const tuningName = opts.tuning ?? process.env['CROSSTAG_TUNING'];
  const tuning = tuningPreset(tuningName);
  const warnings = existsSync(join(staticDir, 'index.html'))
    ? []
    : [`${staticDir} has no index.html; run \`npm run build:renderer\` (the API still works)`];
  if (tuning) warnings.push(`training uses the ${tuningName} engine sizes (CROSSTAG_TUNING), meant for tests: its models are not useful`);

  // The web shell's core. Shell-specific options go here: where the recent list lives, which
  // folder relative paths resolve against, and the job spawner, which for this shell is
  // core/jobs' nodeSpawner() (child_process.fork), and the engine size preset.
  const core = createCore({
    shell: 'web',
    recentFile: join(opts.dataDir ?? userDataDir(), 'recent.json'),
    baseDir: opts.cwd,
    spawner: nodeSpawner(),
    tuning,
  });
  const bridge = coreBridge(core);
  try {
    const opened = existsSync(db)
      ? await bridge.dispatch('projects.open', { path: db })
      : await bridge.dispatch('projects.create', { path: db, name: basename(db, extname(db)) });
    if (!opened.ok) throw new CoreError(opened.error.code, opened.error.message);
    const server = await startWebServer({ bridge, staticDir, port, host, token: opts.token }).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new CoreError(
          'CONFLICT',
          `port ${port} on ${host} is already in use; choose another with --port, or --port 0 for any free one`,
        );
      }
      throw err;
    });
    return {
      url: server.url,
      server,
      core,
      warnings,
      close: async () => {
        await server.close();
        await core.close();
      },
    };
  } catch (err) {
    await core.close();
    throw err;
  }
}
