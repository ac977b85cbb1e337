// The one error class the core throws on purpose. Shells turn it into the contract's ApiError.

import type { ApiError, ErrorCode } from '../contract/errors.js';

export class CoreError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly lineText: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    where?: { file?: string | undefined; line?: number | undefined; lineText?: string | undefined },
  ) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.file = where?.file;
    this.line = where?.line;
    this.lineText = where?.lineText;
  }

  toApiError(): ApiError {
    const error: ApiError = { code: this.code, message: this.message };
    if (this.file !== undefined) error.file = this.file;
    if (this.line !== undefined) error.line = this.line;
    if (this.lineText !== undefined) error.lineText = this.lineText;
    return error;
  }
}

/** An input file that cannot be read: names the file, the 1-based line and the reason. */
export function formatError(file: string, line: number, reason: string): CoreError {
  return new CoreError('IMPORT_ERROR', `${file}:${line}: ${reason}`, { file, line });
}

/** Any thrown value as a contract error; unexpected errors keep their message but not their stack. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof CoreError) return err.toApiError();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}
