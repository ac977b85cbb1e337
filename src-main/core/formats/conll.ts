// CoNLL column files: one token per line, word first and tag last, a blank line between
// sentences, `-DOCSTART-` lines between documents. Sentences whose tags are all `_` carry no
// annotation (that is how the writer keeps unlabelled sentences in a labelled file).

import type { TagScheme } from '../../contract/entities.js';
import { CoreError, formatError } from '../errors.js';
import { badTagReason, entitiesOf, parseTag } from '../eval/entities.js';
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

  for (let i = 0; i < lines.length; i++) {
    const fields = splitFields(lines[i] as string);
    if (fields.length === 0) {
      flush();
      continue;
    }
    const ln = i + 1;
    if (fields[0] === DOCSTART) {
      // A marker ends the sentence before it: entities never cross documents. CoNLL-2002 Dutch
      // puts no blank line after its markers, so the next line opens a sentence as usual.
      flush();
      collector.startDocument();
      continue;
    }
    if (columns === 0) {
      columns = fields.length;
      columnsLine = ln;
      labelled = columns > 1 && opts.unlabelled !== true;
    } else if (fields.length !== columns) {
      throw formatError(file, ln, `expected ${columns} columns as on line ${columnsLine}, found ${fields.length}`);
    }
    if (words.length === 0) startLine = ln;
    words.push(fields[0] as string);
    if (!labelled) continue;
    const tag = fields[columns - 1] as string;
    if (tag !== NO_TAG && parseTag(tag) === null) throw formatError(file, ln, badTagReason(tag));
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

/** Fields separated by runs of spaces and tabs; a linear scan, whatever the line holds. */
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
          throw new CoreError('BAD_REQUEST', `${where}: token ${i + 1} "${w}" is empty, has spaces or is ${DOCSTART}; CoNLL cannot hold it`);
        }
        if (!anyLabelled) out.push(w);
        else out.push(`${w} ${tags === null ? NO_TAG : tags[i]}`);
      });
      out.push('');
    });
  }
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}
