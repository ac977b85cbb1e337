// Turns the engine's progress callbacks into the run's records: the stage in the runs table,
// one run_metrics row per finished epoch, and throttled progress messages for the UI.
//
// The engine's report with step === steps is the epoch-end one, carrying the epoch's mean loss
// and dev score. Metrics rows are upserts per (stage, epoch), so a report of the last step
// before it (or an epoch repeated after a resume) is replaced by the final one.

import type { RunStage } from '../../../contract/entities.js';
import type { RunProgress } from '../../../contract/events.js';
import type { Progress } from '../../ml/index.js';
import type { Store } from '../../store/index.js';
import type { FromWorker } from '../protocol.js';

// A progress bar needs a few updates a second, not one per step.
const MIN_INTERVAL_MS = 250;

export class ProgressRecorder {
  private stage: RunStage | null = null;
  private epochStarted = performance.now();
  private lastSent = 0;

  constructor(
    private readonly store: Store,
    private readonly runId: number,
    private readonly backend: string,
    private readonly send: (m: FromWorker) => void,
  ) {}

  /** Marks a stage without engine progress (prediction write-back). */
  enterStage(stage: RunStage): void {
    if (stage === this.stage) return;
    this.stage = stage;
    this.store.runs.update(this.runId, { stage });
    this.send({ type: 'status' });
  }

  readonly onProgress = (p: Progress): void => {
    this.enterStage(p.stage);
    const epochEnd = p.step === p.steps;
    if (epochEnd) {
      this.store.runs.addMetrics(this.runId, {
        stage: p.stage,
        epoch: p.epoch,
        loss: p.loss,
        devF1: p.devF1,
        tokensPerSec: p.tokensPerSec,
        // Wall time since the previous epoch ended (or the run began), dev scoring included.
        seconds: (performance.now() - this.epochStarted) / 1000,
      });
      this.epochStarted = performance.now();
      this.send({ type: 'status' });
    }
    this.report(p, epochEnd);
  };

  report(p: Progress, force = false): void {
    const now = performance.now();
    if (!force && p.step !== 1 && now - this.lastSent < MIN_INTERVAL_MS) return;
    this.lastSent = now;
    const progress: RunProgress = { runId: this.runId, ...p, backend: this.backend };
    this.send({ type: 'progress', progress });
  }
}
