// JSONL with character-offset spans, one record per line, in the shapes annotation tools write:
// - doccano:        {"text": ..., "label": [[start, end, "PER"], ...]} (older exports: "labels"),
//                   or {"text": ..., "entities": [{"start_offset", "end_offset", "label"}]};
// - spaCy/Prodigy:  {"text": ..., "spans": [{"start", "end", "label"}], "tokens": [{"text", "start", "end", "id"}]}
//                   (spaCy's Doc.to_json() calls the spans "ents").
// Offsets are read as Unicode code points. Python counts string positions in code points, and
// doccano, Prodigy and spaCy are Python tools; JavaScript tools would count UTF-16 units instead,
// which differs only for characters outside the Basic Multilingual Plane (emoji, rare Han).
// A record without any span list is unlabelled; an empty list means "labelled, no entities".
// Prodigy records answered "reject" or "ignore" are skipped. `meta.doc` names the document.

import { z } from 'zod';
import type { TokenOffsets } from '../../contract/entities.js';
import { formatError } from '../errors.js';
import { cpLength, tokenize, tokenTexts } from '../text/index.js';
import { baseName, DocumentCollector } from './documents.js';
import { zodReason } from './json-file.js';
import { checkSpans, isPlainLabel } from './scheme.js';
import type { CorpusDocument, ReaderResult, TokenSpan } from './types.js';

const offset = z.number().int().nonnegative();
const label = z.string().min(1);
const spanObject = z.looseObject({ start: offset, end: offset, label });
const triple = z.tuple([offset, offset, label]);
const record = z.looseObject({
  text: z.string(),
  tokens: z.array(z.looseObject({ text: z.string().optional(), start: offset, end: offset })).optional(),
  spans: z.array(spanObject).optional(),
  ents: z.array(spanObject).optional(),
  label: z.array(triple).optional(),
  labels: z.array(triple).optional(),
  entities: z.array(z.looseObject({ start_offset: offset, end_offset: offset, label })).optional(),
  answer: z.string().optional(),
  meta: z.looseObject({ doc: z.union([z.string(), z.number()]).optional() }).optional(),
});
type JsonlRecord = z.infer<typeof record>;
const SPAN_KEYS = ['spans', 'ents', 'label', 'labels', 'entities'] as const;

interface CharSpan {
  start: number;
  end: number;
  label: string;
}

export function readJsonl(lines: readonly string[], opts: { file: string; unlabelled?: boolean | undefined }): ReaderResult {
  const { file } = opts;
  const collector = new DocumentCollector(baseName(file));
  let skippedAnswers = 0;
  let skippedEmpty = 0;
  let givenTokens = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const ln = i + 1;
    const rec = parseRecord(line, file, ln);
    if (rec.answer !== undefined && rec.answer !== 'accept') {
      skippedAnswers++;
      continue;
    }
    const present = SPAN_KEYS.filter((k) => rec[k] !== undefined);
    if (present.length > 1) throw formatError(file, ln, `record has both "${present[0]}" and "${present[1]}"; give one list of spans`);
    const text = rec.text;
    let tokens: TokenOffsets[];
    if (rec.tokens !== undefined) {
      tokens = checkTokens(rec.tokens, text, (reason) => formatError(file, ln, reason));
      givenTokens = true;
    } else {
      tokens = tokenize(text).tokens;
    }
    if (tokens.length === 0) {
      skippedEmpty++;
      continue;
    }
    const key = present[0];
    const spans = key === undefined || opts.unlabelled === true ? null : alignSpans(charSpans(rec, key), tokens, text, file, ln);
    const doc = rec.meta?.doc;
    collector.add({ text, tokens, spans, line: ln }, doc === undefined ? undefined : String(doc));
  }
  if (collector.sentenceCount === 0) {
    throw formatError(file, 1, lines.some((l) => l.trim() !== '') ? 'file has no records with text' : 'file is empty');
  }
  const warnings: string[] = [];
  if (skippedAnswers > 0) warnings.push(`${file}: skipped ${skippedAnswers} record(s) whose answer is not "accept"`);
  if (skippedEmpty > 0) warnings.push(`${file}: skipped ${skippedEmpty} record(s) with empty text`);
  return { scheme: null, tokenizer: givenTokens ? 'jsonl' : 'unicode-v1', documents: collector.finish(), warnings };
}

/** One JSON value per line, or an error that names the line (and spots a whole-file JSON array). */
export function parseJsonLine(line: string, file: string, ln: number): unknown {
  const trimmed = line.trim();
  if (trimmed.startsWith('[') && (trimmed === '[' || !trimmed.endsWith(']'))) {
    throw formatError(file, ln, 'this is one JSON array, not JSON Lines; write one record per line');
  }
  try {
    return JSON.parse(line);
  } catch (err) {
    throw formatError(file, ln, `invalid JSON: ${(err as Error).message}`);
  }
}

function parseRecord(line: string, file: string, ln: number): JsonlRecord {
  const raw = parseJsonLine(line, file, ln);
  const parsed = record.safeParse(raw);
  if (!parsed.success) throw formatError(file, ln, zodReason(parsed.error));
  return parsed.data;
}

function charSpans(rec: JsonlRecord, key: (typeof SPAN_KEYS)[number]): CharSpan[] {
  switch (key) {
    case 'label':
    case 'labels':
      return (rec[key] ?? []).map(([start, end, l]) => ({ start, end, label: l }));
    case 'entities':
      return (rec.entities ?? []).map((e) => ({ start: e.start_offset, end: e.end_offset, label: e.label }));
    default:
      return (rec[key] ?? []).map((s) => ({ start: s.start, end: s.end, label: s.label }));
  }
}

/**
 * Tokens a file gives with their code-point offsets, checked against the text; `fail` makes the
 * error that names where the record is.
 */
export function checkTokens(
  given: readonly { start: number; end: number; text?: string | undefined }[],
  text: string,
  fail: (reason: string) => Error,
): TokenOffsets[] {
  const length = cpLength(text);
  const tokens: TokenOffsets[] = [];
  let prevEnd = 0;
  for (const [k, t] of given.entries()) {
    if (t.start >= t.end || t.end > length || t.start < prevEnd) {
      throw fail(`token ${k} (${t.start}..${t.end}) is empty, outside the text (${length} characters) or overlaps the one before`);
    }
    tokens.push({ start: t.start, end: t.end });
    prevEnd = t.end;
  }
  const texts = tokenTexts(text, tokens);
  for (const [k, t] of given.entries()) {
    if (t.text !== undefined && t.text !== texts[k]) {
      throw fail(`token ${k} says "${t.text}" but the text at ${t.start}..${t.end} is "${texts[k]}" (offsets are code points)`);
    }
  }
  // spaCy makes tokens of extra whitespace; they are not words, so they are left out.
  return tokens.filter((_, k) => (texts[k] as string).trim() !== '');
}

function alignSpans(spans: readonly CharSpan[], tokens: readonly TokenOffsets[], text: string, file: string, ln: number): TokenSpan[] {
  const length = cpLength(text);
  const byStart = new Map<number, number>();
  const byEnd = new Map<number, number>();
  tokens.forEach((t, k) => {
    byStart.set(t.start, k);
    byEnd.set(t.end, k + 1);
  });
  const out: TokenSpan[] = [];
  for (const s of spans) {
    const what = `span ${s.start}..${s.end} "${s.label}"`;
    if (s.start >= s.end || s.end > length) throw formatError(file, ln, `${what} is empty or outside the text (${length} characters)`);
    if (!isPlainLabel(s.label)) throw formatError(file, ln, `${what}: a label may not contain spaces`);
    const start = byStart.get(s.start);
    const end = byEnd.get(s.end);
    if (start === undefined || end === undefined) {
      const covered = tokenTexts(text, [{ start: s.start, end: s.end }])[0];
      throw formatError(file, ln, `${what} ("${covered}") does not start and end on token boundaries`);
    }
    out.push({ start, end, label: s.label });
  }
  out.sort((a, b) => a.start - b.start);
  for (let k = 1; k < out.length; k++) {
    const a = out[k - 1] as TokenSpan;
    const b = out[k] as TokenSpan;
    if (b.start < a.end)
      throw formatError(file, ln, `spans "${a.label}" and "${b.label}" overlap (tokens ${a.start}..${a.end} and ${b.start}..${b.end})`);
  }
  return out;
}

export function writeJsonl(docs: readonly CorpusDocument[]): string {
  const out: string[] = [];
  for (const doc of docs) {
    for (const s of doc.sentences) {
      const texts = tokenTexts(s.text, s.tokens);
      const rec: Record<string, unknown> = {
        text: s.text,
        tokens: s.tokens.map((t, id) => ({ text: texts[id], start: t.start, end: t.end, id })),
      };
      if (s.spans !== null) {
        rec['spans'] = checkSpans(s.spans, s.tokens.length).map((sp) => ({
          start: (s.tokens[sp.start] as TokenOffsets).start,
          end: (s.tokens[sp.end - 1] as TokenOffsets).end,
          label: sp.label,
          // Prodigy's token indices are inclusive at the end.
          token_start: sp.start,
          token_end: sp.end - 1,
        }));
      }
      rec['meta'] = { doc: doc.name };
      out.push(JSON.stringify(rec));
    }
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
