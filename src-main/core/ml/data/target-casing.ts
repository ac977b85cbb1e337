// The teacher's source sentences written the way the target language writes case. Trained on
// English as it is, the `small` encoder learns that a capital in mid-sentence starts a name; in a
// language that capitalises every common noun that cue fires on half the words, and in a script
// without case (or text written in lower case) it never fires. From the target's casing profile
// (core/text/casing-profile.ts), learnt from the unlabelled target text:
// - a code-switched word is written as the target writes that word (a translation the target
//   capitalises goes in capitalised, still tagged O);
// - every other source word outside a name whose translations the target all write in one clear
//   shape takes that shape, so the source text carries the target's convention where no word
//   was switched too;
// - where the target writes no capitals at all (a caseless script, or lower-case text), the
//   source sentences are lowercased, names included, so no casing cue is learnt that the target
//   cannot give.

import { caseShape, withShape, wordPositions, type CasingProfile, type WordPosition } from '../../text/index.js';
import type { TaggedSentence } from './dataset.js';

/** The target's casing applied to words brought into source sentences. */
export interface TargetCasing {
  readonly profile: CasingProfile;
  /** A digest of the profile for checkpoint fingerprints: the casing decides the training sentences. */
  readonly digest: string;
}

export function targetCasing(profile: CasingProfile): TargetCasing {
  return { profile, digest: profile.digest() };
}

/** `translation` cased like `source`: all capitals (of two letters or more) or a capital first letter. */
export function matchCase(source: string, translation: string): string {
  if (!/\p{Lu}/u.test(source)) return translation;
  const letters = source.replace(/[^\p{L}]/gu, '');
  if ([...letters].length > 1 && letters === letters.toUpperCase()) return translation.toUpperCase();
  const first = [...source][0]!;
  if (first !== first.toUpperCase() || first === first.toLowerCase()) return translation;
  return capitaliseFirst(translation);
}

function capitaliseFirst(word: string): string {
  const head = [...word][0] ?? '';
  return head.toUpperCase() + word.slice(head.length);
}

const isName = (tag: string | undefined) => tag !== undefined && tag !== 'O';

/**
 * `translation` of the source token `source` (tagged `tag`, at `position` of its sentence) as
 * the target writes it. Without a profile: cased like the source word (matchCase). With one:
 * all-capital source words (headlines) stay all capitals and names keep the source's capitals;
 * other words take the shape the target text gives the translation in mid-sentence, and at the
 * start of a sentence a capital where the target starts sentences with one.
 */
export function castTranslation(
  casing: TargetCasing | undefined,
  source: string,
  translation: string,
  position: WordPosition | null,
  tag: string | undefined,
): string {
  if (!casing) return matchCase(source, translation);
  const profile = casing.profile;
  if (!profile.writesCapitals) return translation.toLowerCase();
  const shape = caseShape(source);
  if (shape === 'upper' || isName(tag)) return matchCase(source, translation);
  const usual = profile.usualShape(translation);
  if (position === 'mid') return usual ? withShape(translation, usual) : matchCase(source, translation);
  const base = usual ? withShape(translation, usual) : translation;
  return shape === 'capitalised' && profile.capitalisesSentenceStarts ? capitaliseFirst(base) : base;
}

/** The source word as the target would write it, or the word itself. */
function restyleWord(
  profile: CasingProfile,
  token: string,
  position: WordPosition | null,
  tag: string | undefined,
  translations: (token: string) => readonly string[],
): string {
  if (position === null) return token;
  if (!profile.writesCapitals) return token.toLowerCase();
  if (isName(tag)) return token;
  const shape = caseShape(token);
  if (shape !== 'lower' && shape !== 'capitalised') return token;
  let wanted: 'lower' | 'capitalised' | 'upper' | null;
  if (position === 'mid') wanted = profile.agreedShape(translations(token));
  else if (position === 'start' && !profile.capitalisesSentenceStarts) wanted = profile.agreedShape(translations(token)) ?? 'lower';
  else return token;
  return wanted === 'lower' || wanted === 'capitalised' ? withShape(token, wanted) : token;
}

/**
 * `train` with its words recased as the target writes them (see the file comment), tags
 * unchanged. `translations` gives a source word's single-word translations; sentences without a
 * dictionary pass `() => []` and change only where the target writes no capitals. `changed`
 * counts the words recased.
 */
export function restyleSentences(
  train: readonly TaggedSentence[],
  casing: TargetCasing,
  translations: (token: string) => readonly string[],
): { sentences: TaggedSentence[]; changed: number } {
  let changed = 0;
  const sentences = train.map((s) => {
    const positions = wordPositions(s.tokens);
    let tokens: string[] | null = null;
    s.tokens.forEach((token, t) => {
      const word = restyleWord(casing.profile, token, positions[t] ?? null, s.tags?.[t], translations);
      if (word === token) return;
      tokens ??= [...s.tokens];
      tokens[t] = word;
      changed += 1;
    });
    return tokens ? { tokens, tags: s.tags } : s;
  });
  return { sentences, changed };
}
