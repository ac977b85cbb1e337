"""Sentences of words as windows of word pieces, exactly as Crosstag's bert encoder cuts them: a
sentence whose pieces do not fit one window becomes overlapping windows of `capacity` pieces
(consecutive ones sharing `stride`), and each word takes its vector from its FIRST piece in the
window where that piece has the most context."""

from dataclasses import dataclass

import torch

from .rng import derive_hash


def plan_windows(pieces, first, capacity, stride):
    if capacity < 1:
        raise ValueError(f"window capacity {capacity} must be at least 1")
    if pieces <= capacity:
        return [(0, pieces)], [0] * len(first)
    step = max(1, capacity - stride)
    windows = []
    start = 0
    while True:
        end = min(start + capacity, pieces)
        windows.append((start, end))
        if end == pieces:
            break
        start += step
    choice = []
    for p in first:
        best, best_score = -1, float("-inf")
        for i, (s, e) in enumerate(windows):
            if p < s or p >= e:
                continue
            score = min(p - s, e - 1 - p) + 0.01 * (e - s)
            if score > best_score:
                best, best_score = i, score
        choice.append(best)
    return windows, choice


@dataclass
class Specials:
    """Ids around every window's pieces ([CLS] … [SEP], <s> … </s>) and the padding id."""

    prefix: list
    suffix: list
    pad: int


@dataclass
class WordBatch:
    """B sentences padded to T words; rows are batch-major (b*T + t) as in the app."""

    size: int
    length: int
    lengths: list
    ids: torch.Tensor  # [W, L] piece ids
    window_lengths: torch.Tensor  # [W]
    rows: torch.Tensor  # [B*T] row of W*L holding each word's first piece (0 for padding)
    mask: torch.Tensor  # [B*T] 1 for words
    window_keys: list  # per window, or None without noise
    sentence_keys: list  # per sentence, or None

    @property
    def tokens(self):
        return sum(self.lengths)

    def to(self, device):
        self.ids = self.ids.to(device)
        self.window_lengths = self.window_lengths.to(device)
        self.rows = self.rows.to(device)
        self.mask = self.mask.to(device)
        return self


def build_batch(sentences, pieces_of, specials, max_length, stride, keys=None):
    """sentences: lists of words; pieces_of(word) -> ids; keys: one 32-bit noise key per sentence."""
    B = len(sentences)
    lengths = [len(s) for s in sentences]
    T = max([1] + lengths)
    capacity = max_length - len(specials.prefix) - len(specials.suffix)
    windows, owners, slots = [], [], []
    window_keys = []
    for b, words in enumerate(sentences):
        pieces, first = [], []
        for word in words:
            first.append(len(pieces))
            pieces.extend(pieces_of(word))
        plan, choice = plan_windows(len(pieces), first, capacity, stride)
        base = len(windows)
        for n, (s, e) in enumerate(plan):
            windows.append(specials.prefix + pieces[s:e] + specials.suffix)
            owners.append(b)
            if keys is not None:
                window_keys.append(derive_hash(keys[b], "window", n))
        for t, p in enumerate(first):
            k = choice[t]
            slots.append((b * T + t, base + k, len(specials.prefix) + p - plan[k][0]))
    L = max(len(w) for w in windows)
    ids = torch.full((len(windows), L), specials.pad, dtype=torch.long)
    for i, w in enumerate(windows):
        ids[i, : len(w)] = torch.tensor(w, dtype=torch.long)
    rows = torch.zeros(B * T, dtype=torch.long)
    mask = torch.zeros(B * T)
    for slot, w, pos in slots:
        rows[slot] = w * L + pos
        mask[slot] = 1.0
    return WordBatch(
        size=B,
        length=T,
        lengths=lengths,
        ids=ids,
        window_lengths=torch.tensor([len(w) for w in windows], dtype=torch.long),
        rows=rows,
        mask=mask,
        window_keys=window_keys if keys is not None else None,
        sentence_keys=list(keys) if keys is not None else None,
    )
