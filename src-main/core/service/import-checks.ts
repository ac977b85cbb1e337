// What the import preview proposes and what it guards: the language and split a file looks like
// (file name, letter trigrams; tags or none), the entity types the project lacks, and
// errors that quote the line they are about (or say that a file is not text at all).

import type { ImportGuess, Split } from '../../contract/entities.js';
import { CoreError, formatError } from '../errors.js';
import { decodeText, splitLines } from '../formats/decode.js';
import type { Corpus } from '../formats/types.js';
import { languageFromFileName, languageFromWords, languageName } from '../text/index.js';
import { wordsOf } from '../store/index.js';

// Enough words for a clear trigram profile, few enough to stay instant on any file.
const SAMPLE_SENTENCES = 300;
// A quoted line long enough to recognise, short enough for one line of the dialog.
const QUOTE_CHARS = 200;

function sampleWords(corpus: Corpus): string[] {
  const words: string[] = [];
  let n = 0;
  for (const d of corpus.documents) {
    for (const s of d.sentences) {
      if (n++ >= SAMPLE_SENTENCES) return words;
      words.push(...wordsOf(s.text, s.tokens));
    }
  }
  return words;
}

const named = (code: string): string => `${languageName(code) ?? code} (${code})`;

function guessLanguage(corpus: Corpus, file: string): Pick<ImportGuess, 'lang' | 'langReason'> {
  const fromName = languageFromFileName(file);
  const fromText = languageFromWords(sampleWords(corpus));
  if (fromName !== null && fromText !== null && fromName === fromText.lang) {
    return { lang: fromName, langReason: `${named(fromName)}: the file name and the text (${fromText.why}) agree` };
  }
  if (fromText !== null && fromName !== null) {
    return {
      lang: fromText.lang,
      langReason: `${named(fromText.lang)} from the text (${fromText.why}), though the file name suggests ${fromName}`,
    };
  }
  if (fromText !== null) return { lang: fromText.lang, langReason: `${named(fromText.lang)} from the text (${fromText.why})` };
  if (fromName !== null) return { lang: fromName, langReason: `${named(fromName)} from the file name; the text did not tell` };
  return { lang: null, langReason: 'neither the file name nor the text tells; choose it' };
}

function guessSplit(corpus: Corpus, file: string): Pick<ImportGuess, 'split' | 'splitReason'> {
  const tagged = corpus.documents.some((d) => d.sentences.some((s) => s.spans !== null));
  if (!tagged) return { split: 'unlabelled', splitReason: 'the file has no tags' };
  const parts = (file.split(/[\\/]/).pop() ?? file).toLowerCase().split(/[^a-z]+/);
  // CoNLL's own names: testa is the development set, testb the test set.
  const split: Split = parts.some((p) => p === 'dev' || p === 'valid' || p === 'validation' || p === 'testa')
    ? 'dev'
    : parts.some((p) => p === 'test' || p === 'testb')
      ? 'test'
      : 'train';
  return { split, splitReason: split === 'train' ? 'the file has tags' : `the file has tags and its name says ${split}` };
}

export function guessImport(corpus: Corpus, file: string): ImportGuess {
  const lang = guessLanguage(corpus, file);
  return { ...lang, langName: lang.lang === null ? null : languageName(lang.lang), ...guessSplit(corpus, file) };
}

/** Entity types of the corpus that are not in `labels`, in order of first use. */
export function missingLabels(corpus: Corpus, labels: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const d of corpus.documents)
    for (const s of d.sentences) for (const sp of s.spans ?? []) if (!labels.has(sp.label)) out.add(sp.label);
  return [...out];
}

/** Line `line` (1-based) of the file as text, control characters shown, cut to QUOTE_CHARS. */
function lineOf(bytes: Uint8Array, file: string, line: number): string | undefined {
  try {
    const text = splitLines(decodeText(bytes, file).text, file)[line - 1];
    if (text === undefined) return undefined;
    const shown = text.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    return shown.length > QUOTE_CHARS ? `${shown.slice(0, QUOTE_CHARS - 1)}…` : shown;
  } catch {
    return undefined;
  }
}

/**
 * A reader's error made for a person: a file that is not text says so in a sentence of its own
 * (with the line where it stops being text, but nothing to quote), and an error at a line carries
 * that line's text.
 */
export function explainImportError(err: unknown, bytes: Uint8Array, file: string): unknown {
  if (!(err instanceof CoreError) || err.code !== 'IMPORT_ERROR') return err;
  const binary = /file is binary, not text(?: \((.*)\))?/.exec(err.message);
  if (binary !== null && err.line !== undefined) {
    const why = binary[1] ? ` (${binary[1]})` : '';
    return formatError(
      file,
      err.line,
      `this is not a text corpus: it looks like a binary file${why}. Import a CoNLL, JSONL or plain-text file (UTF-8 or latin-1)`,
    );
  }
  // A UTF-16 file's lines do not read as UTF-8; its message says what to do.
  if (err.line === undefined || err.lineText !== undefined || /UTF-16/.test(err.message)) return err;
  return new CoreError('IMPORT_ERROR', err.message, { file: err.file ?? file, line: err.line, lineText: lineOf(bytes, file, err.line) });
}

/** Refuses an import whose file uses entity types the project lacks and the person did not agree to add. */
export function checkNewLabels(corpus: Corpus, file: string, labels: ReadonlySet<string>, agreed: readonly string[]): void {
  const refused = missingLabels(corpus, labels).filter((l) => !agreed.includes(l));
  if (refused.length === 0) return;
  const list = refused.join(', ');
  throw new CoreError(
    'CONFLICT',
    `${file} uses ${refused.length === 1 ? 'the entity type' : 'entity types'} ${list}, which the project's label set lacks; ` +
      `confirm adding ${refused.length === 1 ? 'it' : 'them'}, or import the file as unlabelled`,
    { file },
  );
}
