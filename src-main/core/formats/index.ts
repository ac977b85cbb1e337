// Corpus readers and writers. Every reader returns the in-memory Corpus of ./types.ts, with
// token offsets in code points; every writer takes its documents back.

import type { CorpusFormat } from '../../contract/entities.js';
import { readConll, writeConll } from './conll.js';
import { decodeText, splitLines } from './decode.js';
import { detectFormat } from './detect.js';
import { readHf, writeHf } from './hf.js';
import { readJsonl, writeJsonl } from './jsonl.js';
import { readLabelStudio } from './label-studio.js';
import { readLabelStudioMin } from './label-studio-min.js';
import { writeLabelStudio, writeLabelStudioMin } from './label-studio-write.js';
import { readText, writeText } from './plain-text.js';
import type { Corpus, CorpusDocument, ReaderResult, ReadOptions, WriteOptions } from './types.js';
import { readWebAnno } from './webanno.js';
import { writeWebAnno } from './webanno-write.js';

export { detectFormat } from './detect.js';
export { decodeText, MAX_LINE_CHARS } from './decode.js';
export { convertTags, detectScheme, SchemeDetector, spansToTags, tagsToSpans } from './scheme.js';
export { corpusStats, type CorpusStats } from './stats.js';
export { CONLL2003_LABELS } from './hf.js';
export { DOCSTART } from './conll.js';
export { dictionaryMap, readDictionary, type DictionaryPair } from './dictionary.js';
export { labelStudioConfig } from './label-studio-write.js';
export type * from './types.js';

/** Reads a corpus file's bytes. Throws a CoreError naming the file, line and reason on bad input. */
export function readCorpus(bytes: Uint8Array, opts: ReadOptions): Corpus {
  const format: CorpusFormat = opts.format ?? detectFormat(bytes, opts.file);
  const decoded = decodeText(bytes, opts.file);
  const result = readFormat(format, decoded.text, opts);
  return { format, encoding: decoded.encoding, ...result, warnings: [...decoded.warnings, ...result.warnings] };
}

function readFormat(format: CorpusFormat, text: string, opts: ReadOptions): ReaderResult {
  // Label Studio writes one JSON value, often on one line far longer than any line limit.
  if (format === 'labelstudio') return readLabelStudio(text, opts);
  if (format === 'labelstudio-min') return readLabelStudioMin(text, opts);
  const lines = splitLines(text, opts.file);
  switch (format) {
    case 'webanno':
      return readWebAnno(lines, opts);
    case 'conll':
      return readConll(lines, opts);
    case 'jsonl':
      return readJsonl(lines, opts);
    case 'hf':
      return readHf(lines, opts);
    case 'text':
      return readText(lines, opts);
  }
}

/** The text of a corpus file in `opts.format`; `readCorpus` of it gives the same documents back. */
export function writeCorpus(docs: readonly CorpusDocument[], opts: WriteOptions): string {
  const scheme = opts.scheme ?? 'iob2';
  switch (opts.format) {
    case 'conll':
      return writeConll(docs, scheme, opts.includeDocstart ?? docs.length > 1);
    case 'jsonl':
      return writeJsonl(docs);
    case 'hf':
      return writeHf(docs, scheme);
    case 'text':
      return writeText(docs);
    case 'labelstudio':
      return writeLabelStudio(docs);
    case 'labelstudio-min':
      return writeLabelStudioMin(docs);
    case 'webanno':
      return writeWebAnno(docs);
  }
}
