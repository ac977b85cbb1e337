// Dictionary code-switching of source training sentences (docs/DECISIONS.md: with MUSE at p = 0.6 the
// small encoder's zero-shot F1 rose from 45 to 51-52 on es and from 45 to 54 on nl). A switched
// word keeps its tag, so the recognizer learns target-language words in source-language contexts.

import { CoreError } from '../../errors.js';
import { wordPositions } from '../../text/index.js';
import type { TaggedSentence } from './dataset.js';
import { Rng } from '../runtime/rng.js';
import { castTranslation, type TargetCasing } from './target-casing.js';

export { matchCase } from './target-casing.js';

export interface CodeSwitchOptions {
  /** Source word to its target-language translations (a MUSE en-xx file through dictionaryMap). */
  dictionary: ReadonlyMap<string, readonly string[]>;
  /** Chance that a word with a translation is replaced, each epoch anew (`dynamic` only). */
  p: number;
  /** Never replace tokens tagged as entities: names mostly stay untranslated. */
  keepNames?: boolean | undefined;
  /** `dynamic` (default): resampled every epoch; `translate`: each word's first translation, once. */
  mode?: 'dynamic' | 'translate' | undefined;
  /** The target's casing (target-casing.ts); without it a translation is cased like the word it replaces. */
  casing?: TargetCasing | undefined;
}

export function checkCodeSwitch(cs: CodeSwitchOptions): void {
  if (!(cs.p >= 0 && cs.p <= 1)) throw new CoreError('BAD_REQUEST', `code-switching probability must be between 0 and 1, got ${cs.p}`);
  if (cs.dictionary.size === 0) throw new CoreError('BAD_REQUEST', 'code-switching dictionary has no words');
}

/** What a model summary records: the settings and the dictionary's size, not its words. */
export function codeSwitchSummary(cs: CodeSwitchOptions): Record<string, unknown> {
  return {
    dictionaryWords: cs.dictionary.size,
    p: cs.p,
    mode: cs.mode ?? 'dynamic',
    keepNames: cs.keepNames ?? false,
    ...(cs.casing ? { casing: 'target' } : {}),
  };
}

/**
 * A short digest of a dictionary's words for checkpoint fingerprints, taken in sorted order so
 * the same dictionary read in another order gives the same digest.
 */
export function dictionaryDigest(dictionary: ReadonlyMap<string, readonly string[]>): string {
  let h = 0x811c9dc5;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  };
  for (const word of [...dictionary.keys()].sort()) {
    feed(word);
    feed('\t');
    feed(dictionary.get(word)!.join('\u0001'));
    feed('\n');
  }
  return `${dictionary.size}:${h.toString(16)}`;
}

/** The settings and dictionary digest: a resumed run must refuse a checkpoint trained with another dictionary, p or mode. */
export function codeSwitchDigest(cs: CodeSwitchOptions): string {
  const casing = cs.casing ? `:casing=${cs.casing.digest}` : '';
  return `${cs.mode ?? 'dynamic'}:${cs.p}:${cs.keepNames ? 'keep-names' : 'all'}:${dictionaryDigest(cs.dictionary)}${casing}`;
}

/**
 * Single-word translations of `token`: looked up as written, then lowercased. Multi-word
 * translations are left out so a sentence keeps its token count and its tags stay aligned.
 */
export class Translator {
  private readonly cache = new Map<string, readonly string[]>();

  constructor(private readonly dictionary: ReadonlyMap<string, readonly string[]>) {}

  candidates(token: string): readonly string[] {
    const hit = this.cache.get(token);
    if (hit) return hit;
    const single = (list: readonly string[] | undefined) => (list ?? []).filter((t) => t !== '' && !/\s/u.test(t));
    let out = single(this.dictionary.get(token));
    if (out.length === 0) {
      const lower = token.toLowerCase();
      if (lower !== token) out = single(this.dictionary.get(lower));
    }
    this.cache.set(token, out);
    return out;
  }
}

function eligible(cs: CodeSwitchOptions, tag: string | undefined): boolean {
  return !(cs.keepNames && tag !== undefined && tag !== 'O');
}

/**
 * The sentences with words replaced by translations, tags unchanged. `dynamic`: each word with a
 * translation is replaced with probability p by one drawn uniformly, using `rng`; `translate`:
 * each such word becomes its first translation and `rng` is not used. The draws depend only on
 * the data and the generator, so one generator per epoch gives the same sentences on resume.
 */
export function codeSwitchSentences(
  train: readonly TaggedSentence[],
  cs: CodeSwitchOptions,
  rng: Rng | null,
  translator = new Translator(cs.dictionary),
): TaggedSentence[] {
  const translate = cs.mode === 'translate';
  if (!translate && !rng) throw new Error('dynamic code-switching needs a generator');
  return train.map((s) => {
    let tokens: string[] | null = null;
    let positions: ReturnType<typeof wordPositions> | null = null;
    s.tokens.forEach((token, t) => {
      if (!eligible(cs, s.tags?.[t])) return;
      const options = translator.candidates(token);
      if (options.length === 0) return;
      let pick: string;
      if (translate) pick = options[0]!;
      else if (rng!.next() < cs.p) pick = options.length === 1 ? options[0]! : options[rng!.int(options.length)]!;
      else return;
      tokens ??= [...s.tokens];
      positions ??= cs.casing ? wordPositions(s.tokens) : [];
      tokens[t] = castTranslation(cs.casing, token, pick, positions[t] ?? null, s.tags?.[t]);
    });
    return tokens ? { tokens, tags: s.tags } : s;
  });
}

/** The generator of one stage's epoch of code-switching. */
export function codeSwitchRng(seed: number, stage: string, epoch: number): Rng {
  return Rng.derive(seed, stage, 'code-switch', epoch);
}

/**
 * How often each translation is expected to appear in one epoch of dynamic code-switching (a
 * word seen n times, switched with probability p among k translations, gives each n·p/k), cased
 * as it would appear. These counts join the source counts when the vocabulary is built, so the
 * encoder's minimum word count applies to translations as it does to source words.
 */
export function translationCounts(
  train: readonly TaggedSentence[],
  cs: CodeSwitchOptions,
  translator = new Translator(cs.dictionary),
): Map<string, number> {
  const counts = new Map<string, number>();
  const translate = cs.mode === 'translate';
  for (const s of train) {
    let positions: ReturnType<typeof wordPositions> | null = null;
    s.tokens.forEach((token, t) => {
      if (!eligible(cs, s.tags?.[t])) return;
      const options = translator.candidates(token);
      if (options.length === 0) return;
      const chosen = translate ? options.slice(0, 1) : options;
      const share = translate ? 1 : cs.p / options.length;
      positions ??= cs.casing ? wordPositions(s.tokens) : [];
      for (const o of chosen) {
        const word = castTranslation(cs.casing, token, o, positions[t] ?? null, s.tags?.[t]);
        counts.set(word, (counts.get(word) ?? 0) + share);
      }
    });
  }
  return counts;
}

/**
 * Each epoch's code-switched training sentences, drawn from a generator of (seed, stage, epoch)
 * so a resumed run sees the sentences the uninterrupted run saw. Batches are tagged with their
 * epoch here rather than in their own fields: the plan's JSON is part of the checkpoint
 * fingerprint, which therefore stays as it was for runs without code-switching.
 */
export interface EpochSwitcher {
  tag<B extends object>(batches: B[], epoch: number): B[];
  sentences(stage: string, batch: object): readonly TaggedSentence[];
}

/** An EpochSwitcher whose sentences for a (stage, epoch) come from `draw`, kept while that epoch lasts. */
export function switcherFrom(draw: (stage: string, epoch: number) => TaggedSentence[]): EpochSwitcher {
  const epochOf = new WeakMap<object, number>();
  let cached: { stage: string; epoch: number; data: TaggedSentence[] } | null = null;
  return {
    tag: (batches, epoch) => {
      for (const b of batches) epochOf.set(b, epoch);
      return batches;
    },
    sentences: (stage, batch) => {
      const epoch = epochOf.get(batch);
      if (epoch === undefined) throw new Error("batch from outside this stage's plan");
      if (!cached || cached.stage !== stage || cached.epoch !== epoch) cached = { stage, epoch, data: draw(stage, epoch) };
      return cached.data;
    },
  };
}

export function epochSwitcher(
  train: readonly TaggedSentence[],
  cs: CodeSwitchOptions,
  translator: Translator,
  seed: number,
): EpochSwitcher {
  return switcherFrom((stage, epoch) => codeSwitchSentences(train, cs, codeSwitchRng(seed, stage, epoch), translator));
}
