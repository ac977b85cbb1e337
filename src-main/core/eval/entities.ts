// Entity chunks exactly as seqeval's default mode finds them, which is conlleval's chunking:
// B- and S- always start an entity; I- or E- start one after O, after E-/S-, or after another
// type; E- and S- end theirs. The rules are the ones of conlleval's startOfChunk/endOfChunk.

import { CoreError } from '../errors.js';

/** An entity over token indices, half-open: tokens start..end-1. */
export interface EntitySpan {
  start: number;
  end: number;
  label: string;
}

/** A tag split into its prefix letter (`O`, `B`, `I`, `E`, `S`) and type (`''` for O). */
export interface ParsedTag {
  prefix: 'O' | 'B' | 'I' | 'E' | 'S';
  type: string;
}

const PREFIXES = new Set(['B', 'I', 'E', 'S']);

/** The parts of a tag, or null when it is neither `O` nor a prefix, a dash and a type. */
export function parseTag(tag: string): ParsedTag | null {
  if (tag === 'O') return { prefix: 'O', type: '' };
  if (tag.length < 3 || tag.charCodeAt(1) !== 45 /* '-' */) return null;
  const prefix = tag[0] as string;
  if (!PREFIXES.has(prefix)) return null;
  return { prefix: prefix as ParsedTag['prefix'], type: tag.slice(2) };
}

/** parseTag(tag) !== null, without building the parts. */
export function isTag(tag: string): boolean {
  if (tag === 'O') return true;
  if (tag.length < 3 || tag.charCodeAt(1) !== 45 /* '-' */) return false;
  const c = tag.charCodeAt(0);
  // B, I, E, S
  return c === 66 || c === 73 || c === 69 || c === 83;
}

export function badTagReason(tag: string): string {
  if (tag === '') return 'empty tag';
  if (/^[BIES]-$/.test(tag)) return `tag "${tag}" has no entity type`;
  return `"${tag}" is not a tag (expected O, or B-, I-, E- or S- followed by a type)`;
}

/**
 * Entities of one sentence's tags, as seqeval's default mode (and conlleval) reads them.
 * Throws on a string that is not a tag, naming its position.
 */
export function entitiesOf(tags: readonly string[]): EntitySpan[] {
  const out: EntitySpan[] = [];
  let prevTag = 'O';
  let prevType = '';
  let begin = 0;
  for (let i = 0; i <= tags.length; i++) {
    let tag = 'O';
    let type = '';
    if (i < tags.length) {
      const t = tags[i] as string;
      if (!isTag(t)) throw new CoreError('BAD_REQUEST', `token ${i + 1}: ${badTagReason(t)}`);
      if (t !== 'O') {
        tag = t[0] as string;
        type = t.slice(2);
      }
    }
    if (endsChunk(prevTag, tag, prevType, type)) out.push({ start: begin, end: i, label: prevType });
    if (startsChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
  }
  return out;
}

function endsChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === 'E' || prevTag === 'S') return true;
  if ((prevTag === 'B' || prevTag === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return prevTag !== 'O' && prevType !== type;
}

function startsChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prevTag === 'E' || prevTag === 'S' || prevTag === 'O') && (tag === 'E' || tag === 'I')) return true;
  return tag !== 'O' && prevType !== type;
}
