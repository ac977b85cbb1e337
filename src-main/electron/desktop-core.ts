// The desktop app's core: created with this shell's options and opened on the right project.

import { join } from 'node:path';
import type { RecentProject } from '../contract/entities.js';
import { createCore, METHODS } from '../core/service/index.js';
import { coreBridge, type CoreBridge } from '../core/shell/index.js';
import type { Spawner } from './job-spawner.js';

export interface DesktopCoreOptions {
  userData: string;
  /** Relative paths in params resolve here. */
  baseDir: string;
  nativeBinding: string | undefined;
  version: string;
  /** A project named on the command line. */
  project: string | null;
  /** Starts training and inference workers: utilitySpawner() in the app; none means no ML. */
  spawner?: Spawner | undefined;
  /** The demo project to open on first run, if any (called only when nothing else opens). */
  demo: () => string | null;
}

export interface DesktopCore {
  bridge: CoreBridge;
  methods: readonly string[];
  close(): Promise<void>;
}

export async function openDesktopCore(opts: DesktopCoreOptions): Promise<DesktopCore> {
  // Shell-specific options: the Electron-ABI SQLite binding (passed on to job workers too), the
  // user-data recent list and the job spawner, utilitySpawner() from ./job-spawner.ts.
  const core = createCore({
    shell: 'electron',
    recentFile: join(opts.userData, 'recent.json'),
    baseDir: opts.baseDir,
    nativeBinding: opts.nativeBinding,
    version: opts.version,
    spawner: opts.spawner,
  });
  const bridge = coreBridge(core);

  // Launch order: the named project, else the most recent one that still exists, else the demo.
  // A project that fails to open is skipped; the app then starts on its Projects screen.
  const recent = await bridge.dispatch('projects.recent', {});
  const lastUsed = recent.ok ? ((recent.value as RecentProject[]).find((p) => !p.missing)?.path ?? null) : null;
  for (const next of [() => opts.project, () => lastUsed, opts.demo]) {
    const path = next();
    if (path === null) continue;
    const opened = await bridge.dispatch('projects.open', { path });
    if (opened.ok) break;
    console.error(`crosstag: cannot open ${path}: ${opened.error.message}`);
  }

  return { bridge, methods: METHODS, close: () => core.close() };
}
