// Events pushed from the core to every connected UI, named `domain.event`.

import type { RunInfo, RunStage } from './entities.js';

/** Where a training stage is: reported after every step, and once more at each epoch's end. */
export interface TrainingProgress {
  stage: RunStage;
  /** 1-based epoch in progress. */
  epoch: number;
  epochs: number;
  /** Steps done in this epoch; equal to `steps` in the epoch-end report. */
  step: number;
  steps: number;
  loss: number;
  tokensPerSec: number;
  etaSec: number | null;
  /** Dev score of the epoch just finished (in the epoch-end report), else null. */
  devF1: number | null;
}

export interface RunProgress extends TrainingProgress {
  runId: number;
  backend: string;
}

export interface Events {
  'training.progress': RunProgress;
  'training.status': RunInfo;
  /** Sentences changed outside the current view (an import, predictions written back). */
  'sentences.changed': { reason: 'import' | 'predictions' | 'undo' | 'project' };
  /**
   * A desktop-menu command that needs the UI's own form (language, split, format), sent only by
   * the Electron shell after its native file or folder dialog: open the import or export form
   * with this path filled in, add the chosen pretrained encoder folder, or show the keyboard help.
   */
  'app.command': AppCommand;
  /** Bytes of one file of an `encoders.download` so far; `total` is null when the hub did not say. */
  'encoders.progress': EncoderDownloadProgress;
  /** Bytes of a `dictionaries.download` so far; `total` is null when the server did not say. */
  'dictionaries.progress': DictionaryDownloadProgress;
}

export interface DictionaryDownloadProgress {
  srcLang: string;
  tgtLang: string;
  received: number;
  total: number | null;
}

export interface EncoderDownloadProgress {
  repo: string;
  file: string;
  received: number;
  total: number | null;
}

export type AppCommand =
  | { command: 'import'; path: string }
  | { command: 'export'; path: string }
  | { command: 'add-encoder'; path: string }
  | { command: 'shortcuts' }
  /** Edit ▸ Undo or Redo outside a text field: the page undoes the edits of the screen it shows. */
  | { command: 'undo' }
  | { command: 'redo' };

export type EventName = keyof Events;
