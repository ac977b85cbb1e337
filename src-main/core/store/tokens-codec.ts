// Token offsets are stored as one BLOB per sentence: for each token, the gap since the previous
// token's end and the token's length, both in code points, as LEB128 varints. Tokens of natural
// text are short and close together, so a token costs about two bytes instead of a JSON array's
// ten or so, and decoding needs no JSON parser.

import type { TokenOffsets } from '../../contract/entities.js';

/** Checks that tokens are non-empty, ordered, non-overlapping and inside a text of `length` code points. */
export function tokensProblem(tokens: readonly TokenOffsets[], length: number): string | null {
  let previousEnd = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (!Number.isInteger(t.start) || !Number.isInteger(t.end)) return `token ${k} has a non-integer offset`;
    if (t.start < previousEnd) return `token ${k} starts before the previous token ends`;
    if (t.end <= t.start) return `token ${k} is empty`;
    if (t.end > length) return `token ${k} ends past the end of the text`;
    previousEnd = t.end;
  }
  return null;
}

function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** Encodes ordered, non-overlapping tokens; callers check them with `tokensProblem` first. */
export function encodeTokens(tokens: readonly TokenOffsets[]): Buffer {
  const out: number[] = [];
  let previousEnd = 0;
  for (const t of tokens) {
    pushVarint(out, t.start - previousEnd);
    pushVarint(out, t.end - t.start);
    previousEnd = t.end;
  }
  return Buffer.from(out);
}

export function decodeTokens(blob: Uint8Array): TokenOffsets[] {
  const tokens: TokenOffsets[] = [];
  let pos = 0;
  let previousEnd = 0;
  const next = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (pos >= blob.length) throw new Error('truncated token offsets');
      const byte = blob[pos++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  while (pos < blob.length) {
    const start = previousEnd + next();
    const end = start + next();
    tokens.push({ start, end });
    previousEnd = end;
  }
  return tokens;
}

/** The words of a sentence, sliced by code points. */
export function wordsOf(text: string, tokens: readonly TokenOffsets[]): string[] {
  const cps = Array.from(text);
  return tokens.map((t) => cps.slice(t.start, t.end).join(''));
}
