// Bulk prediction written back to the project: the model tags the sentences nobody has reviewed
// and they become `predicted`, with per-span confidence and a per-sentence uncertainty for
// "most useful first". Sentences the user labels meanwhile are skipped by the store's writer.

import type { SentenceStatus, Split } from '../../../contract/entities.js';
import { CoreError } from '../../errors.js';
import { loadModel, predict, type NerModel } from '../../ml/index.js';
import type { PredictedSpan, SentenceRecord, Store } from '../../store/index.js';
import { resolveModelDir } from '../paths.js';
import type { ProgressRecorder } from './progress.js';

export const UNREVIEWED: readonly SentenceStatus[] = ['unlabelled', 'predicted'];
const ALL_SPLITS: readonly Split[] = ['train', 'dev', 'test', 'unlabelled'];
// One write transaction per this many sentences: short enough that the UI's own writes never
// wait long for the lock, long enough that a 100k-sentence project is a few hundred commits.
export const DEFAULT_PREDICT_BATCH = 256;

export interface WriteBack {
  written: number;
  skipped: number;
}

const unit = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

export async function predictInto(
  store: Store,
  model: NerModel,
  modelId: number,
  records: readonly SentenceRecord[],
  opts: { batch: number; signal: AbortSignal; progress: ProgressRecorder },
): Promise<WriteBack> {
  // A type the project no longer has cannot be stored; such spans are dropped.
  const labels = store.project.labelNames();
  const total: WriteBack = { written: 0, skipped: 0 };
  const steps = Math.ceil(records.length / opts.batch);
  opts.progress.enterStage('predict');
  for (let k = 0; k < steps; k++) {
    if (opts.signal.aborted) throw abortError();
    const part = records.slice(k * opts.batch, (k + 1) * opts.batch);
    const preds = await predict(
      model,
      part.map((r) => r.words),
    );
    const items = preds.map((p, n) => ({
      sentenceId: part[n]!.id,
      spans: p.entities
        .filter((e) => labels.has(e.label))
        .map((e): PredictedSpan => ({ start: e.start, end: e.end, label: e.label, confidence: unit(e.confidence) })),
      uncertainty: unit(p.uncertainty),
    }));
    const result = store.writePredictions(modelId, items);
    total.written += result.written;
    total.skipped += result.skipped;
    opts.progress.report(
      { stage: 'predict', epoch: 1, epochs: 1, step: k + 1, steps, loss: 0, tokensPerSec: 0, etaSec: null, devF1: null },
      k + 1 === steps,
    );
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return total;
}

/** Unreviewed sentences of `lang` in `splits` (all splits when absent), in document order. */
export function unreviewed(store: Store, lang: string, splits: readonly Split[] = ALL_SPLITS): SentenceRecord[] {
  return store.sentences.records({ lang, splits, statuses: UNREVIEWED }).filter((r) => r.words.length > 0);
}

export function abortError(): Error {
  const err = new Error('cancelled');
  err.name = 'AbortError';
  return err;
}

/** A `predict` run: config { modelId, lang, splits }. */
export async function runPrediction(
  store: Store,
  runId: number,
  opts: { batch: number; signal: AbortSignal; progress: ProgressRecorder; changed: () => void },
): Promise<void> {
  const config = store.runs.get(runId).config as { modelId?: unknown; lang?: unknown; splits?: unknown };
  if (typeof config.modelId !== 'number' || typeof config.lang !== 'string' || !Array.isArray(config.splits)) {
    throw new CoreError('BAD_REQUEST', `run ${runId} is not a prediction run`);
  }
  const info = store.models.get(config.modelId);
  const model = loadModel(resolveModelDir(store.path, info.dir));
  try {
    const result = await predictInto(store, model, info.id, unreviewed(store, config.lang, config.splits as Split[]), opts);
    if (result.written > 0) opts.changed();
  } finally {
    model.dispose();
  }
}
