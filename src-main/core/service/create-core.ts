// createCore(): the contract's handlers over the project store, with the ML methods delegated to
// an optional engine. Both shells and the CLI create one and call it through `dispatch`.

import path from 'node:path';
import type { Handlers, Params } from '../../contract/api.js';
import type { EventName } from '../../contract/events.js';
import type { Store } from '../store/index.js';
import { encoderFolder, resolveEncoderFolder } from '../ml/encoders/index.js';
import { encoderService, type HubOptions } from './encoders/index.js';
import type { Listener } from './events.js';
import { annotateHandlers } from './handlers-annotate.js';
import { dictionaryDownloads, type DictionarySourceOptions } from './dictionary-download.js';
import { dictionaryHandlers } from './handlers-dictionaries.js';
import { pairHandlers } from './handlers-pairs.js';
import { projectHandlers } from './handlers-project.js';
import type { EngineTuning, Spawner } from '../jobs/index.js';
import type { MlMethod, MlService } from './ml.js';
import { ML_METHODS, mlUnavailable } from './ml.js';
import { createMlService } from './ml-service.js';
import type { SessionOptions } from './session.js';
import { Session } from './session.js';
import { appVersion } from './version.js';

export interface CoreOptions extends SessionOptions {
  /** Which shell hosts the core, reported by app.info. */
  shell: 'electron' | 'web';
  /** The recent-projects JSON file; the shell picks it (e.g. in the user's data folder). */
  recentFile: string;
  /** Relative paths in params resolve against this folder; without it they are refused. */
  baseDir?: string | undefined;
  /** better-sqlite3 binding for another ABI (the Electron main process passes one). */
  nativeBinding?: string | undefined;
  /** The training engine; without it (and without `spawner`) every ML method fails with INTERNAL. */
  ml?: MlService | undefined;
  /**
   * How the shell starts worker processes (core/jobs' nodeSpawner, or Electron's utilityProcess
   * adapter); with it and no `ml`, the core runs the ML service of ml-service.ts.
   */
  spawner?: Spawner | undefined;
  /** Engine sizes for the ML service made from `spawner` (tests and development: tuning.ts). */
  tuning?: EngineTuning | undefined;
  /** Where encoders.download fetches checkpoints from, and how long it waits (tests point it at a closed port). */
  hub?: HubOptions | undefined;
  /** Where dictionaries.download fetches published dictionaries from (tests serve their own). */
  dictionarySource?: DictionarySourceOptions | undefined;
  version?: string | undefined;
  platform?: string | undefined;
}

export interface Core extends Handlers {
  on<E extends EventName>(event: E, listener: Listener<E>): () => void;
  /** The open project's store, for the shells and the job runner; null when none is open. */
  currentStore(): Store | null;
  /** Closes the open project and the engine. */
  close(): Promise<void>;
}

function mlHandlers(session: Session, ml: MlService | undefined): Pick<Handlers, MlMethod> {
  const delegate = <M extends MlMethod>(method: M) => {
    return async (params: Params<M>) => {
      if (ml === undefined) mlUnavailable();
      let p = params;
      // Paths cross the seam already resolved, so the engine never sees a relative one.
      if (method === 'models.export' || method === 'models.import') {
        const withPath = params as { path: string };
        p = { ...params, path: method === 'models.export' ? session.resolveWritable(withPath.path) : session.resolve(withPath.path) };
      }
      const encoder = (params as { encoder?: unknown }).encoder;
      if (method === 'training.start' && typeof encoder === 'string' && encoderFolder(encoder)) {
        // <kind>:<folder>#<options>: only the folder is a path (an empty one is left for the engine to refuse).
        p = { ...params, encoder: resolveEncoderFolder(encoder, session.resolve) };
      }
      const fn = ml[method] as (params: Params<M>, ctx: ReturnType<Session['mlContext']>) => ReturnType<Handlers[M]>;
      return fn(p, session.mlContext());
    };
  };
  return Object.fromEntries(ML_METHODS.map((m) => [m, delegate(m)])) as unknown as Pick<Handlers, MlMethod>;
}

export function createCore(options: CoreOptions): Core {
  const ml =
    options.ml ??
    (options.spawner
      ? createMlService({
          spawner: options.spawner,
          nativeBinding: options.nativeBinding,
          tuning: options.tuning,
          // Beside the recent-projects list: the user's settings, not a project's.
          settingsFile: path.join(path.dirname(options.recentFile), 'engine-settings.json'),
        })
      : undefined);
  const opts = { ...options, ml };
  const session = new Session(opts);
  const encoders = encoderService(session, opts.hub);
  const downloads = dictionaryDownloads(session, opts.dictionarySource);
  const handlers = {
    ...projectHandlers(session, { version: opts.version ?? appVersion(), shell: opts.shell, platform: opts.platform }),
    ...annotateHandlers(session),
    ...pairHandlers(session),
    ...dictionaryHandlers(session),
    ...downloads.handlers,
    ...encoders.handlers,
    ...mlHandlers(session, opts.ml),
  } satisfies Handlers;
  let closed = false;
  return {
    ...handlers,
    on: (event, listener) => session.events.on(event, listener),
    currentStore: () => session.store,
    close: async () => {
      if (closed) return;
      closed = true;
      encoders.close();
      downloads.close();
      session.closeProject();
      session.events.clear();
      await opts.ml?.close?.();
    },
  };
}
