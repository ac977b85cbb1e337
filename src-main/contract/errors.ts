// Typed errors that cross the boundary as plain data.

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNKNOWN_METHOD'
  | 'NOT_FOUND'
  | 'NO_PROJECT'
  | 'IMPORT_ERROR'
  | 'CONFLICT'
  | 'FORBIDDEN_PATH'
  | 'UNAUTHORIZED'
  | 'OFFLINE'
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** For import errors: where the input went wrong. */
  file?: string | undefined;
  line?: number | undefined;
  /** For import errors: that line as the file has it (cut short when long), so the person sees what is wrong. */
  lineText?: string | undefined;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ApiError };
