// One project file: opening it (pragmas, migrations) and the repositories over it.

import fs from 'node:fs';
import Database from 'better-sqlite3';
import { CoreError } from '../errors.js';
import type { Corpus } from '../formats/types.js';
import { AnnotationRepo } from './annotation-repo.js';
import { DictionaryRepo } from './dictionary-repo.js';
import { EditLog } from './edit-log.js';
import { EncoderRepo } from './encoder-repo.js';
import type { ImportResult, ImportTarget } from './import-corpus.js';
import { importCorpus } from './import-corpus.js';
import type { MigrationReport } from './migrate.js';
import { migrate, schemaVersion } from './migrate.js';
import { PairRepo } from './pair-repo.js';
import type { PredictionResult, SentencePrediction } from './prediction-repo.js';
import { writePredictions } from './prediction-repo.js';
import { ProjectRepo } from './project-repo.js';
import { now } from './rows.js';
import type { Migration } from './schema.js';
import { MIGRATIONS } from './schema.js';
import { ModelRepo, RunRepo } from './run-repo.js';
import { SentenceRepo } from './sentence-repo.js';

export interface OpenStoreOptions {
  /** Create the file when it does not exist (otherwise a missing file is NOT_FOUND). */
  create?: boolean | undefined;
  /** Path to a better-sqlite3 `.node` build for another ABI (Electron passes one). */
  nativeBinding?: string | undefined;
  readonly?: boolean | undefined;
  /** How long a write waits for another process's write to finish. */
  busyTimeoutMs?: number | undefined;
  /** For tests of migration: the migrations to bring the file to. */
  migrations?: readonly Migration[] | undefined;
}

export class Store {
  readonly project: ProjectRepo;
  readonly sentences: SentenceRepo;
  readonly edits: EditLog;
  readonly annotations: AnnotationRepo;
  readonly pairs: PairRepo;
  readonly runs: RunRepo;
  readonly models: ModelRepo;
  readonly encoders: EncoderRepo;
  readonly dictionaries: DictionaryRepo;

  constructor(
    readonly db: Database.Database,
    readonly path: string,
    readonly migration: MigrationReport,
  ) {
    this.project = new ProjectRepo(db);
    this.sentences = new SentenceRepo(db);
    this.edits = new EditLog(db, this.project);
    this.annotations = new AnnotationRepo(db, this.project, this.edits);
    this.pairs = new PairRepo(db, this.edits);
    this.runs = new RunRepo(db);
    this.models = new ModelRepo(db);
    this.encoders = new EncoderRepo(db);
    this.dictionaries = new DictionaryRepo(db);
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Imports a corpus in one transaction: all of it, or nothing. Predictions go to external models by name. */
  importCorpus(corpus: Corpus, target: ImportTarget): ImportResult {
    return importCorpus(this.db, this.project, corpus, target, (name) => this.models.external(name).id);
  }

  /** Bulk write of model predictions; sentences the user labelled or corrected are skipped. */
  writePredictions(modelId: number, items: readonly SentencePrediction[]): PredictionResult {
    return writePredictions(this.db, this.project, modelId, items);
  }

  close(): void {
    // No ANALYZE or PRAGMA optimize: the listing indexes are picked by the planner's rules (and
    // INDEXED BY), and sampled statistics were seen to steer it to worse plans.
    if (this.db.open) this.db.close();
  }
}

/**
 * Opens (or with `create`, creates) a project file: WAL, synchronous=FULL so that every committed
 * action survives a power cut, foreign keys on, and a busy timeout because the training worker
 * writes runs, metrics and predictions to the same file from its own process.
 */
export function openStore(path: string, opts: OpenStoreOptions = {}): Store {
  if (path.includes('\0')) throw new CoreError('FORBIDDEN_PATH', 'the project path contains a NUL byte');
  const exists = fs.existsSync(path);
  if (!exists && opts.create !== true) throw new CoreError('NOT_FOUND', `no project file at ${path}`);
  if (exists) {
    const stat = fs.statSync(path);
    if (stat.isDirectory()) throw new CoreError('BAD_REQUEST', `${path} is a folder, not a project file`);
    // SQLite takes an empty file, or a device that reports size 0, for a new database: opening
    // one would turn it into a project (and write a -wal beside it). Only `create` may do that.
    if (opts.create !== true && !stat.isFile()) throw new CoreError('BAD_REQUEST', `${path} is not a regular file, not a project file`);
    if (opts.create !== true && stat.size === 0) throw new CoreError('BAD_REQUEST', `${path} is empty, not a Crosstag project`);
  }
  let db: Database.Database;
  try {
    db = new Database(path, {
      readonly: opts.readonly === true,
      fileMustExist: opts.create !== true,
      ...(opts.nativeBinding !== undefined ? { nativeBinding: opts.nativeBinding } : {}),
    });
  } catch (err) {
    throw new CoreError('BAD_REQUEST', `cannot open ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.function('ct_contains', { deterministic: true }, (text: unknown, needle: unknown) =>
      typeof text === 'string' && typeof needle === 'string' && text.toLowerCase().includes(needle) ? 1 : 0,
    );
    const migrations = opts.migrations ?? MIGRATIONS;
    let report: MigrationReport;
    if (opts.readonly === true) {
      const v = schemaVersion(db);
      const latest = migrations[migrations.length - 1]?.version ?? 0;
      if (v !== latest) throw new CoreError('CONFLICT', `${path} is at schema v${v}; open it for writing once to migrate it to v${latest}`);
      report = { from: v, to: v, backup: null };
    } else {
      report = migrate(db, path, migrations);
      // Only now that the file is known to be a project: WAL is a lasting change to the file,
      // and a foreign SQLite file refused by migrate must be left exactly as it was.
      db.pragma('journal_mode = WAL');
    }
    const store = new Store(db, path, report);
    if (report.from === 0 && opts.readonly !== true) store.project.setMeta('created_at', now());
    return store;
  } catch (err) {
    db.close();
    if (err instanceof CoreError) throw err;
    throw new CoreError('BAD_REQUEST', `cannot open ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
