// Everything a Label Studio import leaves out or changes, counted while reading and reported as
// warnings: relations and other non-span results are skipped with counts, never dropped quietly.

import type { SnapCounts } from './char-spans.js';
import type { LabelNamer } from './label-names.js';
import { WarningList } from './warning-list.js';

export class LabelStudioReport {
  relations = 0;
  /** Results of other types (choices, textarea, rectanglelabels…), by type. */
  readonly otherResults = new Map<string, number>();
  /** Spans with several labels, of which the first was kept. */
  multiLabel = 0;
  /** Spans with an empty label list. */
  noLabel = 0;
  /** Spans on another Text tag than the one most spans are on. */
  otherText = 0;
  /** Spans whose offsets were UTF-16 units (Label Studio before 2022) and were converted. */
  utf16 = 0;
  /** Spans whose quoted `text` matches the task text neither as code points nor as UTF-16. */
  textMismatch = 0;
  readonly snap: SnapCounts = { snapped: 0, empty: 0 };
  readonly overlap = { dropped: 0 };
  cancelled = 0;
  /** Tasks with several live annotations, of which the latest was kept. */
  severalAnnotations = 0;
  /** Predictions beside the one kept for a task (other model versions). */
  extraPredictions = 0;
  /** Predictions exported as ids only, without their results. */
  predictionIds = 0;
  emptyText = 0;
  /** JSON-MIN records that repeat a task id (older annotations of the same task). */
  repeatedRecords = 0;
  /** JSON-MIN fields that are neither the text, metadata nor span lists, by name. */
  readonly otherFields = new Set<string>();
  /** A `tokens` data field that is not a list of offsets, so the text was tokenized instead. */
  foreignTokens = 0;

  countOther(type: string): void {
    this.otherResults.set(type, (this.otherResults.get(type) ?? 0) + 1);
  }

  warnings(file: string, names: LabelNamer): string[] {
    const w = new WarningList(file);
    w.count(this.relations, 'relation results skipped (a flat tag set keeps entities only)');
    for (const [type, n] of [...this.otherResults].sort()) w.count(n, `"${type}" results skipped (only "labels" spans are read)`);
    w.count(this.cancelled, 'cancelled (skipped) annotations left out');
    w.count(this.severalAnnotations, 'tasks with several annotations, of which the latest was kept');
    w.count(this.extraPredictions, 'predictions left out beside the best-scored one of their task');
    w.count(this.predictionIds, 'predictions exported as ids only, without results, left out');
    w.count(this.repeatedRecords, 'older records of an annotated task left out (the latest was kept)');
    w.count(this.multiLabel, 'spans with several labels, of which the first was kept');
    w.count(this.noLabel, 'spans without a label skipped');
    w.count(this.otherText, 'spans on another text field skipped');
    w.count(this.utf16, 'spans with UTF-16 offsets (Label Studio before 2022) read as characters');
    w.count(this.textMismatch, 'spans whose quoted text differs from the task text at their offsets (the offsets were used)');
    w.count(this.snap.snapped, 'spans snapped to whole tokens (their ends fell inside a token)');
    w.count(this.snap.empty, 'spans over whitespace only skipped');
    w.count(this.overlap.dropped, 'overlapping or nested spans dropped (a flat tag set keeps the longest)');
    w.count(this.emptyText, 'tasks with empty text skipped');
    w.count(this.foreignTokens, 'tasks whose "tokens" field is not a list of offsets (their text was tokenized instead)');
    if (this.otherFields.size > 0) w.add(`fields not read: ${[...this.otherFields].sort().join(', ')}`);
    w.add(names.warning(file));
    return w.list;
  }
}
