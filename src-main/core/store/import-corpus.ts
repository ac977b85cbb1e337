// Bulk import of an in-memory corpus: one transaction, prepared statements, all or nothing.

import type Database from 'better-sqlite3';
import type { Split } from '../../contract/entities.js';
import { CoreError, formatError } from '../errors.js';
import type { Corpus, CorpusDocument, CorpusSentence, TokenSpan } from '../formats/types.js';
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
  predictions: PredictionsImported;
}

/** What became of the predictions a corpus carries (Label Studio). */
export interface PredictionsImported {
  /** Unlabelled sentences now holding a prediction (status predicted). */
  sentences: number;
  /** The external models they are credited to, by name. */
  models: string[];
  /** Predictions on sentences imported as gold, which a sentence cannot hold beside its gold. */
  besideGold: number;
  /** Span scores outside 0..1, stored without a confidence. */
  unscaled: number;
}

/** Credits imported predictions: the id of the external model named `name`. */
export type ModelFor = (name: string) => number;

function cpLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const inUnit = (x: number | null): x is number => x !== null && Number.isFinite(x) && x >= 0 && x <= 1;

/**
 * Imports every document of `corpus` after the project's last sentence. A sentence with spans is
 * gold (provenance gold); one without (spans null, or `unlabelled`) is unlabelled, or predicted
 * when it carries a model's prediction, which is credited to that model (see `modelFor`) with
 * its scores as confidences and 1 - its sentence score as the uncertainty. Labels the project
 * lacks are added to its label set, the language too. Any problem rolls everything back.
 */
export function importCorpus(
  db: Database.Database,
  project: ProjectRepo,
  corpus: Corpus,
  target: ImportTarget,
  modelFor: ModelFor,
): ImportResult {
  const run = db.transaction((): ImportResult => {
    const languageAdded = project.language(target.lang) === null;
    project.ensureLanguage(target.lang);
    const labels = new Set<string>();
    if (target.unlabelled !== true) {
      for (const doc of corpus.documents) {
        for (const s of doc.sentences) for (const sp of s.spans ?? s.prediction?.spans ?? []) labels.add(sp.label);
      }
    }
    const labelsAdded = project.ensureLabels(labels);
    const job = new CorpusImport(db, target, corpus.tokenizer, modelFor);
    corpus.documents.forEach((doc, d) => job.document(doc, d));
    return { ...job.finish(), labelsAdded, languageAdded };
  });
  return run.immediate();
}

/** One import's prepared statements and running counts, inside its transaction. */
class CorpusImport {
  private readonly insertDoc: Database.Statement;
  private readonly insertSentence: Database.Statement;
  private readonly insertSpan: Database.Statement;
  private readonly count: Database.Statement;
  private readonly added = { gold: 0, unlabelled: 0, predicted: 0 };
  // Counted in a Map: an entity type may be named like an Object.prototype member (`constructor`).
  private readonly entities = new Map<string, number>();
  private readonly models = new Map<string, number>();
  private readonly predictions: PredictionsImported = { sentences: 0, models: [], besideGold: 0, unscaled: 0 };
  private readonly totals = { documents: 0, sentences: 0, tokens: 0, firstSentenceId: null as number | null };
  private readonly at = now();
  private ordinal: number;

  constructor(
    db: Database.Database,
    private readonly target: ImportTarget,
    private readonly tokenizer: string,
    private readonly modelFor: ModelFor,
  ) {
    this.insertDoc = db.prepare('INSERT INTO documents (name, lang, split, source, created_at) VALUES (?, ?, ?, ?, ?)');
    this.insertSentence = db.prepare(
      `INSERT INTO sentences (doc_id, ordinal, lang, split, status, uncertainty, text, tokens, n_tokens, tokenizer)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertSpan = db.prepare(
      `INSERT INTO annotations (sentence_id, start_token, end_token, label, provenance, model_id, confidence) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.count = db.prepare(
      `INSERT INTO sentence_counts (lang, split, status, n) VALUES (?, ?, ?, ?)
       ON CONFLICT (lang, split, status) DO UPDATE SET n = n + excluded.n`,
    );
    this.ordinal = ((db.prepare('SELECT max(ordinal) AS m FROM sentences').get() as { m: number | null }).m ?? 0) + 1;
  }

  document(doc: CorpusDocument, d: number): void {
    if (doc.sentences.length === 0) return;
    const { target } = this;
    const name = doc.name !== '' ? doc.name : `${target.file} #${d + 1}`;
    const docId = Number(this.insertDoc.run(name, target.lang, target.split, target.file, this.at).lastInsertRowid);
    this.totals.documents++;
    doc.sentences.forEach((s, k) => {
      const where = (reason: string): CoreError => {
        const what = s.where === undefined ? reason : `${s.where}: ${reason}`;
        if (s.line !== undefined) return formatError(target.file, s.line, what);
        return new CoreError('IMPORT_ERROR', `${target.file}: sentence ${k + 1} of document "${name}": ${what}`, { file: target.file });
      };
      this.sentence(s, docId, where);
    });
  }

  private sentence(s: CorpusSentence, docId: number, where: (reason: string) => CoreError): void {
    const { target } = this;
    const problem = tokensProblem(s.tokens, cpLength(s.text));
    if (problem !== null) throw where(problem);
    if (s.tokens.length === 0) throw where('sentence has no tokens');
    const spans = target.unlabelled === true ? null : s.spans;
    const prediction = target.unlabelled === true ? undefined : s.prediction;
    if (spans !== null && prediction !== undefined) this.predictions.besideGold++;
    const predicted = spans === null && prediction !== undefined ? prediction : null;
    const status = spans !== null ? 'gold' : predicted !== null ? 'predicted' : 'unlabelled';
    const uncertainty = predicted !== null && inUnit(predicted.score) ? 1 - predicted.score : null;
    const id = Number(
      this.insertSentence.run(
        docId,
        this.ordinal++,
        target.lang,
        target.split,
        status,
        uncertainty,
        s.text,
        encodeTokens(s.tokens),
        s.tokens.length,
        this.tokenizer,
      ).lastInsertRowid,
    );
    this.totals.firstSentenceId ??= id;
    this.added[status]++;
    this.totals.sentences++;
    this.totals.tokens += s.tokens.length;
    if (predicted === null) {
      this.spans(id, s.tokens.length, spans ?? [], null, where);
    } else {
      this.predictions.sentences++;
      // Model names are at most 200 characters, as a rename allows.
      const name = (predicted.model || `predictions in ${target.file}`).slice(0, 200);
      this.spans(id, s.tokens.length, predicted.spans, this.modelId(name), where);
    }
  }

  /** Gold spans (model null) or a model's predicted spans, checked as they are written. */
  private spans(
    id: number,
    length: number,
    spans: readonly (TokenSpan & { score?: number | null })[],
    model: number | null,
    where: (reason: string) => CoreError,
  ): void {
    let previousEnd = 0;
    for (const sp of [...spans].sort((a, b) => a.start - b.start)) {
      if (!Number.isInteger(sp.start) || !Number.isInteger(sp.end) || sp.start < 0 || sp.end <= sp.start || sp.end > length) {
        throw where(`entity ${sp.label} [${sp.start}, ${sp.end}) is outside the sentence's ${length} tokens`);
      }
      if (sp.start < previousEnd) throw where(`entity ${sp.label} at token ${sp.start} overlaps the previous entity`);
      previousEnd = sp.end;
      if (model === null) {
        this.insertSpan.run(id, sp.start, sp.end, sp.label, 'gold', null, null);
        this.entities.set(sp.label, (this.entities.get(sp.label) ?? 0) + 1);
      } else {
        const score = sp.score ?? null;
        if (score !== null && !inUnit(score)) this.predictions.unscaled++;
        this.insertSpan.run(id, sp.start, sp.end, sp.label, 'predicted', model, inUnit(score) ? score : null);
      }
    }
  }

  private modelId(name: string): number {
    let id = this.models.get(name);
    if (id === undefined) {
      id = this.modelFor(name);
      this.models.set(name, id);
      this.predictions.models.push(name);
    }
    return id;
  }

  finish(): Omit<ImportResult, 'labelsAdded' | 'languageAdded'> {
    const { target } = this;
    for (const status of ['gold', 'unlabelled', 'predicted'] as const) {
      if (this.added[status] > 0) this.count.run(target.lang, target.split, status, this.added[status]);
    }
    return { ...this.totals, entities: Object.fromEntries(this.entities), predictions: this.predictions };
  }
}
