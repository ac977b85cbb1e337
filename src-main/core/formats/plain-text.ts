// Plain text: one sentence per non-empty line, tokenized by `unicode-v1`, never labelled.

import { formatError } from '../errors.js';
import { TOKENIZER_ID, tokenize } from '../text/index.js';
import { baseName, DocumentCollector } from './documents.js';
import type { CorpusDocument, ReaderResult } from './types.js';

export function readText(lines: readonly string[], opts: { file: string }): ReaderResult {
  const collector = new DocumentCollector(baseName(opts.file));
  for (let i = 0; i < lines.length; i++) {
    const text = (lines[i] as string).trim();
    if (text === '') continue;
    const { tokens } = tokenize(text);
    // A line of zero-width spaces has no tokens.
    if (tokens.length > 0) collector.add({ text, tokens, spans: null, line: i + 1 });
  }
  if (collector.sentenceCount === 0) throw formatError(opts.file, 1, 'file is empty');
  return { scheme: null, tokenizer: TOKENIZER_ID, documents: collector.finish(), warnings: [] };
}

/** One sentence per line. A line break inside a sentence becomes a space, which keeps offsets. */
export function writeText(docs: readonly CorpusDocument[]): string {
  const out: string[] = [];
  for (const doc of docs) for (const s of doc.sentences) out.push(s.text.replace(/[\n\r\u2028\u2029]/g, ' '));
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
