// Bilingual word lists: MUSE files (`source target`, whitespace-separated, one pair a line, a
// source repeated on as many lines as it has translations) and two-column TSV. A line with a tab
// is split on tabs only, so a TSV entry may hold a multi-word phrase; any other line is split on
// whitespace.

import { CoreError, formatError } from '../errors.js';
import { decodeText, splitLines } from './decode.js';

export interface DictionaryPair {
  source: string;
  target: string;
}

/** The pairs of a dictionary file, duplicates removed, in file order. Throws naming file and line. */
export function readDictionary(bytes: Uint8Array, opts: { file: string }): DictionaryPair[] {
  const { file } = opts;
  const lines = splitLines(decodeText(bytes, file).text, file);
  const seen = new Set<string>();
  const out: DictionaryPair[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const fields = line.includes('\t') ? line.split('\t').map((f) => f.trim()) : line.trim().split(/\s+/u);
    if (fields.length !== 2 || fields[0] === '' || fields[1] === '') {
      const found = fields.filter((f) => f !== '').length;
      throw formatError(file, i + 1, `expected two fields (source and target word), found ${found}`);
    }
    const [source, target] = fields as [string, string];
    // A NUL never occurs in decoded text (decodeText refuses it), so it cannot make two pairs collide.
    const key = `${source}\u0000${target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ source, target });
  }
  if (out.length === 0) throw new CoreError('IMPORT_ERROR', `${file}: no word pairs (the file is empty)`, { file });
  return out;
}

/** Source word to its distinct translations, in file order. */
export function dictionaryMap(pairs: readonly DictionaryPair[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { source, target } of pairs) {
    const list = map.get(source);
    if (!list) map.set(source, [target]);
    else if (!list.includes(target)) list.push(target);
  }
  return map;
}
