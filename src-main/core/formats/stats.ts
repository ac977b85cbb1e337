// Counts that describe a corpus, for import previews and `crosstag stats`.

import type { TagScheme } from '../../contract/entities.js';
import type { Corpus } from './types.js';

export interface CorpusStats {
  documents: number;
  sentences: number;
  tokens: number;
  /** Sentences that carry annotation (spans not null). */
  labelled: number;
  /** Entities per type, as decoded (seqeval's reading), keys sorted. */
  entities: Record<string, number>;
  scheme: TagScheme | null;
}

export function corpusStats(corpus: Pick<Corpus, 'documents' | 'scheme'>): CorpusStats {
  let sentences = 0;
  let tokens = 0;
  let labelled = 0;
  const counts = new Map<string, number>();
  for (const doc of corpus.documents) {
    for (const s of doc.sentences) {
      sentences++;
      tokens += s.tokens.length;
      if (s.spans === null) continue;
      labelled++;
      for (const span of s.spans) counts.set(span.label, (counts.get(span.label) ?? 0) + 1);
    }
  }
  const entities: Record<string, number> = {};
  for (const label of [...counts.keys()].sort()) entities[label] = counts.get(label) as number;
  return { documents: corpus.documents.length, sentences, tokens, labelled, entities, scheme: corpus.scheme };
}
