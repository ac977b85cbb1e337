// Format detection from the first bytes of a file, with the file name as a hint.

import type { CorpusFormat } from '../../contract/entities.js';
import { parseTag } from '../eval/entities.js';
import { DOCSTART, NO_TAG, splitFields } from './conll.js';

// Enough lines to see a few sentences; sniffing never reads further than this many bytes.
const SNIFF_BYTES = 64 * 1024;
const SNIFF_LINES = 200;
const JSON_EXTENSIONS = /\.(jsonl|ndjson|json)$/i;
// Keys only Label Studio's full export has: task `data` beside `annotations` or `predictions`.
const LABEL_STUDIO_TASK = /"(?:annotations|completions|predictions)"\s*:|"data"\s*:\s*\{/;
const CONLL_EXTENSIONS = /\.(conll|conllx|conll03|iob|iob1|iob2|bio|bioes|tsv)$/i;

/**
 * The format of a corpus file:
 * - `webanno` for a first line `#FORMAT=WebAnno TSV ...`;
 * - `labelstudio` for a JSON list (or one object) of tasks with `data`, `annotations` or
 *   `predictions`; `jsonl` for a JSON list of doccano, spaCy or Prodigy records (which the JSONL
 *   reader refuses, asking for one record per line); `labelstudio-min` for any other JSON list
 *   (JSON-MIN records, or the plain `{"text": ...}` tasks Label Studio imports);
 * - `hf` if the first record is JSON with `tokens` and `ner_tags` (or `tokens` and no `text`);
 * - `jsonl` for other JSON records, or a JSON file name;
 * - `conll` for column files (a tag in the last column, `-DOCSTART-` lines, or one word per line
 *   in blank-line separated blocks), or a CoNLL file name;
 * - `text` otherwise: one sentence per line.
 */
export function detectFormat(bytes: Uint8Array, file: string): CorpusFormat {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, SNIFF_BYTES)).replace(/^\uFEFF/, '');
  // Line ends as splitLines reads them: LF, CRLF or a lone CR.
  const lines = head.split(/\r\n|\n|\r/);
  // The last line of a cut-off sample may be partial.
  if (bytes.length > SNIFF_BYTES) lines.pop();

  const firstIndex = lines.findIndex((l) => l.trim() !== '');
  const first = lines[firstIndex]?.trim() ?? '';
  if (first.startsWith('#FORMAT=WebAnno TSV')) return 'webanno';
  if (first.startsWith('[')) return arrayKind(head);
  // A pretty-printed single Label Studio task opens with a brace on its own line.
  if (first === '{' && LABEL_STUDIO_TASK.test(head)) return 'labelstudio';
  if (first.startsWith('{')) return jsonKind(first);
  if (JSON_EXTENSIONS.test(file)) return 'jsonl';
  if (CONLL_EXTENSIONS.test(file)) return 'conll';
  return looksLikeConll(lines.slice(firstIndex)) ? 'conll' : 'text';
}

function arrayKind(head: string): CorpusFormat {
  if (LABEL_STUDIO_TASK.test(head)) return 'labelstudio';
  if (/"(?:labels|annotation_id)"\s*:/.test(head)) return 'labelstudio-min';
  // doccano, spaCy or Prodigy records in one array: the JSONL reader says to write one per line.
  if (/"(?:label|spans|ents|entities)"\s*:/.test(head)) return 'jsonl';
  return 'labelstudio-min';
}

function jsonKind(line: string): CorpusFormat {
  try {
    const record: unknown = JSON.parse(line);
    if (typeof record === 'object' && record !== null && Array.isArray((record as Record<string, unknown>)['tokens'])) {
      const r = record as Record<string, unknown>;
      if ('ner_tags' in r || !('text' in r)) return 'hf';
    }
  } catch {
    // Broken JSON is still meant as JSON; the reader names the line.
  }
  return 'jsonl';
}

function looksLikeConll(lines: readonly string[]): boolean {
  let seen = 0;
  let single = 0;
  let tagged = 0;
  let blankBetween = false;
  let pendingBlank = false;
  for (const line of lines) {
    if (seen >= SNIFF_LINES) break;
    const fields = splitFields(line);
    if (fields.length === 0) {
      pendingBlank = seen > 0;
      continue;
    }
    if (fields[0] === DOCSTART) return true;
    if (pendingBlank) blankBetween = true;
    pendingBlank = false;
    seen++;
    if (fields.length === 1) single++;
    const last = fields[fields.length - 1] as string;
    if (fields.length > 1 && (last === NO_TAG || parseTag(last) !== null)) tagged++;
  }
  if (seen === 0) return false;
  if (single === seen) return blankBetween;
  // A majority, not all: a broken column file must still reach the CoNLL reader, which names the
  // broken line, rather than be read quietly as prose.
  return tagged * 2 > seen;
}
