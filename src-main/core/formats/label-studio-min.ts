// Label Studio's JSON-MIN export: one flat record per annotation, the task's data fields beside
// one list per labelling control (`"label": [{start, end, text, labels}]`) and the annotation's
// metadata. A task annotated several times appears once per annotation; the latest is kept. A
// record without any span list and without `annotation_id` is a task nobody annotated.

import { formatError } from '../errors.js';
import { elementLines, parseJsonFile, recordError, recordName, zodReason } from './json-file.js';
import { LabelNamer } from './label-names.js';
import { spanValue } from './label-studio.js';
import { LabelStudioReport } from './label-studio-report.js';
import { tasksToCorpus, type RawSpan, type RawTask } from './label-studio-tasks.js';
import type { ReaderResult } from './types.js';

/** Fields Label Studio adds to every JSON-MIN record; not task data. */
const METADATA = new Set(['id', 'annotator', 'annotation_id', 'created_at', 'updated_at', 'lead_time', 'agreement']);

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isSpanList = (v: unknown): v is unknown[] =>
  Array.isArray(v) && v.every((e) => isObject(e) && typeof e['start'] === 'number' && Array.isArray(e['labels']));

function recordTask(
  raw: unknown,
  i: number,
  line: number,
  file: string,
  report: LabelStudioReport,
): RawTask & { id: unknown; stamp: string } {
  const id = isObject(raw) ? raw['id'] : undefined;
  const at = { where: recordName('record', i, id), line };
  if (!isObject(raw)) throw recordError(file, at, 'a JSON-MIN record must be an object');
  const fields: Record<string, unknown> = {};
  const spans: RawSpan[] = [];
  let labelled = raw['annotation_id'] !== undefined;
  for (const [key, value] of Object.entries(raw)) {
    if (METADATA.has(key)) continue;
    if (key !== 'tokens' && isSpanList(value)) {
      labelled = true;
      value.forEach((item, k) => {
        const parsed = spanValue.safeParse(item);
        if (!parsed.success) throw recordError(file, at, `${key}[${k}]: ${zodReason(parsed.error)}`);
        const v = parsed.data;
        const label = v.labels[0];
        if (label === undefined) return void report.noLabel++;
        if (v.labels.length > 1) report.multiLabel++;
        spans.push({ start: v.start, end: v.end, text: v.text, label, score: null, toName: undefined });
      });
    } else {
      fields[key] = value;
    }
  }
  const stamp = String(raw['updated_at'] ?? raw['created_at'] ?? '');
  return { id, stamp, ...at, fields, gold: labelled ? spans : null, prediction: null };
}

export function readLabelStudioMin(text: string, opts: { file: string; unlabelled?: boolean | undefined }): ReaderResult {
  const { file } = opts;
  const value = parseJsonFile(text, file);
  if (!Array.isArray(value)) throw formatError(file, 1, 'a JSON-MIN export is a list of records');
  const report = new LabelStudioReport();
  const lines = elementLines(text);
  const records = value.map((raw, i) => recordTask(raw, i, lines[i] ?? 1, file, report));
  // Records that repeat a task id are older or newer annotations of the same task.
  const latest = new Map<unknown, number>();
  const keep: boolean[] = records.map(() => true);
  records.forEach((r, i) => {
    if (r.id === undefined) return;
    const seen = latest.get(r.id);
    if (seen === undefined) return void latest.set(r.id, i);
    report.repeatedRecords++;
    // Label Studio lists a task's annotations newest first; timestamps decide when present.
    if (r.stamp > (records[seen] as (typeof records)[number]).stamp) {
      keep[seen] = false;
      latest.set(r.id, i);
    } else {
      keep[i] = false;
    }
  });
  return tasksToCorpus(
    records.filter((_, i) => keep[i]),
    opts,
    report,
    new LabelNamer(),
  );
}
