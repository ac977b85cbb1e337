// What the teacher takes from the unlabelled target text before training: the target's casing
// profile (core/text/casing-profile.ts), which decides how the source sentences and their
// code-switched words are cased (target-casing.ts) and which source words are false friends of
// the target's everyday words (vocab.ts). Nothing here is a per-language setting: a language that
// capitalises common nouns, one without case and one like English all follow from their text.

import type { CasingConventions } from '../../../contract/entities.js';
import { casingConventions, CasingProfile, commonSourceWords, commonTranslations } from '../../text/index.js';
import { Translator, type CodeSwitchOptions } from './code-switch.js';
import type { TaggedSentence } from './dataset.js';
import type { SourceGroup } from './source-groups.js';
import { restyleSentences, targetCasing } from './target-casing.js';
import { falseFriends } from './vocab.js';

export interface ConventionInput {
  train: readonly TaggedSentence[];
  targetText?: readonly { tokens: string[] }[] | undefined;
  codeSwitch?: CodeSwitchOptions | undefined;
  sources?: readonly SourceGroup[] | undefined;
  /** Keep the target's everyday words that are source false friends out of the vocabulary (default on). */
  vocabFilter?: boolean | undefined;
  /** Case the source sentences and switched words as the target does (default on). */
  targetCasing?: boolean | undefined;
}

export interface TargetConventions {
  /** The training sentences, recased where the target's casing asks for it. */
  train: readonly TaggedSentence[];
  codeSwitch: CodeSwitchOptions | undefined;
  sources: readonly SourceGroup[] | undefined;
  /** Normalised words to leave out of the vocabulary. */
  exclude: Set<string>;
  /** For the stages' checkpoint fingerprints when recasing changed sentences that no code-switching digest covers. */
  digest: string | undefined;
  /** What the model summary records: the target's conventions and what training did with them. */
  summary: (CasingConventions & { casing: 'target' | 'source'; recasedWords: number }) | undefined;
}

/** The conventions that training follows: those a model trained on English casing would misread. */
const RECASED_CONVENTIONS: ReadonlySet<CasingConventions['convention']> = new Set(['capitalises-common-words', 'caseless', 'no-capitals']);

/** The dictionaries in use, one per switched source (or the one of plain code-switching). */
function dictionariesOf(input: ConventionInput): ReadonlyMap<string, readonly string[]>[] {
  if (input.sources) return input.sources.flatMap((g) => (g.codeSwitch ? [g.codeSwitch.dictionary] : []));
  return input.codeSwitch ? [input.codeSwitch.dictionary] : [];
}

export function targetConventions(input: ConventionInput): TargetConventions {
  const plain = { train: input.train, codeSwitch: input.codeSwitch, sources: input.sources, digest: undefined };
  if (!input.targetText || input.targetText.length === 0) return { ...plain, exclude: new Set(), summary: undefined };
  const profile = CasingProfile.learn(input.targetText.map((s) => s.tokens));
  const sourceCommon = commonSourceWords(input.train);
  const common = new Set<string>();
  for (const d of dictionariesOf(input)) for (const w of commonTranslations(d, sourceCommon)) common.add(w);
  const exclude =
    input.vocabFilter === false
      ? new Set<string>()
      : falseFriends(
          input.train.map((s) => s.tokens),
          profile,
          { common },
        );
  const conventions = casingConventions(
    'target',
    profile,
    common.size > 0 ? { dictionary: 'training', sourceLang: 'source', translations: common } : null,
  );
  // Only a convention unlike the source's is followed. Where the target, like English, capitalises
  // names only, recasing source words one by one after its few capitalised common words (mostly
  // institutions: "el Gobierno", "el Estado") cost CoNLL-2002 Spanish 3 to 7 F1 (docs/DECISIONS.md).
  const differs = RECASED_CONVENTIONS.has(conventions.convention);
  if (input.targetCasing === false || !differs)
    return { ...plain, exclude, summary: { ...conventions, casing: 'source', recasedWords: 0 } };

  const casing = targetCasing(profile);
  const withCasing = (cs: CodeSwitchOptions | undefined) => (cs ? { ...cs, casing } : undefined);
  const restyle = (part: readonly TaggedSentence[], cs: CodeSwitchOptions | undefined) => {
    const translator = cs ? new Translator(cs.dictionary) : null;
    return restyleSentences(part, casing, translator ? (token) => translator.candidates(token) : () => []);
  };
  let recased = 0;
  let train: TaggedSentence[];
  if (input.sources) {
    train = input.sources.flatMap((g) => {
      const r = restyle(input.train.slice(g.start, g.end), g.codeSwitch);
      recased += r.changed;
      return r.sentences;
    });
  } else {
    const r = restyle(input.train, input.codeSwitch);
    recased = r.changed;
    train = r.sentences;
  }
  return {
    train,
    codeSwitch: withCasing(input.codeSwitch),
    sources: input.sources?.map((g) => (g.codeSwitch ? { ...g, codeSwitch: withCasing(g.codeSwitch) } : g)),
    exclude,
    digest: recased > 0 ? `casing=${casing.digest}` : undefined,
    summary: { ...conventions, casing: 'target', recasedWords: recased },
  };
}
