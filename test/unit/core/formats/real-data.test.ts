// Counts on the real corpora next to the repository, when they are there. The figures are the
// official ones (Tjong Kim Sang 2002; Tjong Kim Sang and De Meulder 2003), as listed in the data README.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { corpusStats, readCorpus } from '../../../../src-main/core/formats/index.js';

const DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));
const present = existsSync(DATA);
if (!present) console.warn(`SKIPPED: real-corpus counts, because ${DATA} does not exist`);

const statsOf = (path: string) => {
  const c = readCorpus(readFileSync(DATA + path), { file: path });
  const { sentences, tokens, entities, scheme } = corpusStats(c);
  return { sentences, tokens, entities, scheme };
};

describe.skipIf(!present)('real corpora', () => {
  it('CoNLL-2003 English train', () => {
    expect(statsOf('conll2003/en/train.txt')).toEqual({
      sentences: 14041,
      tokens: 203621,
      entities: { LOC: 7140, MISC: 3438, ORG: 6321, PER: 6600 },
      scheme: 'iob1',
    });
  });

  it('CoNLL-2002 Dutch train, whose -DOCSTART- lines have no blank line after them', () => {
    expect(statsOf('conll2002/nl/train.txt')).toEqual({
      sentences: 15806,
      tokens: 202644,
      entities: { LOC: 3208, MISC: 3338, ORG: 2082, PER: 4716 },
      scheme: 'iob2',
    });
  });

  it('CoNLL-2002 Spanish train: B- counts plus the one entity that starts with I-', () => {
    // The official 4913 LOC counts B- tags; "San/I-LOC Sebastián/I-LOC" is a further entity for
    // seqeval and conlleval, so the decoded count is 4914.
    expect(statsOf('conll2002/es/train.txt')).toEqual({
      sentences: 8323,
      tokens: 264715,
      entities: { LOC: 4914, MISC: 2173, ORG: 7390, PER: 4321 },
      scheme: 'iob2',
    });
  });
});
