// The project schema as an ordered list of migrations. PRAGMA user_version holds the number of
// migrations applied; never edit a released migration, append a new one.

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /**
   * The SQL rebuilds a table other tables point to: it runs with foreign keys off (so dropping
   * the old table neither cascades nor fails), then every reference is checked before commit.
   */
  rebuildsTables?: boolean | undefined;
}

const SPLITS = `('train','dev','test','unlabelled')`;
const STATUSES = `('unlabelled','predicted','gold','corrected')`;

const v1 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE labels (
  name TEXT PRIMARY KEY,
  color TEXT NOT NULL,
  key TEXT NOT NULL,
  position INTEGER NOT NULL
) STRICT;

CREATE TABLE languages (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('ltr','rtl'))
) STRICT;

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  lang TEXT NOT NULL REFERENCES languages(code) ON UPDATE CASCADE,
  split TEXT NOT NULL CHECK (split IN ${SPLITS}),
  source TEXT,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE sentences (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  lang TEXT NOT NULL REFERENCES languages(code) ON UPDATE CASCADE,
  split TEXT NOT NULL CHECK (split IN ${SPLITS}),
  status TEXT NOT NULL CHECK (status IN ${STATUSES}),
  uncertainty REAL CHECK (uncertainty IS NULL OR (uncertainty >= 0 AND uncertainty <= 1)),
  text TEXT NOT NULL,
  tokens BLOB NOT NULL,
  n_tokens INTEGER NOT NULL,
  tokenizer TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX sentences_ordinal ON sentences(ordinal);
-- The sentence list pages by OFFSET deep into 100k rows and counts every filter. One index per
-- combination of the lang/split/status filters, each ending in ordinal, makes both a walk over
-- a contiguous index range that never reads the table. For "most useful first": the target
-- language (and status) get exact indexes; other filters walk sentences_u_cover in order and
-- test the filter columns it carries (see sentence-repo.ts).
CREATE INDEX sentences_l ON sentences(lang, ordinal);
CREATE INDEX sentences_sp ON sentences(split, ordinal);
CREATE INDEX sentences_st ON sentences(status, ordinal);
CREATE INDEX sentences_l_sp ON sentences(lang, split, ordinal);
CREATE INDEX sentences_l_st ON sentences(lang, status, ordinal);
CREATE INDEX sentences_sp_st ON sentences(split, status, ordinal);
CREATE INDEX sentences_l_sp_st ON sentences(lang, split, status, ordinal);
CREATE INDEX sentences_u_cover ON sentences(uncertainty DESC, ordinal, lang, split, status);
CREATE INDEX sentences_l_u ON sentences(lang, uncertainty DESC, ordinal);
CREATE INDEX sentences_l_st_u ON sentences(lang, status, uncertainty DESC, ordinal);
CREATE INDEX sentences_doc ON sentences(doc_id, ordinal);

-- Sentences per language, split and status, so that split counts, project size and list totals
-- are a lookup in a table of a few rows instead of an index walk. Status changes and deletions
-- are counted by triggers; inserts are counted in bulk by the import (store/import-corpus.ts),
-- the only writer of new sentences, because a per-row insert trigger doubled import time.
CREATE TABLE sentence_counts (
  lang TEXT NOT NULL,
  split TEXT NOT NULL,
  status TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (lang, split, status)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER sentences_counted_delete AFTER DELETE ON sentences BEGIN
  UPDATE sentence_counts SET n = n - 1 WHERE lang = OLD.lang AND split = OLD.split AND status = OLD.status;
END;
CREATE TRIGGER sentences_counted_update AFTER UPDATE OF lang, split, status ON sentences
  WHEN OLD.lang IS NOT NEW.lang OR OLD.split IS NOT NEW.split OR OLD.status IS NOT NEW.status
BEGIN
  UPDATE sentence_counts SET n = n - 1 WHERE lang = OLD.lang AND split = OLD.split AND status = OLD.status;
  INSERT INTO sentence_counts (lang, split, status, n) VALUES (NEW.lang, NEW.split, NEW.status, 1)
    ON CONFLICT (lang, split, status) DO UPDATE SET n = n + 1;
END;

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('teacher','student','pipeline','predict')),
  status TEXT NOT NULL CHECK (status IN ('queued','running','completed','failed','cancelled')),
  stage TEXT,
  config TEXT NOT NULL,
  backend TEXT,
  error TEXT,
  checkpoint_dir TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE run_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  loss REAL NOT NULL,
  dev_f1 REAL,
  tokens_per_sec REAL NOT NULL,
  seconds REAL NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (run_id, stage, epoch)
) STRICT;

CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('teacher','student')),
  encoder TEXT NOT NULL,
  dir TEXT NOT NULL,
  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  metrics TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX models_run ON models(run_id);

CREATE TABLE annotations (
  id INTEGER PRIMARY KEY,
  sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
  start_token INTEGER NOT NULL CHECK (start_token >= 0),
  end_token INTEGER NOT NULL,
  label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
  provenance TEXT NOT NULL CHECK (provenance IN ('gold','predicted','corrected')),
  model_id INTEGER REFERENCES models(id) ON DELETE SET NULL,
  confidence REAL,
  CHECK (end_token > start_token)
) STRICT;
CREATE INDEX annotations_sentence ON annotations(sentence_id, start_token);
CREATE INDEX annotations_model ON annotations(model_id);

CREATE TABLE pairs (
  id INTEGER PRIMARY KEY,
  a INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
  b INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  CHECK (a <> b),
  UNIQUE (a, b)
) STRICT;
CREATE INDEX pairs_b ON pairs(b);

CREATE TABLE links (
  pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  i INTEGER NOT NULL CHECK (i >= 0),
  j INTEGER NOT NULL CHECK (j >= 0),
  value TEXT NOT NULL CHECK (value IN ('same','different')),
  source TEXT NOT NULL CHECK (source IN ('user','model')),
  PRIMARY KEY (pair_id, i, j)
) STRICT, WITHOUT ROWID;

-- Append-only: undo and redo append rows of their own, and the stacks are derived from the log.
-- No foreign keys, so that deleting a pair never rewrites history.
CREATE TABLE edits (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('do','undo','redo')),
  ref INTEGER,
  action TEXT NOT NULL,
  sentence_id INTEGER,
  pair_id INTEGER,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  description TEXT NOT NULL,
  CHECK ((kind = 'do') = (ref IS NULL))
) STRICT;
CREATE TRIGGER edits_no_update BEFORE UPDATE ON edits
  BEGIN SELECT RAISE(ABORT, 'the edit log is append-only'); END;
CREATE TRIGGER edits_no_delete BEFORE DELETE ON edits
  BEGIN SELECT RAISE(ABORT, 'the edit log is append-only'); END;
`;

// Bilingual dictionaries (MUSE word pairs) for dictionary code-switching, the one ingredient
// measured that brings cross-lingual word knowledge to a download-free model (docs/DECISIONS.md).
const v2 = `
CREATE TABLE dictionaries (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  src_lang TEXT NOT NULL,
  tgt_lang TEXT NOT NULL,
  source TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE dictionary_entries (
  dictionary_id INTEGER NOT NULL REFERENCES dictionaries(id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  PRIMARY KEY (dictionary_id, source, target)
) STRICT, WITHOUT ROWID;
`;

// Pretrained encoder folders registered with the project ("Add pretrained encoder…", "Download
// from hub"). The folder stays where the user keeps it (or in the project's data folder when it
// was downloaded); the summary is the last successful check, shown when the folder is missing.
// AUTOINCREMENT: a removed registration's id is never given to another folder.
const v3 = `
CREATE TABLE encoders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  dir TEXT NOT NULL UNIQUE,
  repo TEXT,
  summary TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
`;

// Predictions brought in from other tools (Label Studio `predictions`) are credited to a model
// row of kind `external`: it has no folder and cannot predict, but its name (the tool's model
// version) stays visible and exportable. SQLite cannot widen a CHECK in place, so the table is
// rebuilt with foreign keys off (annotations keep pointing at `models`); see migrate.ts.
const v4 = `
CREATE TABLE models_v4 (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('teacher','student','external')),
  encoder TEXT NOT NULL,
  dir TEXT NOT NULL,
  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  metrics TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
) STRICT;
INSERT INTO models_v4 (id, name, kind, encoder, dir, run_id, metrics, created_at)
  SELECT id, name, kind, encoder, dir, run_id, metrics, created_at FROM models;
DROP TABLE models;
ALTER TABLE models_v4 RENAME TO models;
CREATE INDEX models_run ON models(run_id);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'project, sentences, annotations, pairs, runs, models, edit log', sql: v1 },
  { version: 2, description: 'bilingual dictionaries', sql: v2 },
  { version: 3, description: 'registered pretrained encoders', sql: v3 },
  { version: 4, description: 'external models (predictions imported from other tools)', sql: v4, rebuildsTables: true },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
