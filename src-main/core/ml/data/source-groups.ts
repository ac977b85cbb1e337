// Several labelled source corpora trained as one: the sentences are concatenated and each source's
// range of sentences may be code-switched with its own dictionary (English with en-es, Dutch with
// nl-es), since a dictionary only translates words of its own source language.

import { CoreError } from '../../errors.js';
import type { TaggedSentence } from './dataset.js';
import { Rng } from '../runtime/rng.js';
import {
  checkCodeSwitch,
  codeSwitchDigest,
  codeSwitchSentences,
  codeSwitchSummary,
  translationCounts,
  switcherFrom,
  Translator,
  type CodeSwitchOptions,
  type EpochSwitcher,
} from './code-switch.js';

/** Sentences [start, end) of the concatenated training data came from one source. */
export interface SourceGroup {
  /** What the summary calls the source, e.g. its file name. */
  name?: string | undefined;
  start: number;
  end: number;
  codeSwitch?: CodeSwitchOptions | undefined;
}

interface Switched {
  index: number;
  start: number;
  end: number;
  cs: CodeSwitchOptions;
  translator: Translator;
}

/** The groups must cover the training sentences in order, without gaps or overlaps. */
export function checkSourceGroups(groups: readonly SourceGroup[], total: number): void {
  if (groups.length === 0) throw new CoreError('BAD_REQUEST', 'sources: at least one source is needed');
  let next = 0;
  groups.forEach((g, k) => {
    if (!Number.isInteger(g.start) || !Number.isInteger(g.end) || g.start !== next || g.end <= g.start) {
      throw new CoreError('BAD_REQUEST', `sources[${k}]: expected sentences from ${next} on, at least one, got [${g.start}, ${g.end})`);
    }
    if (g.codeSwitch) checkCodeSwitch(g.codeSwitch);
    next = g.end;
  });
  if (next !== total) throw new CoreError('BAD_REQUEST', `sources cover ${next} sentences but the training data has ${total}`);
}

/**
 * Per-source code-switching of the concatenated sentences: translate-train groups are translated
 * here once (`train`), dynamic groups are redrawn each epoch by `switcher`, each group from its
 * own generator of (seed, stage, epoch, group) so a resumed run sees the same sentences.
 */
export function groupCodeSwitch(
  all: readonly TaggedSentence[],
  groups: readonly SourceGroup[],
  seed: number,
): {
  train: TaggedSentence[];
  switcher: EpochSwitcher | null;
  translations: Map<string, number> | null;
  extra: Map<string, number> | undefined;
} {
  const train = [...all];
  const dynamic: Switched[] = [];
  let translations: Map<string, number> | null = null;
  // Only dynamic groups' translations join the vocabulary counts: translated groups hold theirs.
  let extra: Map<string, number> | undefined;
  groups.forEach((g, index) => {
    if (!g.codeSwitch) return;
    const translator = new Translator(g.codeSwitch.dictionary);
    const part = all.slice(g.start, g.end);
    translations ??= new Map();
    const counts = translationCounts(part, g.codeSwitch, translator);
    for (const [w, n] of counts) translations.set(w, (translations.get(w) ?? 0) + n);
    if (g.codeSwitch.mode === 'translate') {
      train.splice(g.start, part.length, ...codeSwitchSentences(part, g.codeSwitch, null, translator));
      return;
    }
    dynamic.push({ index, start: g.start, end: g.end, cs: g.codeSwitch, translator });
    extra ??= new Map();
    for (const [w, n] of counts) extra.set(w, (extra.get(w) ?? 0) + n);
  });
  return { train, switcher: dynamic.length > 0 ? groupSwitcher(train, dynamic, seed) : null, translations, extra };
}

function groupSwitcher(train: readonly TaggedSentence[], groups: readonly Switched[], seed: number): EpochSwitcher {
  return switcherFrom((stage, epoch) => {
    const data = [...train];
    for (const g of groups) {
      const rng = Rng.derive(seed, stage, 'code-switch', epoch, 'source', g.index);
      data.splice(g.start, g.end - g.start, ...codeSwitchSentences(train.slice(g.start, g.end), g.cs, rng, g.translator));
    }
    return data;
  });
}

/** What a model summary records of each source: its name, sentence count and dictionary settings. */
export function sourcesSummary(groups: readonly SourceGroup[]): Record<string, unknown>[] {
  return groups.map((g) => ({
    ...(g.name !== undefined ? { name: g.name } : {}),
    sentences: g.end - g.start,
    codeSwitch: g.codeSwitch ? codeSwitchSummary(g.codeSwitch) : null,
  }));
}

/**
 * The checkpoint-fingerprint digest of the groups' code-switching (each switched group's range
 * and settings), or undefined when no group is switched: then the grouping changes nothing.
 */
export function sourcesDigest(groups: readonly SourceGroup[]): string | undefined {
  const switched = groups.filter((g) => g.codeSwitch);
  if (switched.length === 0) return undefined;
  return switched.map((g) => `${g.start}-${g.end}=${codeSwitchDigest(g.codeSwitch!)}`).join(';');
}
