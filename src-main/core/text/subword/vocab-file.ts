// A vocab.txt (WordPiece): one piece per line, the id is the 0-based line number.

import { readFileSync } from 'node:fs';
import { CoreError, formatError } from '../../errors.js';

/**
 * Reads a vocab.txt; a repeated piece keeps its last line, as Hugging Face's loader does. Errors
 * name the file (and the line of invalid UTF-8).
 */
export function readVocabFile(file: string): string[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CoreError('NOT_FOUND', `${file}: cannot read the vocabulary (${code === 'ENOENT' ? 'no such file' : String(err)})`, { file });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw formatError(file, badUtf8Line(bytes), 'not valid UTF-8 (a vocab.txt is UTF-8 text, one piece per line)');
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw formatError(file, 1, 'the vocabulary is empty');
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function badUtf8Line(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line += 1;
      start = i + 1;
    }
  }
  return line;
}
