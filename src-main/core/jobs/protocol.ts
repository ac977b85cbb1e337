// Messages between the parent (the job runner, the inference client) and a worker process.
// Everything here is plain structured-clone data: the same messages travel over
// child_process.fork (web, CLI) and Electron's utilityProcess (desktop).

import type { Split } from '../../contract/entities.js';
import type { ApiError } from '../../contract/errors.js';
import type { RunProgress } from '../../contract/events.js';
import type { SmallEncoderConfig } from '../ml/index.js';

/**
 * Engine settings outside the contract's TrainingConfig (sizes, step counts). A shell or a test
 * may set them; they are recorded in the run's config so that a resume uses the same ones.
 */
export interface EngineTuning {
  encoderOverrides?: Partial<SmallEncoderConfig> | undefined;
  batchSize?: number | undefined;
  /** The evaluator's epochs where the run's TrainingConfig gives none (its own field wins). */
  evaluatorEpochs?: number | undefined;
  /** Checkpoint every N steps as well as at epoch ends, so a crash loses little work. */
  checkpointEvery?: number | undefined;
  /** Sentences predicted and written back per transaction. */
  predictBatch?: number | undefined;
}

export interface StoreRef {
  dbPath: string;
  /** better-sqlite3 binding for the worker's ABI (Electron's), when not the package's own. */
  nativeBinding?: string | undefined;
}

/** A one-shot job: the worker reads the rest (config, model) from the run's row. */
export interface RunJob extends StoreRef {
  kind: 'train' | 'predict';
  runId: number;
  resume: boolean;
}

/** What a model folder holds, as checked by loading it. */
export interface ModelDescription {
  kind: 'teacher' | 'student';
  encoder: string;
  labels: string[];
  metrics: Record<string, number>;
}

export type InferenceRequest =
  | { kind: 'probe' }
  | ({ kind: 'evaluate'; modelDir: string; lang: string; split: Split } & StoreRef)
  | { kind: 'similarity'; modelDir: string; a: string[]; b: string[] }
  | { kind: 'describe'; modelDir: string };

/** The reason given to a run that stopped because the app closed or crashed. */
export const INTERRUPTED = 'interrupted: the app closed or crashed during the run; resume continues from the last checkpoint';

/** `shutdown`: the app is closing; the run is recorded as interrupted (resumable), not cancelled. */
export type CancelReason = 'user' | 'shutdown';

export type ToWorker =
  { type: 'run'; job: RunJob } | { type: 'cancel'; reason: CancelReason } | { type: 'request'; id: number; request: InferenceRequest };

export type FromWorker =
  | { type: 'progress'; progress: RunProgress }
  /** The run's row changed (status, stage, metrics, models): the parent re-reads and relays it. */
  | { type: 'status' }
  | { type: 'sentences-changed' }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ApiError };

export function isFromWorker(m: unknown): m is FromWorker {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}
