// Shared by the format tests: bytes from strings, and the CoreError a call throws.

import { CoreError } from '../../../../src-main/core/errors.js';

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

export function errorOf(fn: () => unknown): CoreError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CoreError) return err;
    throw new Error(`expected a CoreError, got ${String(err)}`);
  }
  throw new Error('expected an error, but the call succeeded');
}
