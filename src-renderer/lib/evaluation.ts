// Pure helpers for the Evaluate screen: which splits can be scored, and the side-by-side rows.

import type { Result } from '../../src-main/contract/api.js';
import type { Split, SplitCount } from '../../src-main/contract/entities.js';

export type Side = 'teacher' | 'student';
export type Evaluation = Result<'evaluate.run'>;

export interface SplitOption {
  lang: string;
  split: Split;
  labelled: number;
}

/** Every language and split with labelled (gold or corrected) sentences, dev first. */
export function labelledSplits(counts: readonly SplitCount[]): SplitOption[] {
  const order: Record<Split, number> = { dev: 0, test: 1, train: 2, unlabelled: 3 };
  return counts
    .map((c) => ({ lang: c.lang, split: c.split, labelled: c.gold + c.corrected }))
    .filter((o) => o.labelled > 0)
    .sort((a, b) => order[a.split] - order[b.split] || a.lang.localeCompare(b.lang));
}

/** One row of the side-by-side table: a label's scores under each model (null: not scored). */
export interface ScoreRow {
  label: string;
  teacher: { precision: number; recall: number; f1: number; support: number } | null;
  student: { precision: number; recall: number; f1: number; support: number } | null;
}

export function scoreRows(teacher: Evaluation | null, student: Evaluation | null): ScoreRow[] {
  const labels = new Set([...Object.keys(teacher?.report.perType ?? {}), ...Object.keys(student?.report.perType ?? {})]);
  return [...labels].sort().map((label) => ({
    label,
    teacher: teacher?.report.perType[label] ?? null,
    student: student?.report.perType[label] ?? null,
  }));
}
