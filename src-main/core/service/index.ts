// The core service: createCore() implements the contract; dispatch() is the validated boundary.

export { createCore, type Core, type CoreOptions } from './create-core.js';
export { dispatch, isMethod, METHODS, paramSchemas } from './schemas.js';
export { ML_METHODS, type MlContext, type MlMethod, type MlService } from './ml.js';
export { resolveUserPath } from './paths.js';
export { downloadDir, type HubOptions } from './encoders/index.js';
export { MUSE_ENDPOINT, publishedDictionary, type DictionarySourceOptions } from './dictionary-download.js';
export { exportText, labelConfigPath, writeExport, type ExportOptions, type ExportResult } from './exports.js';
export { previewImport, readSource, runImport } from './imports.js';
export { createProject, DEFAULT_LABELS } from './project-file.js';
export { TUNING_PRESETS, tuningPreset } from './tuning.js';
