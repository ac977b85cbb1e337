// Entity-level micro P/R/F1 identical to seqeval's default mode (classification_report with
// mode=None), per-type scores, untyped span scores, and a token-level confusion matrix over
// entity types and O.

import type { EvalReport, TypeScore } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { badTagReason, entitiesOf, parseTag } from './entities.js';

interface Counts {
  tp: number;
  pred: number;
  gold: number;
}

/**
 * Scores predicted tag sequences against gold ones, sentence by sentence (an entity never spans
 * two sentences). Any tag scheme is read the way seqeval's default mode reads it.
 */
export function evaluate(gold: readonly (readonly string[])[], pred: readonly (readonly string[])[]): EvalReport {
  if (gold.length !== pred.length) {
    throw new CoreError('BAD_REQUEST', `gold has ${gold.length} sentences but the prediction has ${pred.length}`);
  }
  const counts = new Map<string, Counts>();
  const countsOf = (label: string): Counts => {
    let c = counts.get(label);
    if (c === undefined) {
      c = { tp: 0, pred: 0, gold: 0 };
      counts.set(label, c);
    }
    return c;
  };
  // The same entities matched on their tokens alone: spans found, whatever their type.
  const spans: Counts = { tp: 0, pred: 0, gold: 0 };
  // Token counts by gold type, then predicted type.
  const tokenPairs = new Map<string, Map<string, number>>();

  for (let s = 0; s < gold.length; s++) {
    const g = gold[s] as readonly string[];
    const p = pred[s] as readonly string[];
    if (g.length !== p.length) {
      throw new CoreError('BAD_REQUEST', `sentence ${s + 1}: gold has ${g.length} tags but the prediction has ${p.length}`);
    }
    const goldEntities = inSentence(s, 'gold', g);
    const predEntities = inSentence(s, 'prediction', p);
    const goldKeys = new Set<string>();
    const goldSpans = new Set<string>();
    for (const e of goldEntities) {
      countsOf(e.label).gold++;
      goldKeys.add(`${e.start}:${e.end}:${e.label}`);
      goldSpans.add(`${e.start}:${e.end}`);
    }
    for (const e of predEntities) {
      const c = countsOf(e.label);
      c.pred++;
      if (goldKeys.has(`${e.start}:${e.end}:${e.label}`)) c.tp++;
      // Spans are counted once each: two entities of one sentence never share their tokens.
      if (goldSpans.delete(`${e.start}:${e.end}`)) spans.tp++;
    }
    spans.gold += goldEntities.length;
    spans.pred += predEntities.length;
    for (let i = 0; i < g.length; i++) {
      const gt = typeOf(g[i] as string);
      const pt = typeOf(p[i] as string);
      let row = tokenPairs.get(gt);
      if (row === undefined) tokenPairs.set(gt, (row = new Map()));
      row.set(pt, (row.get(pt) ?? 0) + 1);
    }
  }

  const perType: Record<string, TypeScore> = {};
  const total: Counts = { tp: 0, pred: 0, gold: 0 };
  for (const label of [...counts.keys()].sort()) {
    const c = counts.get(label) as Counts;
    perType[label] = { ...score(c), support: c.gold };
    total.tp += c.tp;
    total.pred += c.pred;
    total.gold += c.gold;
  }
  return { ...score(total), perType, spans: score(spans), confusion: confusionOf(tokenPairs) };
}

function inSentence(s: number, side: string, tags: readonly string[]): ReturnType<typeof entitiesOf> {
  try {
    return entitiesOf(tags);
  } catch (err) {
    if (err instanceof CoreError) throw new CoreError('BAD_REQUEST', `${side} sentence ${s + 1}, ${err.message}`);
    throw err;
  }
}

/** seqeval's arithmetic, in its order of operations, so results agree to the last bit. */
function score(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.pred === 0 ? 0 : c.tp / c.pred;
  const recall = c.gold === 0 ? 0 : c.tp / c.gold;
  const denom = precision + recall;
  const f1 = denom === 0 ? 0 : (2 * precision * recall) / denom;
  return { precision, recall, f1 };
}

function typeOf(tag: string): string {
  const parsed = parseTag(tag);
  if (parsed === null) throw new CoreError('BAD_REQUEST', badTagReason(tag));
  return parsed.prefix === 'O' ? 'O' : parsed.type;
}

/** Rows gold, columns predicted; labels are the entity types in order, then O. */
function confusionOf(pairs: ReadonlyMap<string, ReadonlyMap<string, number>>): EvalReport['confusion'] {
  const types = new Set<string>();
  for (const [g, row] of pairs) for (const t of [g, ...row.keys()]) if (t !== 'O') types.add(t);
  const labels = [...[...types].sort(), 'O'];
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  for (const [g, row] of pairs) {
    const cells = matrix[index.get(g) as number] as number[];
    for (const [p, n] of row) cells[index.get(p) as number] = n;
  }
  return { labels, matrix };
}
