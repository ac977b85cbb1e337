// Training data read from the project per TrainingConfig:
// - source: labelled (gold or corrected) sentences of the source languages and splits, plus, with
//   useTargetGold, labelled target sentences outside dev and test (beyond the paper);
// - target: target-language sentences of the unlabelled and train splits nobody has labelled;
// - dev: the labelled dev split of the target language (the paper's choice) or of the sources;
// - links: the user's token links on sentence pairs, for the similarity evaluator;
// - switchedBy: with `dictionaryIds`, each project dictionary's word pairs for code-switching and
//   the range of training sentences in its source language, the only ones it switches.

import type { TrainingConfig } from '../../contract/api.js';
import type { SentenceStatus, Split } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { spansToTags } from '../formats/scheme.js';
import type { LinkedPair, TaggedSentence } from '../ml/index.js';
import type { SentenceRecord, Store } from '../store/index.js';
import { wordsOf } from '../store/index.js';

const LABELLED: readonly SentenceStatus[] = ['gold', 'corrected'];
const UNREVIEWED: readonly SentenceStatus[] = ['unlabelled', 'predicted'];
/** Target splits that may feed training; dev and test stay out so they can still measure. */
const TARGET_TRAINING_SPLITS: readonly Split[] = ['unlabelled', 'train'];

export type DevChoice = 'source-dev' | 'target-dev' | 'none';

export interface TrainingData {
  train: TaggedSentence[];
  dev: TaggedSentence[];
  target: { tokens: string[] }[];
  links: LinkedPair[];
  /**
   * Per dictionary, its words (source word and translations) and the sentences of `train`
   * [start, end) in its source language, which it alone switches; other source languages and
   * target gold sentences are never looked up. Kept in the snapshot so that a resume switches the
   * same words.
   */
  switchedBy?: SwitchedRange[] | undefined;
  /** Snapshots of runs with a single dictionary, before `switchedBy`: its words … */
  dictionary?: [string, string[]][] | undefined;
  /** … and the range it switched (every sentence when absent). Read, never written. */
  switched?: { start: number; end: number } | undefined;
  summary: DataSummary;
}

export interface SwitchedRange {
  dictionaryId: number;
  start: number;
  end: number;
  words: [string, string[]][];
}

/** Code-switching probability when a dictionary is chosen and none is given (docs/DECISIONS.md, code-switching). */
export const DEFAULT_CODE_SWITCH = 0.6;

/** What went into a run, recorded in its config. */
export interface DataSummary {
  sourceSentences: number;
  targetGoldSentences: number;
  targetSentences: number;
  devSentences: number;
  devUsed: DevChoice;
  /** Why the dev set differs from the one asked for, or null. */
  devNote: string | null;
  linkedPairs: number;
  links: number;
  /** The dictionaries used for code-switching, one per switched source language; absent without. */
  dictionaries?:
    { id: number; name: string; srcLang: string; words: number; sentences: number; p: number; keepNames: boolean }[] | undefined;
}

function tagged(r: SentenceRecord): TaggedSentence {
  return { tokens: r.words, tags: spansToTags(r.spans, r.words.length, 'iob2') };
}

function labelled(store: Store, langs: readonly string[], splits: readonly Split[], seen: Set<number>): TaggedSentence[] {
  const out: TaggedSentence[] = [];
  for (const lang of langs) {
    for (const r of store.sentences.records({ lang, splits, statuses: LABELLED })) {
      if (r.words.length === 0 || seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(tagged(r));
    }
  }
  return out;
}

function userLinks(store: Store): LinkedPair[] {
  const out: LinkedPair[] = [];
  const listing = store.pairs.list(0, Number.MAX_SAFE_INTEGER);
  for (const row of listing.rows) {
    if (row.links === 0) continue;
    const pair = store.pairs.get(row.id);
    const links = pair.links.filter((l) => l.source === 'user').map((l) => ({ i: l.i, j: l.j, same: l.value === 'same' }));
    if (links.length === 0) continue;
    const a = store.sentences.get(pair.a);
    const b = store.sentences.get(pair.b);
    out.push({ a: wordsOf(a.text, a.tokens), b: wordsOf(b.text, b.tokens), links });
  }
  return out;
}

/** The run's dictionaries: `dictionaryIds`, or the single `dictionaryId` of older configs. */
export function runDictionaryIds(config: TrainingConfig): number[] {
  return config.dictionaryIds ?? (config.dictionaryId == null ? [] : [config.dictionaryId]);
}

/** The dev set asked for, else the other one (saying so), else none: the last epoch is kept. */
function devSet(store: Store, config: TrainingConfig): { dev: TaggedSentence[]; devUsed: DevChoice; devNote: string | null } {
  const targetDev = labelled(store, [config.targetLang], ['dev'], new Set());
  const sourceDev = labelled(store, config.sourceLangs, ['dev'], new Set());
  if (config.selectOn === 'target-dev' && targetDev.length > 0) return { dev: targetDev, devUsed: 'target-dev', devNote: null };
  if (config.selectOn === 'source-dev' && sourceDev.length > 0) return { dev: sourceDev, devUsed: 'source-dev', devNote: null };
  const dev = config.selectOn === 'target-dev' ? sourceDev : targetDev;
  const devUsed: DevChoice = dev.length === 0 ? 'none' : config.selectOn === 'target-dev' ? 'source-dev' : 'target-dev';
  const asked = config.selectOn === 'target-dev' ? `${config.targetLang} dev` : `${config.sourceLangs.join('+')} dev`;
  return {
    dev,
    devUsed,
    devNote: `${asked} has no labelled sentences; ${devUsed === 'none' ? 'the last epoch is kept' : `selected on ${devUsed} instead`}`,
  };
}

export function loadTrainingData(store: Store, config: TrainingConfig): TrainingData {
  const seen = new Set<number>();
  const dicts = runDictionaryIds(config).map((id) => store.dictionaries.get(id));
  // Each dictionary's language first, in turn, so that the sentences it switches are one range.
  const ranges: { dict: (typeof dicts)[number]; start: number; end: number }[] = [];
  const source: TaggedSentence[] = [];
  for (const dict of dicts) {
    const start = source.length;
    for (const sentence of labelled(store, [dict.srcLang], config.sourceSplits, seen)) source.push(sentence);
    ranges.push({ dict, start, end: source.length });
  }
  const switchedLangs = new Set(dicts.map((d) => d.srcLang));
  for (const sentence of labelled(
    store,
    config.sourceLangs.filter((l) => !switchedLangs.has(l)),
    config.sourceSplits,
    seen,
  ))
    source.push(sentence);
  const targetGold = config.useTargetGold ? labelled(store, [config.targetLang], TARGET_TRAINING_SPLITS, seen) : [];
  const target = store.sentences
    .records({ lang: config.targetLang, splits: TARGET_TRAINING_SPLITS, statuses: UNREVIEWED })
    .filter((r) => r.words.length > 0)
    .map((r) => ({ tokens: r.words }));

  const { dev, devUsed, devNote } = devSet(store, config);

  const links = userLinks(store);
  const switchedBy = ranges.map((r) => ({
    dictionaryId: r.dict.id,
    start: r.start,
    end: r.end,
    words: [...store.dictionaries.load(r.dict.id)],
  }));
  return {
    train: [...source, ...targetGold],
    dev,
    target,
    links,
    ...(ranges.length === 0 ? {} : { switchedBy }),
    summary: {
      sourceSentences: source.length,
      targetGoldSentences: targetGold.length,
      targetSentences: target.length,
      devSentences: dev.length,
      devUsed,
      devNote,
      linkedPairs: links.length,
      links: links.reduce((n, p) => n + p.links.length, 0),
      ...(ranges.length === 0
        ? {}
        : {
            dictionaries: ranges.map((r, k) => ({
              id: r.dict.id,
              name: r.dict.name,
              srcLang: r.dict.srcLang,
              words: switchedBy[k]!.words.length,
              sentences: r.end - r.start,
              p: config.codeSwitch ?? DEFAULT_CODE_SWITCH,
              keepNames: config.keepNames === true,
            })),
          }),
    },
  };
}

/**
 * The config as a run records it: a single `dictionaryId` as `dictionaryIds`, type
 * harmonisation and the target's casing conventions on unless switched off, and with
 * dictionaries the code-switching probability spelled out.
 */
export function withTrainingDefaults(config: TrainingConfig): TrainingConfig {
  if (config.dictionaryIds !== undefined && config.dictionaryId != null) {
    throw new CoreError('BAD_REQUEST', 'give the dictionaries as dictionaryIds or one as dictionaryId, not both');
  }
  const ids = runDictionaryIds(config);
  const rest = { ...config, consistentTypes: config.consistentTypes ?? true, targetConventions: config.targetConventions ?? true };
  delete rest.dictionaryId;
  if (ids.length === 0) return { ...rest, ...(config.dictionaryIds ? { dictionaryIds: [] } : {}) };
  return { ...rest, dictionaryIds: ids, codeSwitch: config.codeSwitch ?? DEFAULT_CODE_SWITCH, keepNames: config.keepNames === true };
}

/** Refuses a configuration that cannot train before any process starts (cheap: index counts only). */
export function checkTrainingConfig(store: Store, config: TrainingConfig): void {
  const known = new Set(store.project.languages().map((l) => l.code));
  for (const lang of [...config.sourceLangs, config.targetLang]) {
    if (!known.has(lang)) throw new CoreError('NOT_FOUND', `no language ${lang} in this project`);
  }
  const byLang = new Map<string, string>();
  for (const id of runDictionaryIds(config)) {
    const d = store.dictionaries.get(id);
    if (!config.sourceLangs.includes(d.srcLang) || d.tgtLang !== config.targetLang) {
      throw new CoreError(
        'BAD_REQUEST',
        `dictionary "${d.name}" translates ${d.srcLang}→${d.tgtLang}, but the run is ${config.sourceLangs.join('+')}→${config.targetLang}; choose a ${config.sourceLangs.join(' or ')}→${config.targetLang} dictionary or none`,
      );
    }
    const other = byLang.get(d.srcLang);
    if (other !== undefined) {
      throw new CoreError(
        'BAD_REQUEST',
        `dictionaries "${other}" and "${d.name}" both translate ${d.srcLang}; choose one per source language`,
      );
    }
    byLang.set(d.srcLang, d.name);
    if (d.words === 0) throw new CoreError('BAD_REQUEST', `dictionary "${d.name}" has no words; add translations or choose another`);
  }
  const counts = store.sentences.counts();
  const sum = (pred: (c: (typeof counts)[number]) => boolean, pick: (c: (typeof counts)[number]) => number) =>
    counts.filter(pred).reduce((n, c) => n + pick(c), 0);
  const source = sum(
    (c) => config.sourceLangs.includes(c.lang) && config.sourceSplits.includes(c.split),
    (c) => c.gold + c.corrected,
  );
  const targetGold = config.useTargetGold
    ? sum(
        (c) => c.lang === config.targetLang && TARGET_TRAINING_SPLITS.includes(c.split),
        (c) => c.gold + c.corrected,
      )
    : 0;
  if (source + targetGold === 0) {
    throw new CoreError(
      'BAD_REQUEST',
      `no labelled (gold or corrected) sentences in ${config.sourceLangs.join(', ')} (${config.sourceSplits.join(', ')}); import or label some first`,
    );
  }
  if (config.mode === 'pipeline' && config.studentEpochs > 0) {
    const target = sum(
      (c) => c.lang === config.targetLang && TARGET_TRAINING_SPLITS.includes(c.split),
      (c) => c.unlabelled + c.predicted,
    );
    if (target === 0) {
      throw new CoreError(
        'BAD_REQUEST',
        `the student needs unlabelled ${config.targetLang} sentences (split unlabelled or train); import some first`,
      );
    }
  }
}
