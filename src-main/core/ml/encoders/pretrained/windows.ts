// Long sentences as overlapping windows of word pieces. A sentence whose pieces do not fit one
// window is cut into windows of `capacity` pieces, consecutive windows sharing `stride` pieces
// (Hugging Face's meaning of stride). Each word then takes its vector from the window where its
// first piece has the most context, scored as in BERT's SQuAD code: the smaller of its left and
// right context, plus a hundredth of the window's size to break ties towards longer windows.

export interface Span {
  start: number;
  end: number;
}

export interface WindowPlan {
  windows: Span[];
  /** For each word, the index of the window its vector comes from. */
  choice: number[];
}

export function planWindows(pieces: number, first: readonly number[], capacity: number, stride: number): WindowPlan {
  if (capacity < 1) throw new Error(`window capacity ${capacity} must be at least 1`);
  if (pieces <= capacity) return { windows: [{ start: 0, end: pieces }], choice: first.map(() => 0) };
  const step = Math.max(1, capacity - stride);
  const windows: Span[] = [];
  for (let start = 0; ; start += step) {
    const end = Math.min(start + capacity, pieces);
    windows.push({ start, end });
    if (end === pieces) break;
  }
  const choice = first.map((p) => {
    let best = -1;
    let bestScore = -Infinity;
    windows.forEach((w, i) => {
      if (p < w.start || p >= w.end) return;
      const score = Math.min(p - w.start, w.end - 1 - p) + 0.01 * (w.end - w.start);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    return best;
  });
  return { windows, choice };
}
