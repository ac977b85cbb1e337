// The sentence status rules as pure functions from one annotation layer to the next.
//
// - A user edit on a predicted sentence first copies its predicted spans into the user layer as
//   `corrected`, then applies the edit: status corrected.
// - On an unlabelled sentence the new spans are gold and the sentence becomes gold; gold stays
//   gold and corrected stays corrected, new spans taking that provenance.
// - confirm: unlabelled or predicted becomes gold (a confirmed prediction is accepted).
// - accept: predicted spans become gold spans, status gold. reject: predicted spans go, status unlabelled.
// - A new span replaces every span it overlaps, token by token, as Prodigy does.

import type { Provenance, SentenceStatus } from '../../contract/entities.js';
import type { SentenceSnapshot, SnapSpan } from './snapshots.js';

function span(start: number, end: number, label: string, provenance: Provenance): SnapSpan {
  return { start, end, label, provenance, modelId: null, confidence: null };
}

function userLayer(layer: SentenceSnapshot): { status: SentenceStatus; provenance: Provenance; spans: SnapSpan[] } {
  switch (layer.status) {
    case 'predicted':
      return { status: 'corrected', provenance: 'corrected', spans: layer.spans.map((s) => span(s.start, s.end, s.label, 'corrected')) };
    case 'unlabelled':
      return { status: 'gold', provenance: 'gold', spans: [] };
    case 'gold':
      return { status: 'gold', provenance: 'gold', spans: layer.spans };
    case 'corrected':
      return { status: 'corrected', provenance: 'corrected', spans: layer.spans };
  }
}

const byStart = (a: SnapSpan, b: SnapSpan): number => a.start - b.start || a.end - b.end;

export function setSpan(layer: SentenceSnapshot, start: number, end: number, label: string): SentenceSnapshot {
  const u = userLayer(layer);
  const kept = u.spans.filter((s) => s.end <= start || s.start >= end);
  return { status: u.status, spans: [...kept, span(start, end, label, u.provenance)].sort(byStart) };
}

/** Removes the span covering `token`; without one the layer is unchanged. */
export function removeAt(layer: SentenceSnapshot, token: number): SentenceSnapshot {
  const covers = (s: SnapSpan): boolean => s.start <= token && token < s.end;
  if (!layer.spans.some(covers)) return layer;
  const u = userLayer(layer);
  return { status: u.status, spans: u.spans.filter((s) => !covers(s)) };
}

const asGold = (layer: SentenceSnapshot): SentenceSnapshot => ({
  status: 'gold',
  spans: layer.spans.map((s) => span(s.start, s.end, s.label, 'gold')),
});

export function confirm(layer: SentenceSnapshot): SentenceSnapshot {
  if (layer.status === 'unlabelled' || layer.status === 'predicted') return asGold(layer);
  return layer;
}

export function accept(layer: SentenceSnapshot): SentenceSnapshot {
  return layer.status === 'predicted' ? asGold(layer) : layer;
}

export function reject(layer: SentenceSnapshot): SentenceSnapshot {
  return layer.status === 'predicted' ? { status: 'unlabelled', spans: [] } : layer;
}
