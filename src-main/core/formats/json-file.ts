// A whole file that is one JSON value (Label Studio exports), parsed with errors that name the
// line, and the shape errors of its records named by record rather than by line.

import type { z } from 'zod';
import { type CoreError, formatError } from '../errors.js';

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

/** Line ends as every reader counts them: LF, CRLF or a lone CR. */
const isLineEnd = (text: string, i: number): boolean => text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n');

function lineOf(text: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at && i < text.length; i++) if (isLineEnd(text, i)) line++;
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

/** A record of a JSON file: its name for messages (`task 3 (id 17)`) and the line it starts on. */
export interface Place {
  where: string;
  line: number;
}

/** An import error about one record of a JSON file, e.g. `file:12: task 3 (id 17): reason`. */
export function recordError(file: string, at: Place, reason: string): CoreError {
  return formatError(file, at.line, `${at.where}: ${reason}`);
}

/**
 * The 1-based line on which each element of the file's top-level array starts (one line, the
 * first, for any other value), so that errors about a record can point at it. One linear scan.
 */
export function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (isLineEnd(text, i)) line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (depth === 0 && c !== '[') return [1];
    if (depth === 1 && expectValue && c !== ']') {
      lines.push(line);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectValue = true;
    if (depth === 1 && c === '[') expectValue = true;
  }
  return lines;
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
