// Events pushed from the core to every connected UI, named `domain.event`.

import type { RunInfo, RunStage } from './entities.js';

export interface RunProgress {
  runId: number;
  stage: RunStage;
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  tokensPerSec: number;
  etaSec: number | null;
  devF1: number | null;
  backend: string;
}

export interface Events {
  'training.progress': RunProgress;
  'training.status': RunInfo;
  /** Sentences changed outside the current view (an import, predictions written back). */
  'sentences.changed': { reason: 'import' | 'predictions' | 'undo' | 'project' };
}

export type EventName = keyof Events;
