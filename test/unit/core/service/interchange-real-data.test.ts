// CoNLL-2002 Spanish dev through Label Studio JSON and WebAnno TSV and a project, back to CoNLL:
// the same tokens and tags, when the corpora are next to the repository.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorpusFormat } from '../../../../src-main/contract/entities.js';
import { readCorpus, writeCorpus } from '../../../../src-main/core/formats/index.js';
import type { Harness } from './fixtures.js';
import { harness } from './fixtures.js';

const DEV = fileURLToPath(new URL('../../../../../shared/data/conll2002/es/dev.txt', import.meta.url));
const present = fs.existsSync(DEV);
if (!present) console.warn(`SKIPPED: CoNLL-2002 round trips through Label Studio and WebAnno TSV, because ${DEV} does not exist`);

/** `word tag` for every token line of a CoNLL file (the word first, the tag last), blank lines kept. */
function wordsAndTags(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('-DOCSTART-'))
    .map((l) => l.trim().split(/\s+/))
    .map((f) => (f.length < 2 ? '' : `${f[0]} ${f[f.length - 1]}`))
    .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''));
}

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  await h.cleanup();
});

describe.skipIf(!present)('CoNLL-2002 es dev → another tool → project → CoNLL', () => {
  for (const [format, name] of [
    ['labelstudio', 'dev.json'],
    ['labelstudio-min', 'dev-min.json'],
    ['webanno', 'dev.tsv'],
  ] as [CorpusFormat, string][]) {
    it(`through ${format}: the same tokens and tags`, async () => {
      const original = fs.readFileSync(DEV);
      const corpus = readCorpus(original, { file: 'dev.txt' });
      fs.writeFileSync(path.join(h.dir, name), writeCorpus(corpus.documents, { format }));

      await h.core['projects.create']({ path: 'p.sqlite', name: 'es dev', labels: ['PER', 'ORG', 'LOC', 'MISC'] });
      const summary = await h.core['imports.run']({ source: { kind: 'path', path: name }, lang: 'es', split: 'dev' });
      expect(summary.format).toBe(format);
      expect(summary.sentences).toBe(1915);
      expect(summary.warnings).toEqual(['added language es to the project']);
      const out = await h.core['exports.run']({ lang: 'es', format: 'conll', scheme: 'iob2' });

      const back = wordsAndTags(out.content!);
      // The file's own tags, as any IOB2 writer spells them: one entity in dev starts with I-
      // ("Río/I-LOC de Janeiro"), which every CoNLL round trip writes as B-.
      const raw = wordsAndTags(original.toString('utf8'));
      const expected = wordsAndTags(writeCorpus(corpus.documents, { format: 'conll', scheme: 'iob2' }));
      expect(raw.filter((l, i) => l !== expected[i])).toEqual(['Río I-LOC']);
      expect(back.length).toBe(expected.length);
      expect(back).toEqual(expected);
    });
  }
});
