// Writing Label Studio JSON: one task per sentence with the text in `data.text`, gold as one
// annotation and a model's tags as one prediction (per-span `score`, `model_version`), so Label
// Studio shows them as pre-annotations to review. Offsets are code points, as Label Studio
// counts them since 2022. `data.tokens` keeps the sentence's tokens, so reading the file back
// keeps them whatever tokenizer made them; `data.document` keeps the document name. JSON-MIN has
// no room for predictions and carries gold only.

import type { TokenOffsets } from '../../contract/entities.js';
import { cpSlice } from '../text/index.js';
import { checkSpans } from './scheme.js';
import type { CorpusDocument, CorpusSentence, TokenSpan } from './types.js';

/** The names the label config gives its Labels and Text tags, which every result points to. */
export const FROM_NAME = 'label';
export const TO_NAME = 'text';

interface SpanValue {
  start: number;
  end: number;
  text: string;
  labels: string[];
}

function spanValue(s: CorpusSentence, sp: TokenSpan): SpanValue {
  const start = (s.tokens[sp.start] as TokenOffsets).start;
  const end = (s.tokens[sp.end - 1] as TokenOffsets).end;
  return { start, end, text: cpSlice(s.text, start, end), labels: [sp.label] };
}

function data(s: CorpusSentence, document: string): Record<string, unknown> {
  return { text: s.text, tokens: s.tokens.map((t) => [t.start, t.end]), document };
}

function result(id: string, value: SpanValue, score?: number | null): Record<string, unknown> {
  const r: Record<string, unknown> = { id, from_name: FROM_NAME, to_name: TO_NAME, type: 'labels', value };
  if (score !== undefined && score !== null) r['score'] = score;
  return r;
}

function* sentences(docs: readonly CorpusDocument[]): Generator<{ s: CorpusSentence; doc: string; id: number }> {
  let id = 0;
  for (const doc of docs) for (const s of doc.sentences) yield { s, doc: doc.name, id: ++id };
}

/** A JSON list with one task per line: valid JSON, and a diff shows which tasks changed. */
function jsonList(items: readonly unknown[]): string {
  return items.length === 0 ? '[]\n' : `[\n${items.map((t) => JSON.stringify(t)).join(',\n')}\n]\n`;
}

export function writeLabelStudio(docs: readonly CorpusDocument[]): string {
  const tasks: unknown[] = [];
  for (const { s, doc, id } of sentences(docs)) {
    const task: Record<string, unknown> = { id, data: data(s, doc) };
    if (s.spans !== null) {
      const spans = checkSpans(s.spans, s.tokens.length);
      task['annotations'] = [
        { result: spans.map((sp, k) => result(`${id}-a${k}`, spanValue(s, sp))), was_cancelled: false, ground_truth: false },
      ];
    }
    if (s.prediction !== undefined) {
      const p = s.prediction;
      const spans = checkSpans(p.spans, s.tokens.length) as typeof p.spans;
      const prediction: Record<string, unknown> = { model_version: p.model };
      if (p.score !== null) prediction['score'] = p.score;
      prediction['result'] = spans.map((sp, k) => result(`${id}-p${k}`, spanValue(s, sp), sp.score));
      task['predictions'] = [prediction];
    }
    tasks.push(task);
  }
  return jsonList(tasks);
}

export function writeLabelStudioMin(docs: readonly CorpusDocument[]): string {
  const records: unknown[] = [];
  for (const { s, doc, id } of sentences(docs)) {
    const record: Record<string, unknown> = { id, ...data(s, doc) };
    if (s.spans !== null) {
      record[FROM_NAME] = checkSpans(s.spans, s.tokens.length).map((sp) => spanValue(s, sp));
      record['annotation_id'] = id;
    }
    records.push(record);
  }
  return jsonList(records);
}

const xmlAttr = (v: string): string => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The labelling config for a Label Studio project that reads these files: one Label per project
 * label in the project's colour, on a Text tag fed by `$text`.
 */
export function labelStudioConfig(labels: readonly { name: string; color: string }[]): string {
  const lines = labels.map((l) => `    <Label value="${xmlAttr(l.name)}" background="${xmlAttr(l.color)}"/>`);
  return [
    '<View>',
    `  <Labels name="${FROM_NAME}" toName="${TO_NAME}">`,
    ...lines,
    '  </Labels>',
    `  <Text name="${TO_NAME}" value="$${TO_NAME}"/>`,
    '</View>',
    '',
  ].join('\n');
}
