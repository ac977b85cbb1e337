// Errors from the core arrive as plain ApiError data; this class lets callers `catch` them and
// keeps the code, file and line so the UI can say where an input went wrong.

import type { ApiError, ErrorCode } from '../../../src-main/contract/errors.js';

export class ApiCallError extends Error implements ApiError {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly lineText: string | undefined;

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.file = error.file;
    this.line = error.line;
    this.lineText = error.lineText;
  }
}

/** Any thrown value as contract error data, so every error line renders the same way. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiCallError) {
    const out: ApiError = { code: err.code, message: err.message };
    if (err.file !== undefined) out.file = err.file;
    if (err.line !== undefined) out.line = err.line;
    if (err.lineText !== undefined) out.lineText = err.lineText;
    return out;
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

const hints: Record<ErrorCode, string> = {
  BAD_REQUEST: 'Check the values you entered and try again.',
  UNKNOWN_METHOD: 'The app and the core are out of step: rebuild and restart Crosstag.',
  NOT_FOUND: 'It may have been removed meanwhile: reload the list and try again.',
  NO_PROJECT: 'Open or create a project on the Projects screen first.',
  IMPORT_ERROR: 'Fix that line in the file, then choose it again.',
  CONFLICT: 'Something changed meanwhile: reload and try again.',
  FORBIDDEN_PATH: 'Choose a file inside an allowed folder, with an absolute path.',
  UNAUTHORIZED: 'Open the address printed by `crosstag serve` again to get a fresh session.',
  OFFLINE: 'Check that Crosstag is still running, then try again.',
  INTERNAL: 'Nothing was changed. If it happens again, report this message.',
};

/** What the person can do next about this error. */
export function errorHint(error: ApiError): string {
  // An import error with nothing to quote is about the whole file (not text, too large).
  if (error.code === 'IMPORT_ERROR' && error.lineText === undefined) return 'Choose a corpus file: CoNLL, JSONL or plain text.';
  return hints[error.code];
}
