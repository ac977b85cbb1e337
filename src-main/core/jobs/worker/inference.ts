// Requests served by the persistent inference worker: the backend report, evaluation on a
// labelled split, teacher similarity for a pair, and checking a model folder. Models stay loaded
// between requests (a few, least recently used first out) and reload when their files change.

import { statSync } from 'node:fs';
import path from 'node:path';
import type { BackendReport, EvalReport, SentenceStatus } from '../../../contract/entities.js';
import { CoreError } from '../../errors.js';
import { entitiesOf, evaluate } from '../../eval/index.js';
import { spansToTags } from '../../formats/scheme.js';
import { encoderName, initBackend, loadModel, predict, similarity, type NerModel } from '../../ml/index.js';
import { openStore } from '../../store/index.js';
import type { InferenceRequest, ModelDescription } from '../protocol.js';
import { modelMetrics } from './run-records.js';

const LABELLED: readonly SentenceStatus[] = ['gold', 'corrected'];
const CACHED_MODELS = 3;
const WORST = 10;
const PREVIEW_CHARS = 80;

export interface Worst {
  sentenceId: number;
  errors: number;
  preview: string;
}

export interface EvaluateResult {
  report: EvalReport;
  worst: Worst[];
}

interface Cached {
  model: NerModel;
  stamp: string;
}

export class ModelCache {
  private readonly models = new Map<string, Cached>();

  constructor(private readonly limit = CACHED_MODELS) {}

  get(dir: string): NerModel {
    const key = path.resolve(dir);
    let stamp: string;
    try {
      const st = statSync(path.join(key, 'weights.bin'));
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      this.drop(key);
      throw new CoreError('NOT_FOUND', `${key}: the model folder is missing or incomplete (no weights.bin)`, { file: key });
    }
    const hit = this.models.get(key);
    if (hit && hit.stamp === stamp) {
      this.models.delete(key);
      this.models.set(key, hit);
      return hit.model;
    }
    this.drop(key);
    const model = loadModel(key);
    this.models.set(key, { model, stamp });
    while (this.models.size > this.limit) this.drop(this.models.keys().next().value as string);
    return model;
  }

  private drop(key: string): void {
    this.models.get(key)?.model.dispose();
    this.models.delete(key);
  }

  clear(): void {
    for (const key of [...this.models.keys()]) this.drop(key);
  }
}

/** Entities in one list and not the other (a wrong type or boundary counts on both sides). */
function entityErrors(gold: readonly string[], pred: readonly string[]): number {
  const key = (e: { start: number; end: number; label: string }) => `${e.start}:${e.end}:${e.label}`;
  const g = new Set(entitiesOf(gold).map(key));
  const p = new Set(entitiesOf(pred).map(key));
  let errors = 0;
  for (const k of g) if (!p.has(k)) errors++;
  for (const k of p) if (!g.has(k)) errors++;
  return errors;
}

export async function evaluateOnSplit(cache: ModelCache, req: Extract<InferenceRequest, { kind: 'evaluate' }>): Promise<EvaluateResult> {
  const model = cache.get(req.modelDir);
  const store = openStore(req.dbPath, { nativeBinding: req.nativeBinding, busyTimeoutMs: 30_000 });
  try {
    const records = store.sentences.records({ lang: req.lang, splits: [req.split], statuses: LABELLED }).filter((r) => r.words.length > 0);
    if (records.length === 0) {
      throw new CoreError('BAD_REQUEST', `no labelled (gold or corrected) ${req.lang} sentences in the ${req.split} split to evaluate on`);
    }
    const gold = records.map((r) => spansToTags(r.spans, r.words.length, 'iob2'));
    const pred = (
      await predict(
        model,
        records.map((r) => r.words),
      )
    ).map((p) => p.tags);
    const report = evaluate(gold, pred);
    const worst = records
      .map((r, k) => ({
        sentenceId: r.id,
        errors: entityErrors(gold[k]!, pred[k]!),
        preview: Array.from(r.text).slice(0, PREVIEW_CHARS).join(''),
      }))
      .filter((w) => w.errors > 0)
      .sort((a, b) => b.errors - a.errors || a.sentenceId - b.sentenceId)
      .slice(0, WORST);
    return { report, worst };
  } finally {
    store.close();
  }
}

export function describeModel(dir: string): ModelDescription {
  const model = loadModel(dir);
  try {
    return { kind: model.kind, encoder: encoderName(model.spec.encoder), labels: [...model.labels], metrics: modelMetrics(model.summary) };
  } finally {
    model.dispose();
  }
}

export async function serveRequest(cache: ModelCache, req: InferenceRequest): Promise<unknown> {
  const backend: BackendReport = await initBackend();
  switch (req.kind) {
    case 'probe':
      return backend;
    case 'evaluate':
      return evaluateOnSplit(cache, req);
    case 'similarity':
      return similarity(cache.get(req.modelDir), req.a, req.b);
    case 'describe':
      return describeModel(req.modelDir);
  }
}
