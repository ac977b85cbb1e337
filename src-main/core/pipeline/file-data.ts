// A run's data from files: corpora (CoNLL, JSONL, HF, plain text) as engine datasets and
// dictionary files as word maps. The caller supplies the bytes, so paths, working folders and
// the wording of read failures stay the caller's; what is wrong inside a file is said here,
// naming the file, the line and the input it was given as.

import { CoreError } from '../errors.js';
import { dictionaryMap, readCorpus, readDictionary, spansToTags, type Corpus } from '../formats/index.js';
import type { Dataset } from '../ml/index.js';
import { tokenTexts } from '../text/index.js';

export interface InputFiles {
  /** The bytes of `file` as the user named it; throws a readable error when it cannot be read. */
  read(file: string): Uint8Array;
  /** Told what a reader should know about a file that was still read (a guessed encoding, say). */
  warn(message: string): void;
}

export interface LoadedCorpus {
  corpus: Corpus;
  data: Dataset;
}

/**
 * A corpus file as a dataset, empty sentences left out. `role` names the input in errors (a
 * command-line flag, a form field); with `labelled`, every sentence must carry tags.
 */
export function readDataset(files: InputFiles, file: string, opts: { labelled: boolean; role: string }): LoadedCorpus {
  const corpus = readCorpus(files.read(file), { file, unlabelled: !opts.labelled });
  for (const w of corpus.warnings) files.warn(w);
  const data: Dataset = [];
  for (const doc of corpus.documents) {
    for (const s of doc.sentences) {
      if (opts.labelled && s.spans === null) {
        throw new CoreError('BAD_REQUEST', `${file}:${s.line ?? 1}: sentence has no tags; ${opts.role} needs a labelled file`);
      }
      if (s.tokens.length === 0) continue;
      const tokens = tokenTexts(s.text, s.tokens);
      data.push({ tokens, tags: opts.labelled && s.spans ? spansToTags(s.spans, tokens.length, 'iob2') : null });
    }
  }
  if (data.length === 0) throw new CoreError('BAD_REQUEST', `${file}: no sentences`);
  return { corpus, data };
}

/** A dictionary file (MUSE lines or two-column TSV) as word -> translations; bad lines name the file and line. */
export function readDictionaryFile(files: InputFiles, file: string): Map<string, string[]> {
  return dictionaryMap(readDictionary(files.read(file), { file }));
}
