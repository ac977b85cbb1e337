// Tag schemes: detection, tags <-> spans, and conversion.
//
// Decoding is one function for every scheme: conlleval's chunking (see core/eval/entities.ts).
// On valid IOB1, IOB2 or BIOES input it is exactly the scheme's own reading, so conversion is
// lossless; on the odd invalid sequence (an IOB2 entity that starts with I-) it agrees with
// seqeval, so corpus statistics and evaluation count the same entities.

import type { TagScheme } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { entitiesOf, isTag } from '../eval/entities.js';
import type { TokenSpan } from './types.js';

/** Spans of one sentence's tags. `scheme` is accepted for symmetry; every scheme decodes alike. */
export function tagsToSpans(tags: readonly string[], _scheme?: TagScheme): TokenSpan[] {
  return entitiesOf(tags);
}

/** Throws unless `spans` lie inside `length` tokens, have plain labels and do not overlap; returns them sorted. */
export function checkSpans(spans: readonly TokenSpan[], length: number): TokenSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let prev: TokenSpan | null = null;
  for (const s of sorted) {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= length && s.start < s.end)) {
      throw new CoreError('BAD_REQUEST', `span ${s.start}..${s.end} (${s.label}) is outside a sentence of ${length} tokens`);
    }
    if (!isPlainLabel(s.label)) throw new CoreError('BAD_REQUEST', `span label "${s.label}" is empty or has spaces`);
    if (prev !== null && s.start < prev.end) {
      throw new CoreError('BAD_REQUEST', `spans ${prev.start}..${prev.end} (${prev.label}) and ${s.start}..${s.end} (${s.label}) overlap`);
    }
    prev = s;
  }
  return sorted;
}

/** An entity type that fits in a tag: not empty, no whitespace. */
export function isPlainLabel(label: string): boolean {
  return label !== '' && !/\s/.test(label);
}

/** Tags for `spans` (sorted or not, never overlapping) over a sentence of `length` tokens. */
export function spansToTags(spans: readonly TokenSpan[], length: number, scheme: TagScheme): string[] {
  const tags = new Array<string>(length).fill('O');
  let prev: TokenSpan | null = null;
  for (const s of checkSpans(spans, length)) {
    const adjacentSameType = prev !== null && prev.end === s.start && prev.label === s.label;
    for (let i = s.start; i < s.end; i++) tags[i] = `${prefixFor(scheme, i - s.start, s.end - s.start, adjacentSameType)}-${s.label}`;
    prev = s;
  }
  return tags;
}

function prefixFor(scheme: TagScheme, at: number, size: number, adjacentSameType: boolean): string {
  if (scheme === 'iob2') return at === 0 ? 'B' : 'I';
  if (scheme === 'iob1') return at === 0 && adjacentSameType ? 'B' : 'I';
  if (size === 1) return 'S';
  return at === 0 ? 'B' : at === size - 1 ? 'E' : 'I';
}

/** The same entities written in another scheme. */
export function convertTags(tags: readonly string[], to: TagScheme): string[] {
  return spansToTags(tagsToSpans(tags), tags.length, to);
}

/**
 * Collects evidence for the scheme of a whole file, sentence by sentence:
 * - any S- or E- tag means BIOES;
 * - an I- that starts an entity breaks IOB2;
 * - a B- that does not follow the same type breaks IOB1 (IOB1 uses B- only between two
 *   adjacent entities of one type).
 * The scheme with fewer breaks wins, IOB2 on a tie, so one stray I- in an IOB2 file (CoNLL-2002
 * Spanish has one per file) or one stray B- in an IOB1 file (CoNLL-2003 English has two) does not
 * flip the answer. A file without entities counts as IOB2.
 */
export class SchemeDetector {
  private bioes = false;
  private iob1Breaks = 0;
  private iob2Breaks = 0;
  private bioesBreaks = 0;
  private firstIob1Break: number | null = null;
  private firstIob2Break: number | null = null;
  private firstBioesBreak: number | null = null;

  /** `line` is where the sentence starts; with `tagPerLine`, tag i sits on line + i. */
  add(tags: readonly string[], line?: number, tagPerLine = true): void {
    let prev = 'O';
    let prevType = '';
    for (let i = 0; i <= tags.length; i++) {
      const t = i < tags.length ? (tags[i] as string) : 'O';
      const valid = t !== 'O' && isTag(t);
      const tag = valid ? (t[0] as string) : 'O';
      const type = valid ? t.slice(2) : '';
      const where = line === undefined ? null : tagPerLine ? line + i : line;
      if (tag === 'S' || tag === 'E') this.bioes = true;
      const continues = (prev === 'B' || prev === 'I') && prevType === type;
      if (tag === 'I' && !continues) {
        this.iob2Breaks++;
        this.firstIob2Break ??= where;
      }
      if (tag === 'B' && !continues) {
        this.iob1Breaks++;
        this.firstIob1Break ??= where;
      }
      // BIOES: I-/E- must continue an entity, and B-/I- must be followed by I-/E- of the same type.
      const bioesBad =
        ((tag === 'I' || tag === 'E') && !continues) || ((prev === 'B' || prev === 'I') && !(continues && (tag === 'I' || tag === 'E')));
      if (bioesBad) {
        this.bioesBreaks++;
        this.firstBioesBreak ??= where;
      }
      prev = tag;
      prevType = type;
    }
  }

  get scheme(): TagScheme {
    if (this.bioes) return 'bioes';
    if (this.iob2Breaks === 0) return 'iob2';
    if (this.iob1Breaks === 0) return 'iob1';
    return this.iob1Breaks < this.iob2Breaks ? 'iob1' : 'iob2';
  }

  /** A sentence about tags that break the detected scheme, or null when there are none. */
  get warning(): string | null {
    const at = (line: number | null): string => (line === null ? '' : ` (first on line ${line})`);
    const scheme = this.scheme;
    if (scheme === 'iob2' && this.iob2Breaks > 0) {
      return `${this.iob2Breaks} entit${this.iob2Breaks === 1 ? 'y starts' : 'ies start'} with I- in an IOB2 file${at(this.firstIob2Break)}; read as entities, as seqeval and conlleval do`;
    }
    if (scheme === 'iob1' && this.iob1Breaks > 0) {
      return `${this.iob1Breaks} B- tag${this.iob1Breaks === 1 ? '' : 's'} in an IOB1 file start${this.iob1Breaks === 1 ? 's' : ''} an entity not right after one of the same type${at(this.firstIob1Break)}; read as entities, as seqeval and conlleval do`;
    }
    if (scheme === 'bioes' && this.bioesBreaks > 0) {
      return `${this.bioesBreaks} tag${this.bioesBreaks === 1 ? '' : 's'} break${this.bioesBreaks === 1 ? 's' : ''} BIOES order${at(this.firstBioesBreak)}; read as seqeval and conlleval do`;
    }
    return null;
  }
}

/** The scheme of a set of tag sequences (see SchemeDetector for the rule). */
export function detectScheme(tagSequences: Iterable<readonly string[]>): TagScheme {
  const detector = new SchemeDetector();
  for (const tags of tagSequences) detector.add(tags);
  return detector.scheme;
}
