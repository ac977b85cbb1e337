// Bulk import of an in-memory corpus: one transaction, prepared statements, all or nothing.

import type Database from 'better-sqlite3';
import type { Split } from '../../contract/entities.js';
import { CoreError, formatError } from '../errors.js';
import type { Corpus } from '../formats/types.js';
import type { ProjectRepo } from './project-repo.js';
import { now } from './rows.js';
import { encodeTokens, tokensProblem } from './tokens-codec.js';

export interface ImportTarget {
  lang: string;
  split: Split;
  /** Store every sentence as unlabelled, ignoring any spans the corpus carries. */
  unlabelled?: boolean | undefined;
  /** Name of the source file, for document names and error messages. */
  file: string;
}

export interface ImportResult {
  documents: number;
  sentences: number;
  tokens: number;
  entities: Record<string, number>;
  firstSentenceId: number | null;
  labelsAdded: string[];
  languageAdded: boolean;
}

function cpLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Imports every document of `corpus` after the project's last sentence. A sentence with spans is
 * gold (provenance gold); one without (spans null, or `unlabelled`) is unlabelled. Labels the
 * project lacks are added to its label set, the language too. Any problem rolls everything back.
 */
export function importCorpus(db: Database.Database, project: ProjectRepo, corpus: Corpus, target: ImportTarget): ImportResult {
  const insertDoc = db.prepare('INSERT INTO documents (name, lang, split, source, created_at) VALUES (?, ?, ?, ?, ?)');
  const insertSentence = db.prepare(
    `INSERT INTO sentences (doc_id, ordinal, lang, split, status, uncertainty, text, tokens, n_tokens, tokenizer)
     VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
  );
  const count = db.prepare(
    `INSERT INTO sentence_counts (lang, split, status, n) VALUES (?, ?, ?, ?)
     ON CONFLICT (lang, split, status) DO UPDATE SET n = n + excluded.n`,
  );
  const insertSpan = db.prepare(
    `INSERT INTO annotations (sentence_id, start_token, end_token, label, provenance, model_id, confidence) VALUES (?, ?, ?, ?, 'gold', NULL, NULL)`,
  );

  const run = db.transaction((): ImportResult => {
    const languageAdded = project.language(target.lang) === null;
    project.ensureLanguage(target.lang);
    const labels = new Set<string>();
    if (target.unlabelled !== true) {
      for (const doc of corpus.documents) for (const s of doc.sentences) for (const sp of s.spans ?? []) labels.add(sp.label);
    }
    const labelsAdded = project.ensureLabels(labels);

    const added = { gold: 0, unlabelled: 0 };
    let ordinal = ((db.prepare('SELECT max(ordinal) AS m FROM sentences').get() as { m: number | null }).m ?? 0) + 1;
    const at = now();
    const result: ImportResult = { documents: 0, sentences: 0, tokens: 0, entities: {}, firstSentenceId: null, labelsAdded, languageAdded };
    // Counted in a Map: an entity type may be named like an Object.prototype member (`constructor`).
    const entities = new Map<string, number>();
    corpus.documents.forEach((doc, d) => {
      if (doc.sentences.length === 0) return;
      const name = doc.name !== '' ? doc.name : `${target.file} #${d + 1}`;
      const docId = Number(insertDoc.run(name, target.lang, target.split, target.file, at).lastInsertRowid);
      result.documents++;
      doc.sentences.forEach((s, k) => {
        const where = (reason: string): CoreError =>
          s.line !== undefined
            ? formatError(target.file, s.line, reason)
            : new CoreError('IMPORT_ERROR', `${target.file}: sentence ${k + 1} of document "${name}": ${reason}`, { file: target.file });
        const problem = tokensProblem(s.tokens, cpLength(s.text));
        if (problem !== null) throw where(problem);
        if (s.tokens.length === 0) throw where('sentence has no tokens');
        const spans = target.unlabelled === true ? null : s.spans;
        const status = spans === null ? 'unlabelled' : 'gold';
        const id = Number(
          insertSentence.run(
            docId,
            ordinal++,
            target.lang,
            target.split,
            status,
            s.text,
            encodeTokens(s.tokens),
            s.tokens.length,
            corpus.tokenizer,
          ).lastInsertRowid,
        );
        result.firstSentenceId ??= id;
        added[status]++;
        result.sentences++;
        result.tokens += s.tokens.length;
        let previousEnd = 0;
        for (const sp of [...(spans ?? [])].sort((a, b) => a.start - b.start)) {
          if (!Number.isInteger(sp.start) || !Number.isInteger(sp.end) || sp.start < 0 || sp.end <= sp.start || sp.end > s.tokens.length) {
            throw where(`entity ${sp.label} [${sp.start}, ${sp.end}) is outside the sentence's ${s.tokens.length} tokens`);
          }
          if (sp.start < previousEnd) throw where(`entity ${sp.label} at token ${sp.start} overlaps the previous entity`);
          previousEnd = sp.end;
          insertSpan.run(id, sp.start, sp.end, sp.label);
          entities.set(sp.label, (entities.get(sp.label) ?? 0) + 1);
        }
      });
    });
    for (const status of ['gold', 'unlabelled'] as const)
      if (added[status] > 0) count.run(target.lang, target.split, status, added[status]);
    result.entities = Object.fromEntries(entities);
    return result;
  });
  return run.immediate();
}
