import { describe, expect, it } from 'vitest';
import { entitiesOf } from '../../../../src-main/core/eval/index.js';

// Expected chunks worked out by hand from conlleval's startOfChunk/endOfChunk rules, which
// seqeval's default mode implements; end is exclusive.
const e = (start: number, end: number, label: string) => ({ start, end, label });

describe('entitiesOf (seqeval default mode)', () => {
  it('reads IOB2', () => {
    expect(entitiesOf(['B-PER', 'I-PER', 'O', 'B-LOC'])).toEqual([e(0, 2, 'PER'), e(3, 4, 'LOC')]);
    expect(entitiesOf(['B-PER', 'B-PER', 'I-PER'])).toEqual([e(0, 1, 'PER'), e(1, 3, 'PER')]);
  });

  it('starts an entity at I- after O or at the start', () => {
    expect(entitiesOf(['I-PER', 'I-PER', 'O'])).toEqual([e(0, 2, 'PER')]);
    expect(entitiesOf(['O', 'I-LOC'])).toEqual([e(1, 2, 'LOC')]);
  });

  it('starts a new entity at I-X after another type', () => {
    expect(entitiesOf(['B-PER', 'I-LOC', 'I-LOC'])).toEqual([e(0, 1, 'PER'), e(1, 3, 'LOC')]);
    expect(entitiesOf(['I-ORG', 'B-ORG', 'I-MISC'])).toEqual([e(0, 1, 'ORG'), e(1, 2, 'ORG'), e(2, 3, 'MISC')]);
  });

  it('closes an entity at the end of the sentence', () => {
    expect(entitiesOf(['O', 'B-ORG', 'I-ORG'])).toEqual([e(1, 3, 'ORG')]);
    expect(entitiesOf(['B-ORG'])).toEqual([e(0, 1, 'ORG')]);
  });

  it('treats S- as a whole entity and E- as an end', () => {
    expect(entitiesOf(['B-PER', 'E-PER', 'S-LOC', 'E-LOC'])).toEqual([e(0, 2, 'PER'), e(2, 3, 'LOC'), e(3, 4, 'LOC')]);
    expect(entitiesOf(['E-PER'])).toEqual([e(0, 1, 'PER')]);
    expect(entitiesOf(['B-PER', 'I-PER', 'E-PER', 'I-PER'])).toEqual([e(0, 3, 'PER'), e(3, 4, 'PER')]);
    expect(entitiesOf(['S-PER', 'I-PER', 'E-PER'])).toEqual([e(0, 1, 'PER'), e(1, 3, 'PER')]);
    expect(entitiesOf(['B-PER', 'S-PER'])).toEqual([e(0, 1, 'PER'), e(1, 2, 'PER')]);
    expect(entitiesOf(['B-PER', 'O', 'E-PER'])).toEqual([e(0, 1, 'PER'), e(2, 3, 'PER')]);
  });

  it('keeps everything after the first dash as the type', () => {
    expect(entitiesOf(['B-GPE-CITY', 'I-GPE-CITY'])).toEqual([e(0, 2, 'GPE-CITY')]);
  });

  it('finds nothing in empty or all-O sequences', () => {
    expect(entitiesOf([])).toEqual([]);
    expect(entitiesOf(['O', 'O'])).toEqual([]);
  });

  it('rejects what is not a tag, naming the token', () => {
    expect(() => entitiesOf(['O', 'X-PER'])).toThrow(/token 2: "X-PER" is not a tag/);
    expect(() => entitiesOf(['B-'])).toThrow(/token 1: tag "B-" has no entity type/);
    expect(() => entitiesOf(['PER'])).toThrow(/not a tag/);
  });
});
