// Tiny generated corpora and a tiny encoder config, so model tests train in about a second.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SmallEncoderConfig, TaggedSentence } from '../../src-main/core/ml/index.js';
import { SMALL_DEFAULTS } from '../../src-main/core/ml/index.js';

export const TINY: SmallEncoderConfig = {
  ...SMALL_DEFAULTS,
  wordDim: 8,
  wordMinCount: 1,
  wordDropout: 0,
  charDim: 4,
  charFilters: 6,
  featureDropout: 0.1,
  sequence: { type: 'bilstm', hidden: 8, layers: 1, dropout: 0.1 },
};

const PEOPLE = ['Alice', 'Bruno', 'Chen', 'Dora', 'Emil', 'Fatima'];
const PLACES = ['Paris', 'Lima', 'Oslo', 'Quito', 'Rome', 'Kyiv'];
const FILLER = ['went', 'to', 'saw', 'the', 'met', 'in', 'today', 'with'];

/**
 * Sentences where people and places follow a fixed pattern ("<PER> went to <LOC>", "<PER> met
 * <PER> in <LOC>", and two-word places "New <LOC>"), so a working model learns them in a few epochs.
 */
export function tinyCorpus(count: number, seed = 7): TaggedSentence[] {
  let s = seed;
  const rand = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const out: TaggedSentence[] = [];
  for (let k = 0; k < count; k++) {
    const per = PEOPLE[rand(PEOPLE.length)]!;
    const loc = PLACES[rand(PLACES.length)]!;
    switch (k % 3) {
      case 0:
        out.push({ tokens: [per, 'went', 'to', loc], tags: ['B-PER', 'O', 'O', 'B-LOC'] });
        break;
      case 1: {
        const other = PEOPLE[rand(PEOPLE.length)]!;
        out.push({ tokens: [per, 'met', other, 'in', loc, 'today'], tags: ['B-PER', 'O', 'B-PER', 'O', 'B-LOC', 'O'] });
        break;
      }
      default:
        out.push({
          tokens: ['the', FILLER[rand(FILLER.length)]!, 'New', loc, 'with', per],
          tags: ['O', 'O', 'B-LOC', 'I-LOC', 'O', 'B-PER'],
        });
    }
  }
  return out;
}

export function tempDir(prefix = 'crosstag-ml-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
