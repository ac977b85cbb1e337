// The seam between the core service and the training engine. The core owns the project and the
// boundary; every ML method is delegated to an MlService passed to createCore, and without one
// those methods fail with a clear error instead of pretending.

import type { Method, Params, Result } from '../../contract/api.js';
import type { EventName, Events } from '../../contract/events.js';
import { CoreError } from '../errors.js';
import type { Store } from '../store/index.js';

export const ML_METHODS = [
  'backend.info',
  'backend.settings',
  'backend.configure',
  'training.start',
  'training.cancel',
  'training.resume',
  'training.list',
  'training.get',
  'predict.start',
  'models.list',
  'models.rename',
  'models.delete',
  'models.export',
  'models.import',
  'evaluate.run',
  'pairs.similarity',
] as const satisfies readonly Method[];

export type MlMethod = (typeof ML_METHODS)[number];

/** What the core lends the engine for one call. */
export interface MlContext {
  /** The open project's store; throws NO_PROJECT when none is open. */
  store(): Store;
  /** The open project's file; throws NO_PROJECT when none is open. */
  projectPath(): string;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** A user-supplied path made absolute against the shell's base directory (paths in params arrive already resolved). */
  resolvePath(p: string): string;
}

/**
 * The engine's side of the seam: one function per ML method. Paths in params
 * (`models.export`, `models.import`) are already absolute when they arrive.
 */
export type MlService = { [M in MlMethod]: (params: Params<M>, ctx: MlContext) => Promise<Result<M>> } & {
  /** Called when a project opens (with its store) or closes, e.g. to mark runs a crash left running. */
  projectChanged?(path: string | null, store: Store | null): void;
  close?(): void | Promise<void>;
};

export function mlUnavailable(): never {
  throw new CoreError('INTERNAL', 'training engine not available in this build');
}
