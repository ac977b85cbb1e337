// The engine's data input: plain token lists with IOB2 tags (or null when unlabelled),
// independent of files and of the store.

import type { Corpus } from '../../formats/types.js';
import { spansToTags } from '../../formats/scheme.js';
import { CoreError } from '../../errors.js';
import { tokenTexts } from '../../text/index.js';

export interface TaggedSentence {
  tokens: string[];
  /** IOB2 tags, one per token; null for unlabelled text. */
  tags: string[] | null;
}

export type Dataset = TaggedSentence[];

const TAG = /^(O|[BI]-\S+)$/u;

/**
 * Throws a CoreError naming `what`, the 1-based sentence and the reason when a sentence is empty,
 * a token is blank, or tags are missing (when required), misaligned or not IOB2-shaped.
 */
export function checkDataset(data: readonly TaggedSentence[], what: string, opts: { labelled: boolean }): void {
  if (data.length === 0) throw new CoreError('BAD_REQUEST', `${what}: no sentences`);
  data.forEach((s, k) => {
    const where = `${what}: sentence ${k + 1}`;
    if (!Array.isArray(s.tokens) || s.tokens.length === 0) throw new CoreError('BAD_REQUEST', `${where}: no tokens`);
    const blank = s.tokens.findIndex((t) => typeof t !== 'string' || t.trim() === '');
    if (blank >= 0) throw new CoreError('BAD_REQUEST', `${where}: token ${blank + 1} is empty`);
    if (!opts.labelled) return;
    if (!s.tags) throw new CoreError('BAD_REQUEST', `${where}: has no tags`);
    if (s.tags.length !== s.tokens.length) {
      throw new CoreError('BAD_REQUEST', `${where}: ${s.tokens.length} tokens but ${s.tags.length} tags`);
    }
    const bad = s.tags.findIndex((t) => !TAG.test(t));
    if (bad >= 0) throw new CoreError('BAD_REQUEST', `${where}: tag "${s.tags[bad]}" of token ${bad + 1} is not O, B-X or I-X`);
  });
}

/** Entity types of the tags in `data`, sorted. */
export function entityTypes(...data: (readonly TaggedSentence[])[]): string[] {
  const types = new Set<string>();
  for (const set of data) for (const s of set) for (const t of s.tags ?? []) if (t !== 'O') types.add(t.slice(2));
  return [...types].sort();
}

/** The label list of a model: O, then B-X and I-X for each type. */
export function labelList(types: readonly string[]): string[] {
  return ['O', ...types.flatMap((t) => [`B-${t}`, `I-${t}`])];
}

/** Sentences of a corpus as a dataset, with IOB2 tags (or null for unlabelled sentences). */
export function datasetFromCorpus(corpus: Corpus): Dataset {
  const out: Dataset = [];
  for (const doc of corpus.documents) {
    for (const s of doc.sentences) {
      const tokens = tokenTexts(s.text, s.tokens);
      out.push({ tokens, tags: s.spans ? spansToTags(s.spans, tokens.length, 'iob2') : null });
    }
  }
  return out;
}
