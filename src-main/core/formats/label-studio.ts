// Label Studio's JSON export: a list of tasks, each with its `data`, its `annotations` (each a
// `result` list) and its model `predictions`. A task's gold is its latest annotation that was
// not cancelled; a task with only predictions is unlabelled and keeps the best-scored one as its
// prediction. `labels` results are entity spans; relations and every other result type are
// skipped and counted. Older exports call the annotations `completions`.

import { z } from 'zod';
import { elementLines, parseJsonFile, recordError, recordName, zodReason, type Place } from './json-file.js';
import { LabelNamer } from './label-names.js';
import { LabelStudioReport } from './label-studio-report.js';
import { tasksToCorpus, type RawSpan, type RawTask } from './label-studio-tasks.js';
import type { ReaderResult } from './types.js';

const result = z.looseObject({
  type: z.string().optional(),
  from_name: z.string().optional(),
  to_name: z.string().optional(),
  value: z.unknown().optional(),
  score: z.number().nullable().optional(),
});
const annotation = z.looseObject({
  result: z.array(result),
  was_cancelled: z.boolean().nullable().optional(),
  skipped: z.boolean().nullable().optional(),
  created_at: z.string().nullable().optional(),
  updated_at: z.string().nullable().optional(),
});
const prediction = z.looseObject({
  result: z.array(result),
  model_version: z.union([z.string(), z.number()]).nullable().optional(),
  score: z.number().nullable().optional(),
});
const task = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  data: z.record(z.string(), z.unknown()),
  annotations: z.array(annotation).optional(),
  completions: z.array(annotation).optional(),
  // Snapshot exports may list predictions as ids only.
  predictions: z.array(z.union([prediction, z.number(), z.string()])).optional(),
});
type Task = z.infer<typeof task>;
type Result = z.infer<typeof result>;

export const spanValue = z.looseObject({
  start: z.int().nonnegative(),
  end: z.int().nonnegative(),
  text: z.string().optional(),
  labels: z.array(z.string()),
});

/** The `labels` results of one result list as spans; everything else is counted and skipped. */
function spansOf(results: readonly Result[], at: Place, file: string, report: LabelStudioReport): RawSpan[] {
  const spans: RawSpan[] = [];
  results.forEach((r, k) => {
    if (r.type === 'relation') {
      report.relations++;
      return;
    }
    const value = r.value as Record<string, unknown> | undefined;
    const looksLikeLabels = r.type === undefined && typeof value === 'object' && value !== null && Array.isArray(value['labels']);
    if (r.type !== 'labels' && !looksLikeLabels) {
      report.countOther(r.type ?? 'untyped');
      return;
    }
    const parsed = spanValue.safeParse(value);
    if (!parsed.success) throw recordError(file, at, `result ${k + 1}: ${zodReason(parsed.error).replace(/^field /, 'field value.')}`);
    const v = parsed.data;
    const label = v.labels[0];
    if (label === undefined) {
      report.noLabel++;
      return;
    }
    if (v.labels.length > 1) report.multiLabel++;
    spans.push({ start: v.start, end: v.end, text: v.text, label, score: r.score ?? null, toName: r.to_name });
  });
  return spans;
}

/** The latest live annotation: by `updated_at` or `created_at` when given, else the last listed. */
function goldOf(t: Task, at: Place, file: string, report: LabelStudioReport): RawSpan[] | null {
  const all = t.annotations ?? t.completions ?? [];
  const live = all.filter((a) => a.was_cancelled !== true && a.skipped !== true);
  report.cancelled += all.length - live.length;
  if (live.length === 0) return null;
  if (live.length > 1) report.severalAnnotations++;
  const stamp = (a: (typeof live)[number]): string => a.updated_at ?? a.created_at ?? '';
  let latest = live[0]!;
  for (const a of live) if (stamp(a) >= stamp(latest)) latest = a;
  return spansOf(latest.result, { ...at, where: `${at.where}, latest annotation` }, file, report);
}

/** The best-scored prediction (the last listed on a tie). */
function predictionOf(t: Task, at: Place, file: string, report: LabelStudioReport): RawTask['prediction'] {
  const all = t.predictions ?? [];
  const full = all.filter((p): p is z.infer<typeof prediction> => typeof p === 'object');
  report.predictionIds += all.length - full.length;
  if (full.length === 0) return null;
  report.extraPredictions += full.length - 1;
  let best = full[0]!;
  for (const p of full) if ((p.score ?? -Infinity) >= (best.score ?? -Infinity)) best = p;
  return {
    model: best.model_version == null ? '' : String(best.model_version),
    score: best.score ?? null,
    spans: spansOf(best.result, { ...at, where: `${at.where}, prediction` }, file, report),
  };
}

export function readLabelStudio(text: string, opts: { file: string; unlabelled?: boolean | undefined }): ReaderResult {
  const { file } = opts;
  const value = parseJsonFile(text, file);
  // The import API also takes a single task.
  const list = Array.isArray(value) ? value : [value];
  const report = new LabelStudioReport();
  const lines = elementLines(text);
  const tasks: RawTask[] = list.map((raw, i) => {
    const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const at = { where: recordName('task', i, id), line: lines[i] ?? 1 };
    const parsed = task.safeParse(raw);
    if (!parsed.success) throw recordError(file, at, zodReason(parsed.error));
    const t = parsed.data;
    return { ...at, fields: t.data, gold: goldOf(t, at, file, report), prediction: predictionOf(t, at, file, report) };
  });
  return tasksToCorpus(tasks, opts, report, new LabelNamer());
}
