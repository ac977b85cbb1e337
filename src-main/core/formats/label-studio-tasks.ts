// What the two Label Studio readers (the full JSON export and JSON-MIN) share: tasks reduced to
// a text field, a gold span list and one prediction, then made into sentences. The text field is
// the task data field the spans point into; offsets are code points as current Label Studio
// writes them, or UTF-16 units as versions before 2022 did, told apart by each span's `text`.

import type { TokenOffsets } from '../../contract/entities.js';
import { isBmpOnly, tokenize, TOKENIZER_ID, utf16Index, utf16ToCp } from '../text/index.js';
import { flatten, snapToTokens, type CharSpan } from './char-spans.js';
import { baseName, DocumentCollector } from './documents.js';
import { formatError } from '../errors.js';
import { recordError, type Place } from './json-file.js';
import { checkTokens } from './jsonl.js';
import type { LabelNamer } from './label-names.js';
import type { LabelStudioReport } from './label-studio-report.js';
import type { CorpusPrediction, ReaderResult, ScoredSpan, TokenSpan } from './types.js';

/** One `labels` result: a character span with its label, as the file gives it. */
export interface RawSpan {
  start: number;
  end: number;
  text: string | undefined;
  label: string;
  score: number | null;
  /** The Text tag the span is on (`to_name`); JSON-MIN does not say. */
  toName: string | undefined;
}

export interface RawTask extends Place {
  /** The task data (full export) or the record without its results (JSON-MIN). */
  fields: Record<string, unknown>;
  /** The gold annotation's spans; null when the task has none (unlabelled). */
  gold: RawSpan[] | null;
  prediction: { model: string; score: number | null; spans: RawSpan[] } | null;
}

/** A task's text with its code-point index, so that each of many spans is read in constant time. */
class IndexedText {
  private index: Uint32Array | null | undefined;

  constructor(readonly text: string) {}

  /** UTF-16 position of each code point (null when the text has no astral characters). */
  private units(): Uint32Array | null {
    if (this.index === undefined) this.index = isBmpOnly(this.text) ? null : utf16Index(this.text);
    return this.index;
  }

  get cpLength(): number {
    const units = this.units();
    return units === null ? this.text.length : units.length - 1;
  }

  cpSlice(start: number, end: number): string {
    const units = this.units();
    return units === null ? this.text.slice(start, end) : this.text.slice(units[start], units[end]);
  }

  /** Whether a span's quoted text is the text at start..end read as code points, or as UTF-16 units. */
  readsAs(s: { start: number; end: number; text: string | undefined }): 'cp' | 'utf16' | null {
    if (s.text === undefined || s.start > s.end) return null;
    if (s.end <= this.cpLength && this.cpSlice(s.start, s.end) === s.text) return 'cp';
    if (s.end <= this.text.length && this.text.slice(s.start, s.end) === s.text) return 'utf16';
    return null;
  }
}

/**
 * The data field that holds the text: the one the spans' quoted text matches in most tasks,
 * else `text`, else the field named like the spans' Text tag, else a task's only string field.
 */
function chooseTextField(tasks: readonly RawTask[], file: string): string {
  const votes = new Map<string, number>();
  const toNames = new Map<string, number>();
  for (const t of tasks) {
    const spans = [...(t.gold ?? []), ...(t.prediction?.spans ?? [])];
    for (const s of spans) if (s.toName !== undefined) toNames.set(s.toName, (toNames.get(s.toName) ?? 0) + 1);
    for (const [key, value] of Object.entries(t.fields)) {
      if (typeof value !== 'string') continue;
      const indexed = new IndexedText(value);
      if (spans.some((s) => indexed.readsAs(s) !== null)) votes.set(key, (votes.get(key) ?? 0) + 1);
    }
  }
  const top = (m: Map<string, number>): string | undefined => [...m].sort((a, b) => b[1] - a[1])[0]?.[0];
  const voted = top(votes);
  if (voted !== undefined) return voted;
  const has = (key: string): boolean => tasks.some((t) => typeof t.fields[key] === 'string');
  if (has('text')) return 'text';
  const toName = top(toNames);
  if (toName !== undefined && has(toName)) return toName;
  const first = tasks[0];
  const strings = first === undefined ? [] : Object.keys(first.fields).filter((k) => typeof first.fields[k] === 'string');
  if (strings.length === 1) return strings[0] as string;
  throw recordError(
    file,
    first ?? { where: 'task 1', line: 1 },
    strings.length === 0
      ? 'the task data has no text field'
      : `cannot tell which data field holds the text (${strings.join(', ')}); name it "text"`,
  );
}

/** Tokens from the task's `tokens` field when it holds offsets (Crosstag writes them), else from the tokenizer. */
function tokensOf(task: RawTask, text: string, file: string, report: LabelStudioReport): TokenOffsets[] | null {
  const given = task.fields['tokens'];
  if (given === undefined || (Array.isArray(given) && given.length === 0)) return null;
  const fail = (reason: string): Error => recordError(file, task, `data.tokens: ${reason}`);
  const isInt = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;
  if (Array.isArray(given) && given.every((t) => Array.isArray(t) && t.length === 2 && isInt(t[0]) && isInt(t[1]))) {
    return checkTokens(
      (given as [number, number][]).map(([start, end]) => ({ start, end })),
      text,
      fail,
    );
  }
  const isObject = (t: unknown): t is { start: number; end: number; text?: unknown } =>
    typeof t === 'object' && t !== null && isInt((t as { start?: unknown }).start) && isInt((t as { end?: unknown }).end);
  if (Array.isArray(given) && given.every(isObject)) {
    return checkTokens(
      given.map((t) => ({ start: t.start, end: t.end, text: typeof t.text === 'string' ? t.text : undefined })),
      text,
      fail,
    );
  }
  report.foreignTokens++;
  return null;
}

/** Code-point offsets of one span, or an error naming the task when they lie outside the text. */
function codePointSpan(text: IndexedText, s: RawSpan, at: Place, file: string, report: LabelStudioReport): CharSpan<RawSpan> {
  const how = text.readsAs(s);
  if (s.text !== undefined && how === null) report.textMismatch++;
  if (how === 'utf16') {
    report.utf16++;
    try {
      return { start: utf16ToCp(text.text, s.start), end: utf16ToCp(text.text, s.end), data: s };
    } catch {
      throw recordError(file, at, `span ${s.start}..${s.end} "${s.label}" splits a character in two`);
    }
  }
  const length = text.cpLength;
  if (s.start >= s.end || s.end > length) {
    throw recordError(file, at, `span ${s.start}..${s.end} "${s.label}" is empty or outside the text (${length} characters)`);
  }
  return { start: s.start, end: s.end, data: s };
}

function tokenSpans(
  text: string,
  tokens: readonly TokenOffsets[],
  spans: readonly RawSpan[],
  ctx: { at: Place; file: string; report: LabelStudioReport; names: LabelNamer; toName: string | undefined },
): ScoredSpan[] {
  const { report } = ctx;
  const onText = spans.filter((s) => s.toName === undefined || ctx.toName === undefined || s.toName === ctx.toName);
  report.otherText += spans.length - onText.length;
  const indexed = new IndexedText(text);
  const chars = onText.map((s) => codePointSpan(indexed, s, ctx.at, ctx.file, report));
  const snapped = snapToTokens(chars, tokens, report.snap).map(({ start, end, data }) => ({
    start,
    end,
    label: ctx.names.name(data.label),
    score: data.score,
  }));
  return flatten(snapped, report.overlap);
}

/** Sentences for the tasks, one per task with text, grouped by their `document` field. */
export function tasksToCorpus(
  tasks: readonly RawTask[],
  opts: { file: string; unlabelled?: boolean | undefined },
  report: LabelStudioReport,
  names: LabelNamer,
): ReaderResult {
  const { file } = opts;
  if (tasks.length === 0) throw formatError(file, 1, 'file has no tasks');
  const field = chooseTextField(tasks, file);
  const toNames = tasks.flatMap((t) => [...(t.gold ?? []), ...(t.prediction?.spans ?? [])].map((s) => s.toName));
  const toName = mostCommon(toNames.filter((n): n is string => n !== undefined));
  const collector = new DocumentCollector(baseName(file));
  let givenTokens = false;
  for (const task of tasks) {
    for (const key of Object.keys(task.fields)) if (key !== field && key !== 'tokens' && key !== 'document') report.otherFields.add(key);
    const text = task.fields[field];
    if (typeof text !== 'string') throw recordError(file, task, `the task data has no text field "${field}"`);
    const given = tokensOf(task, text, file, report);
    givenTokens ||= given !== null;
    const tokens = given ?? tokenize(text).tokens;
    if (tokens.length === 0) {
      report.emptyText++;
      continue;
    }
    const ctx = { at: task, file, report, names, toName };
    const gold = task.gold === null || opts.unlabelled === true ? null : tokenSpans(text, tokens, task.gold, ctx);
    const spans: TokenSpan[] | null = gold === null ? null : gold.map(({ start, end, label }) => ({ start, end, label }));
    let prediction: CorpusPrediction | undefined;
    if (task.prediction !== null && opts.unlabelled !== true) {
      const { model, score } = task.prediction;
      prediction = { model, score, spans: tokenSpans(text, tokens, task.prediction.spans, ctx) };
    }
    const doc = task.fields['document'];
    const docName = typeof doc === 'string' || typeof doc === 'number' ? String(doc) : undefined;
    collector.add({ text, tokens, spans, ...(prediction ? { prediction } : {}), line: task.line, where: task.where }, docName);
  }
  if (collector.sentenceCount === 0) {
    throw formatError(file, 1, 'file has no tasks with text');
  }
  return {
    scheme: null,
    tokenizer: givenTokens ? 'labelstudio' : TOKENIZER_ID,
    documents: collector.finish(),
    warnings: report.warnings(file, names),
  };
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
