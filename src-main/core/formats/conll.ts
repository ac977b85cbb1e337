// CoNLL column files: one token per line, word first and tag last, a blank line between
// sentences, `-DOCSTART-` lines between documents. Sentences whose tags are all `_` carry no
// annotation (that is how the writer keeps unlabelled sentences in a labelled file).

import type { TagScheme } from '../../contract/entities.js';
import { CoreError, formatError } from '../errors.js';
import { badTagReason, entitiesOf, isTag } from '../eval/entities.js';
import { tokensFromWords, tokenTexts } from '../text/index.js';
import { baseName, DocumentCollector } from './documents.js';
import { SchemeDetector, spansToTags } from './scheme.js';
import type { CorpusDocument, ReaderResult, TokenSpan } from './types.js';

export const DOCSTART = '-DOCSTART-';
/** The tag of a sentence without annotation. */
export const NO_TAG = '_';

export function readConll(lines: readonly string[], opts: { file: string; unlabelled?: boolean | undefined }): ReaderResult {
  const { file } = opts;
  const collector = new DocumentCollector(baseName(file));
  const detector = new SchemeDetector();
  let columns = 0;
  let columnsLine = 0;
  let labelled = false;
  let anyLabelled = false;
  let words: string[] = [];
  let tags: string[] = [];
  let startLine = 0;

  const flush = (): void => {
    if (words.length === 0) return;
    let spans: TokenSpan[] | null = null;
    if (labelled && tags[0] !== NO_TAG) {
      spans = entitiesOf(tags);
      detector.add(tags, startLine);
      anyLabelled = true;
    }
    const { text, tokens } = tokensFromWords(words);
    collector.add({ text, tokens, spans, line: startLine });
    words = [];
    tags = [];
  };

  const f = new FieldScan();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    f.scan(line);
    if (f.count === 0) {
      flush();
      continue;
    }
    const ln = i + 1;
    const word = line.slice(f.firstStart, f.firstEnd);
    if (word === DOCSTART) {
      // A marker ends the sentence before it: entities never cross documents. CoNLL-2002 Dutch
      // puts no blank line after its markers, so the next line opens a sentence as usual.
      flush();
      collector.startDocument();
      continue;
    }
    if (columns === 0) {
      columns = f.count;
      columnsLine = ln;
      labelled = columns > 1 && opts.unlabelled !== true;
    } else if (f.count !== columns) {
      throw formatError(file, ln, `expected ${columns} columns as on line ${columnsLine}, found ${f.count}`);
    }
    if (words.length === 0) startLine = ln;
    words.push(word);
    if (!labelled) continue;
    const tag = line.slice(f.lastStart, f.lastEnd);
    if (tag !== NO_TAG && !isTag(tag)) throw formatError(file, ln, badTagReason(tag));
    if (tags.length > 0 && (tag === NO_TAG) !== (tags[0] === NO_TAG)) {
      throw formatError(file, ln, `sentence from line ${startLine} mixes "${NO_TAG}" (no annotation) with tags`);
    }
    tags.push(tag);
  }
  flush();

  if (collector.sentenceCount === 0) {
    const empty = lines.every((l) => splitFields(l).length === 0);
    throw formatError(file, 1, empty ? 'file is empty' : `file has no sentences, only ${DOCSTART} lines`);
  }
  const warnings: string[] = [];
  const warning = anyLabelled ? detector.warning : null;
  if (warning !== null) warnings.push(`${file}: ${warning}`);
  return { scheme: anyLabelled ? detector.scheme : null, tokenizer: 'conll', documents: collector.finish(), warnings };
}

/**
 * Where the first and last of a line's fields are, and how many there are, without making a
 * string per field: a reader needs only the word and the tag of each of 200,000 lines.
 * Fields are separated by runs of spaces and tabs; the scan is linear whatever the line holds.
 */
class FieldScan {
  count = 0;
  firstStart = 0;
  firstEnd = 0;
  lastStart = 0;
  lastEnd = 0;

  scan(line: string): void {
    this.count = 0;
    let start = -1;
    for (let i = 0; i <= line.length; i++) {
      const c = i < line.length ? line.charCodeAt(i) : 32;
      if (c === 32 || c === 9) {
        if (start < 0) continue;
        if (this.count === 0) {
          this.firstStart = start;
          this.firstEnd = i;
        }
        this.count++;
        this.lastStart = start;
        this.lastEnd = i;
        start = -1;
      } else if (start < 0) {
        start = i;
      }
    }
  }
}

/** Fields separated by runs of spaces and tabs. */
export function splitFields(line: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= line.length; i++) {
    const c = i < line.length ? line.charCodeAt(i) : 32;
    if (c === 32 || c === 9) {
      if (start >= 0) out.push(line.slice(start, i));
      start = -1;
    } else if (start < 0) {
      start = i;
    }
  }
  return out;
}

export function writeConll(docs: readonly CorpusDocument[], scheme: TagScheme, includeDocstart: boolean): string {
  const anyLabelled = docs.some((d) => d.sentences.some((s) => s.spans !== null));
  const out: string[] = [];
  for (const doc of docs) {
    if (includeDocstart) out.push(anyLabelled ? `${DOCSTART} O` : DOCSTART, '');
    doc.sentences.forEach((s, k) => {
      const where = `document "${doc.name}", sentence ${k + 1}`;
      if (s.tokens.length === 0) throw new CoreError('BAD_REQUEST', `${where} has no tokens; CoNLL cannot hold it`);
      const words = tokenTexts(s.text, s.tokens);
      const tags = s.spans === null ? null : spansToTags(s.spans, s.tokens.length, scheme);
      words.forEach((w, i) => {
        if (w === '' || /[ \t\n\r]/.test(w) || w === DOCSTART) {
          throw new CoreError(
            'BAD_REQUEST',
            `${where}: token ${i + 1} "${w}" is empty, has spaces or is ${DOCSTART}; CoNLL cannot hold it`,
          );
        }
        if (!anyLabelled) out.push(w);
        else out.push(`${w} ${tags === null ? NO_TAG : tags[i]}`);
      });
      out.push('');
    });
  }
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}
