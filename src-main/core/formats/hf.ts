// JSONL as Hugging Face `datasets` writes token classification data: {"tokens": [...],
// "ner_tags": [...]}, tags as strings or as integers into a label list. A record without
// `ner_tags` is unlabelled. `document` (not part of the HF schema) names the document.

import { z } from 'zod';
import type { TagScheme } from '../../contract/entities.js';
import { formatError } from '../errors.js';
import { badTagReason, entitiesOf, parseTag } from '../eval/entities.js';
import { tokensFromWords, tokenTexts } from '../text/index.js';
import { baseName, DocumentCollector } from './documents.js';
import { zodReason } from './json-file.js';
import { parseJsonLine } from './jsonl.js';
import { SchemeDetector, spansToTags } from './scheme.js';
import type { CorpusDocument, ReaderResult, TokenSpan } from './types.js';

/** The label order of the HF `conll2003` dataset, used for integer tags unless told otherwise. */
export const CONLL2003_LABELS: readonly string[] = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'];

const record = z.looseObject({
  tokens: z.array(z.string()),
  ner_tags: z.union([z.array(z.string()), z.array(z.number().int().nonnegative())]).optional(),
  document: z.union([z.string(), z.number()]).optional(),
});

export function readHf(
  lines: readonly string[],
  opts: { file: string; unlabelled?: boolean | undefined; labelNames?: readonly string[] | undefined },
): ReaderResult {
  const { file } = opts;
  const labelNames = opts.labelNames ?? CONLL2003_LABELS;
  labelNames.forEach((name, k) => {
    if (parseTag(name) === null) throw formatError(file, 1, `label list entry ${k}: ${badTagReason(name)}`);
  });
  const collector = new DocumentCollector(baseName(file));
  const detector = new SchemeDetector();
  let anyLabelled = false;
  let skippedEmpty = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const ln = i + 1;
    const parsed = record.safeParse(parseJsonLine(line, file, ln));
    if (!parsed.success) throw formatError(file, ln, zodReason(parsed.error));
    const rec = parsed.data;
    if (rec.tokens.length === 0) {
      skippedEmpty++;
      continue;
    }
    rec.tokens.forEach((t, k) => {
      if (t.trim() === '') throw formatError(file, ln, `token ${k} is empty or only whitespace`);
    });
    let spans: TokenSpan[] | null = null;
    if (rec.ner_tags !== undefined && opts.unlabelled !== true) {
      const tags = tagStrings(rec.ner_tags, labelNames, file, ln);
      if (tags.length !== rec.tokens.length) {
        throw formatError(file, ln, `${rec.tokens.length} tokens but ${tags.length} ner_tags`);
      }
      spans = entitiesOf(tags);
      detector.add(tags, ln, false);
      anyLabelled = true;
    }
    const { text, tokens } = tokensFromWords(rec.tokens);
    collector.add({ text, tokens, spans, line: ln }, rec.document === undefined ? undefined : String(rec.document));
  }
  if (collector.sentenceCount === 0) {
    throw formatError(file, 1, lines.some((l) => l.trim() !== '') ? 'file has no records with tokens' : 'file is empty');
  }
  const warnings: string[] = [];
  const warning = anyLabelled ? detector.warning : null;
  if (warning !== null) warnings.push(`${file}: ${warning}`);
  if (skippedEmpty > 0) warnings.push(`${file}: skipped ${skippedEmpty} record(s) without tokens`);
  return { scheme: anyLabelled ? detector.scheme : null, tokenizer: 'hf', documents: collector.finish(), warnings };
}

function tagStrings(raw: readonly (string | number)[], labelNames: readonly string[], file: string, ln: number): string[] {
  return raw.map((t, k) => {
    if (typeof t === 'number') {
      const name = labelNames[t];
      if (name === undefined) throw formatError(file, ln, `ner_tags[${k}] = ${t} is outside the label list (0..${labelNames.length - 1})`);
      return name;
    }
    if (parseTag(t) === null) throw formatError(file, ln, `ner_tags[${k}]: ${badTagReason(t)}`);
    return t;
  });
}

export function writeHf(docs: readonly CorpusDocument[], scheme: TagScheme): string {
  const out: string[] = [];
  let id = 0;
  for (const doc of docs) {
    for (const s of doc.sentences) {
      const rec: Record<string, unknown> = { id: String(id++), tokens: tokenTexts(s.text, s.tokens) };
      if (s.spans !== null) rec['ner_tags'] = spansToTags(s.spans, s.tokens.length, scheme);
      rec['document'] = doc.name;
      out.push(JSON.stringify(rec));
    }
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
