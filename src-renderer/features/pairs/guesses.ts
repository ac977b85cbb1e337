// Which model guesses to draw: every token pair would be a thicket of lines, so each upper token
// shows only its most similar lower token, unless the person already linked that upper token.

import type { TokenLink } from '../../../src-main/contract/entities.js';

export interface Guess {
  i: number;
  j: number;
  s: number;
  value: 'same' | 'different';
  /** Stroke width in pixels: 1 at s = 0 up to 6 at s = 1. */
  width: number;
}

export function modelGuesses(links: readonly TokenLink[], similarity: number[][] | null): Guess[] {
  const out: Guess[] = [];
  const userI = new Set(links.filter((l) => l.source === 'user').map((l) => l.i));
  for (const l of links) {
    if (l.source === 'model')
      out.push({ i: l.i, j: l.j, s: l.value === 'same' ? 1 : 0, value: l.value, width: l.value === 'same' ? 5 : 1.5 });
  }
  if (!similarity) return out;
  similarity.forEach((row, i) => {
    if (userI.has(i) || row.length === 0) return;
    let j = 0;
    for (let k = 1; k < row.length; k++) if ((row[k] ?? 0) > (row[j] ?? 0)) j = k;
    const s = row[j] ?? 0;
    out.push({ i, j, s, value: s >= 0.5 ? 'same' : 'different', width: 1 + 5 * s });
  });
  return out;
}
