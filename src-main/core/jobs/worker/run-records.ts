// What a run leaves in the project: a summary of its data and any notes in the run's config, and
// its models in the models table (once per run and kind, so a resumed run never registers a model twice).

import type { NerModel, TrainingSummary } from '../../ml/index.js';
import type { Store } from '../../store/index.js';
import { storedModelDir } from '../paths.js';
import type { DataSummary } from '../training-data.js';

/**
 * Adds `data` to the run's config. The run repository has no config update (a run's settings
 * never change), and this is facts about the run, not settings, so it is one JSON field set here.
 */
export function recordRunData(store: Store, runId: number, data: DataSummary): void {
  store.db
    .prepare(`UPDATE runs SET config = json_set(config, '$.data', json(?)), updated_at = ? WHERE id = ?`)
    .run(JSON.stringify(data), new Date().toISOString(), runId);
}

/**
 * Appends a note to the run's config (`notes`, a list of strings): something a reader of the run
 * should know that is neither a setting nor a failure, such as a damaged checkpoint passed over.
 */
export function recordRunNote(store: Store, runId: number, note: string): void {
  store.db
    .prepare(
      `UPDATE runs SET config = json_set(config, '$.notes', json_insert(coalesce(json_extract(config, '$.notes'), json('[]')), '$[#]', ?)), updated_at = ? WHERE id = ?`,
    )
    .run(note, new Date().toISOString(), runId);
}

/** Numbers worth showing beside a model: its dev scores, data size and epochs. */
export function modelMetrics(summary: TrainingSummary | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (!summary) return out;
  out['trainSentences'] = summary.trainSentences;
  for (const s of summary.stages) {
    const key = s.stage === 'teacher-recognizer' ? 'teacher' : s.stage === 'teacher-evaluator' ? 'evaluator' : s.stage;
    out[`${key}Epochs`] = s.epochs;
    if (s.bestScore === null) continue;
    if (s.metric === 'pair-accuracy') out['pairAccuracy'] = s.bestScore;
    else out[s.stage === 'student' ? 'studentDevF1' : 'teacherDevF1'] = s.bestScore;
  }
  const last = [...summary.stages].reverse().find((s) => s.metric === 'f1' && s.bestScore !== null);
  if (last?.bestScore !== null && last?.bestScore !== undefined) out['devF1'] = last.bestScore;
  return out;
}

export function registerModel(store: Store, runId: number, model: NerModel, info: { name: string; encoder: string; dir: string }): number {
  const existing = store.db.prepare('SELECT id FROM models WHERE run_id = ? AND kind = ?').get(runId, model.kind) as
    { id: number } | undefined;
  if (existing) return existing.id;
  return store.models.create({
    name: info.name,
    kind: model.kind,
    encoder: info.encoder,
    dir: storedModelDir(store.path, info.dir),
    runId,
    metrics: modelMetrics(model.summary),
  }).id;
}
