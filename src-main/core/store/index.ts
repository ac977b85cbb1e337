// The SQLite project store: one project per file. See store.ts for how a file is opened.

export { openStore, Store, type OpenStoreOptions } from './store.js';
export { MIGRATIONS, SCHEMA_VERSION, type Migration } from './schema.js';
export { migrate, backupPath, type MigrationReport } from './migrate.js';
export { defaultLabels, LABEL_NAME, LANG_CODE } from './project-repo.js';
export type { ImportResult, ImportTarget, PredictionsImported } from './import-corpus.js';
export type { PredictedSpan, PredictionResult, SentencePrediction } from './prediction-repo.js';
export type { SentenceRecord, RecordFilter } from './sentence-records.js';
export type { PairRecord, PairListing, SuggestedPair } from './pair-repo.js';
export type { RunUpdate, NewModel } from './run-repo.js';
export type { EncoderRecord, NewEncoder } from './encoder-repo.js';
export type { Reverted } from './edit-log.js';
export { encodeTokens, decodeTokens, wordsOf } from './tokens-codec.js';
export { MAX_DICTIONARY_WORD, type DictionaryRecord, type NewDictionary } from './dictionary-repo.js';
