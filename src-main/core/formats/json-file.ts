// A whole file that is one JSON value (Label Studio exports), parsed with errors that name the
// line, and the shape errors of its records named by record rather than by line.

import type { z } from 'zod';
import { CoreError, formatError } from '../errors.js';

/** The file's one JSON value; a syntax error names the line it is on. */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // V8 words the reason well but gives a position only for some errors, and no line.
    const reason = (err as Error).message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (?:\.\.\.)?".*$/s, '');
    throw formatError(file, lineOf(text, syntaxErrorAt(text)), `invalid JSON: ${reason}`);
  }
}

function lineOf(text: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Where JSON text first breaks the grammar (RFC 8259); only called once JSON.parse has failed. */
function syntaxErrorAt(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxAt(i);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const expect = (c: string): void => {
    ws();
    if (text[i] !== c) fail();
    i++;
  };
  const string = (): void => {
    expect('"');
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c) || c < 0x20) fail();
      if (c === 0x22) return void i++;
      if (c !== 0x5c) i++;
      else if (text[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else if ('"\\/bfnrt'.includes(text[i + 1] ?? 'x')) i += 2;
      else fail();
    }
  };
  const list = (close: string, item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      ws();
      if (text[i] === ',') i++;
      else return expect(close);
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      list('}', () => {
        string();
        expect(':');
        value();
      });
    } else if (c === '[') {
      list(']', value);
    } else if (c === '"') {
      string();
    } else {
      LITERAL.lastIndex = i;
      if (LITERAL.exec(text) === null) fail();
      i = LITERAL.lastIndex;
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (err) {
    if (err instanceof SyntaxAt) return err.at;
  }
  return Math.min(i, text.length);
}

class SyntaxAt {
  constructor(readonly at: number) {}
}

/** An import error about one record of a JSON file, e.g. `file: task 3 (id 17): reason`. */
export function recordError(file: string, where: string, reason: string): CoreError {
  return new CoreError('IMPORT_ERROR', `${file}: ${where}: ${reason}`, { file });
}

/** `task 3 (id 17)`: the 1-based position, and the record's own id when it has one. */
export function recordName(kind: string, index: number, id: unknown): string {
  const shown = typeof id === 'number' || (typeof id === 'string' && id !== '') ? ` (id ${String(id).slice(0, 40)})` : '';
  return `${kind} ${index + 1}${shown}`;
}

/** The first schema problem as one short clause: where in the record, and what is wrong. */
export function zodReason(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'record does not match the expected shape';
  const where = issue.path.length === 0 ? 'record' : `field ${issue.path.map(String).join('.')}`;
  return `${where}: ${issue.message}`;
}
