// Bytes to text for every reader: strict UTF-8 first, latin-1 as the fallback for old corpora
// (the CoNLL-2002 originals are latin-1), and a clear refusal for anything that is not text.

import { formatError } from '../errors.js';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'latin-1';
  warnings: string[];
}

/**
 * The longest line any reader accepts, in UTF-16 units. A CoNLL token line, a sentence of plain
 * text and a JSONL document all fit far below a million characters; a longer line is a minified
 * dump or a wrong file, and failing on it at once keeps every later step linear and bounded.
 */
export const MAX_LINE_CHARS = 1_000_000;

// Share of C0 control bytes (other than tab, newline, vertical tab, form feed, carriage return)
// above which bytes are taken for binary: text files have next to none, random bytes about 10%.
const MAX_CONTROL_SHARE = 0.01;

export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw formatError(file, 1, 'file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8');
  }
  let body = bytes;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);

  let controls = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i] as number;
    if (b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0b || b === 0x0c || b === 0x0d) continue;
    if (b === 0) throw formatError(file, lineAt(body, i), 'file is binary, not text (it contains a NUL byte)');
    controls++;
  }
  if (controls > Math.max(8, body.length * MAX_CONTROL_SHARE)) {
    throw formatError(file, 1, `file is binary, not text (${controls} control bytes)`);
  }

  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8', warnings: [] };
  } catch {
    const bad = firstInvalidUtf8(body);
    const text = decodeLatin1(body);
    return {
      text,
      encoding: 'latin-1',
      warnings: [
        `${file}:${lineAt(body, bad)}: file is not UTF-8; read as latin-1 (first non-UTF-8 byte 0x${(body[bad] ?? 0).toString(16)})`,
      ],
    };
  }
}

// Windows-1252 differs from ISO-8859-1 only in 0x80-0x9F, where ISO-8859-1 has control codes no
// text uses and Windows editors wrote curly quotes, dashes and the euro sign. Files called
// latin-1 are in practice often windows-1252 (WHATWG treats the two labels as one), so those
// bytes are read the Windows way; the five unassigned ones stay as they are.
const CP1252_80_9F =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeLatin1(bytes: Uint8Array): string {
  const iso = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return iso.replace(/[\x80-\x9f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80] as string);
}

/** 1-based line of byte offset `at`. */
function lineAt(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    let need: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}

/**
 * Lines of `text` without their line ends: LF, CRLF, or a lone CR (classic Mac line ends, still
 * written by some spreadsheet exports; read as one line, such a file lost all but its first
 * token). Fails on a line longer than MAX_LINE_CHARS, naming it, before any reader looks inside.
 */
export function splitLines(text: string, file: string): string[] {
  const lines = text.includes('\r') ? text.split(/\r\n|\n|\r/) : text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.length > MAX_LINE_CHARS) {
      throw formatError(
        file,
        i + 1,
        `line is ${line.length.toLocaleString('en-US')} characters long, over the limit of ${MAX_LINE_CHARS.toLocaleString('en-US')}; this does not look like a corpus file`,
      );
    }
  }
  return lines;
}
