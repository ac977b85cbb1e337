// Import and export between corpus files and a project, shared by the service and the CLI.

import fs from 'node:fs';
import path from 'node:path';
import type { ImportOptions, ImportSource } from '../../contract/api.js';
import type { ImportPreview, ImportSummary } from '../../contract/entities.js';
import { CoreError, formatError } from '../errors.js';
import { readCorpus, spansToTags } from '../formats/index.js';
import type { Corpus } from '../formats/types.js';
import type { PredictionsImported, Store } from '../store/index.js';
import { LABEL_NAME, wordsOf } from '../store/index.js';
import { checkNewLabels, explainImportError, guessImport, missingLabels } from './import-checks.js';

// A little over the web shell's 64 MB body limit: nothing larger can arrive as bytes anyway.
const MAX_FILE_BYTES = 512 * 1024 * 1024;
const PREVIEW_SENTENCES = 5;
/**
 * The most tokens a sentence may have: far above any real sentence, and the highest token index
 * the boundary lets annotations and links address (schemas.ts), so no imported token is out of reach.
 */
export const MAX_SENTENCE_TOKENS = 100_000;

/** The bytes of an import source and the name its errors should carry. */
export function readSource(source: ImportSource, resolve: (p: string) => string): { bytes: Uint8Array; file: string } {
  if (source.kind === 'bytes') return { bytes: Buffer.from(source.base64, 'base64'), file: path.basename(source.name) || 'upload' };
  const file = resolve(source.path);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new CoreError('NOT_FOUND', `no file at ${file}`);
  }
  if (!stat.isFile()) throw new CoreError('BAD_REQUEST', `${file} is not a file`);
  if (stat.size > MAX_FILE_BYTES)
    throw new CoreError('IMPORT_ERROR', `${file} is ${Math.round(stat.size / 2 ** 20)} MB; the limit is ${MAX_FILE_BYTES / 2 ** 20} MB`, {
      file,
    });
  return { bytes: fs.readFileSync(file), file };
}

function parse(opts: ImportOptions, resolve: (p: string) => string): { corpus: Corpus; file: string; bytes: Uint8Array } {
  const { bytes, file } = readSource(opts.source, resolve);
  try {
    const corpus = readCorpus(bytes, { file, format: opts.format, unlabelled: opts.unlabelled });
    checkFitsProject(corpus, file);
    return { corpus, file, bytes };
  } catch (err) {
    throw explainImportError(err, bytes, file);
  }
}

/**
 * What a reader accepts but a project cannot hold, refused at the first case with its line, in
 * preview as in the import itself: a sentence over MAX_SENTENCE_TOKENS, and an entity type that
 * cannot be a label name (a zero-width space, `__proto__`, 200 letters). A CoNLL sentence has one
 * token per line.
 */
function checkFitsProject(corpus: Corpus, file: string): void {
  for (const d of corpus.documents) {
    for (const s of d.sentences) {
      // Label Studio sentences also name their task.
      const fail = (line: number | undefined, reason: string): never => {
        const what = s.where === undefined ? reason : `${s.where}: ${reason}`;
        if (line !== undefined) throw formatError(file, line, what);
        throw new CoreError('IMPORT_ERROR', `${file}: ${what}`, { file });
      };
      if (s.tokens.length > MAX_SENTENCE_TOKENS) {
        fail(
          s.line,
          `sentence has ${s.tokens.length.toLocaleString('en-US')} tokens, over the limit of ${MAX_SENTENCE_TOKENS.toLocaleString('en-US')}`,
        );
      }
      for (const sp of [...(s.spans ?? []), ...(s.prediction?.spans ?? [])]) {
        if (LABEL_NAME.test(sp.label)) continue;
        const shown = JSON.stringify(sp.label.length > 40 ? `${sp.label.slice(0, 40)}…` : sp.label);
        const reason = `entity type ${shown} cannot be a label: a label is 1-32 letters, digits, '_', '.' or '-', starting with a letter or digit`;
        fail(s.line === undefined || corpus.format !== 'conll' ? s.line : s.line + sp.start, reason);
      }
    }
  }
}

function summarise(corpus: Corpus): ImportSummary {
  // A Map, because an entity type may be named like an Object.prototype member (`constructor`).
  const entities = new Map<string, number>();
  let sentences = 0;
  let tokens = 0;
  let documents = 0;
  let predicted = 0;
  for (const d of corpus.documents) {
    if (d.sentences.length > 0) documents++;
    for (const s of d.sentences) {
      sentences++;
      tokens += s.tokens.length;
      if (s.spans === null && s.prediction !== undefined) predicted++;
      for (const sp of s.spans ?? []) entities.set(sp.label, (entities.get(sp.label) ?? 0) + 1);
    }
  }
  return {
    format: corpus.format,
    scheme: corpus.scheme,
    documents,
    sentences,
    tokens,
    entities: Object.fromEntries(entities),
    predicted,
    warnings: [...corpus.warnings],
  };
}

/**
 * What an import would bring in, read without touching any project: its counts and first
 * sentences, the language and split it looks like, and the entity types `labels` (the open
 * project's label set) lacks.
 */
export function previewImport(opts: ImportOptions, resolve: (p: string) => string, labels?: ReadonlySet<string>): ImportPreview {
  const { corpus, file } = parse(opts, resolve);
  const first: ImportPreview['first'] = [];
  outer: for (const d of corpus.documents) {
    for (const s of d.sentences) {
      if (first.length >= PREVIEW_SENTENCES) break outer;
      first.push({ tokens: wordsOf(s.text, s.tokens), tags: s.spans === null ? null : spansToTags(s.spans, s.tokens.length, 'iob2') });
    }
  }
  const newLabels = labels === undefined || opts.unlabelled === true ? [] : missingLabels(corpus, labels);
  return { ...summarise(corpus), encoding: corpus.encoding, first, guess: guessImport(corpus, file), newLabels };
}

/** Reads the source and imports it into the store in one transaction: all of it or, on any error, nothing. */
export function runImport(store: Store, opts: ImportOptions, resolve: (p: string) => string): ImportSummary {
  const { corpus, file, bytes } = parse(opts, resolve);
  if (opts.addLabels !== undefined && opts.unlabelled !== true) checkNewLabels(corpus, file, store.project.labelNames(), opts.addLabels);
  if (opts.split === 'unlabelled' && opts.unlabelled !== true && corpus.documents.some((d) => d.sentences.some((s) => s.spans !== null))) {
    corpus.warnings.push(`${file}: imported into the unlabelled split with its tags kept as gold; tick "unlabelled" to drop them`);
  }
  let result: ReturnType<Store['importCorpus']>;
  try {
    result = store.importCorpus(corpus, { lang: opts.lang, split: opts.split, unlabelled: opts.unlabelled, file: path.basename(file) });
  } catch (err) {
    throw explainImportError(err, bytes, file);
  }
  const summary = summarise(corpus);
  if (opts.unlabelled === true) summary.entities = {};
  if (result.languageAdded) summary.warnings.push(`added language ${opts.lang} to the project`);
  if (result.labelsAdded.length > 0)
    summary.warnings.push(`added label${result.labelsAdded.length === 1 ? '' : 's'} ${result.labelsAdded.join(', ')} to the label set`);
  summary.warnings.push(...predictionNotes(result.predictions, path.basename(file)));
  return summary;
}

function predictionNotes(p: PredictionsImported, file: string): string[] {
  const notes: string[] = [];
  if (p.sentences > 0) {
    const models = p.models.map((m) => `"${m}"`).join(', ');
    notes.push(`${p.sentences} sentence(s) imported as predicted, credited to the external model(s) ${models} (listed under Models)`);
  }
  if (p.besideGold > 0) {
    notes.push(`${file}: predictions on ${p.besideGold} annotated sentence(s) left out: a sentence holds gold or predictions, not both`);
  }
  if (p.unscaled > 0) notes.push(`${file}: ${p.unscaled} prediction score(s) outside 0..1 stored without a confidence`);
  return notes;
}
