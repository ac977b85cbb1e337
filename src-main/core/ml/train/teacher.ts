// Training the MTMT teacher: first the recognizer (cross-entropy on source tags), then the
// similarity evaluator (BCE on balanced same-type / different-type token pairs).

import { CoreError } from '../../errors.js';
import { backendReport, getTf } from '../runtime/backend.js';
import { bucketBatches } from '../data/batching.js';
import { checkDataset, entityTypes, labelList, type TaggedSentence } from '../data/dataset.js';
import { encoderConfig, type EncoderBatch, type EncoderConfig, type SmallEncoderConfig } from '../encoders/index.js';
import { runStage, type StageDef, type StageResult } from './loop.js';
import { crossEntropy, pairLoss } from './losses.js';
import { buildModel, type Evaluator, type NerModel, type Recognizer, type StageSummary } from '../model/model.js';
import { gatherRows, normalizeRows } from '../runtime/ops.js';
import { DEFAULT_BATCH, DEFAULT_SEED, loopOptions, recordable, type TrainCommon } from './options.js';
import { samplePairs } from '../data/pairs.js';
import { recognizerF1 } from '../model/predict.js';
import { Rng } from '../runtime/rng.js';
import type { Tensor, Tf } from '../runtime/tf-types.js';
import { buildVocab, normalizeWord } from '../data/vocab.js';
import { targetConventions } from '../data/target-conventions.js';
import { checkSourceGroups, groupCodeSwitch, sourcesDigest, sourcesSummary, type SourceGroup } from '../data/source-groups.js';
import {
  checkCodeSwitch,
  codeSwitchDigest,
  codeSwitchSentences,
  codeSwitchSummary,
  epochSwitcher,
  translationCounts,
  Translator,
  type CodeSwitchOptions,
  type EpochSwitcher,
} from '../data/code-switch.js';

/** Two sentences with the user's own token links: (i, j) are the same entity type or not. */
export interface LinkedPair {
  a: string[];
  b: string[];
  links: { i: number; j: number; same: boolean }[];
}

export interface TeacherOptions extends TrainCommon {
  /** Labelled source sentences (IOB2). */
  train: TaggedSentence[];
  /** Labelled sentences that select the best epoch of each stage; the last epoch is kept without. */
  dev?: TaggedSentence[] | null | undefined;
  /** What `dev` is, as recorded in the summary: `source-dev` or `target-dev` (the paper's choice). */
  selectOn?: string | undefined;
  links?: LinkedPair[] | undefined;
  /**
   * Unlabelled target-language sentences, read for the target's casing conventions (see
   * ../data/target-conventions.ts): the source sentences and their switched words are cased as
   * the target writes them, and source words that the target uses as everyday words far more
   * often (its function words: Spanish "el", "de") are left out of the vocabulary, see
   * falseFriends(). Nothing else is learnt from them.
   */
  targetText?: readonly { tokens: string[] }[] | undefined;
  /** With targetText: leave the target's false friends out of the vocabulary (default true). */
  vocabFilter?: boolean | undefined;
  /** With targetText: case the source sentences and switched words as the target does (default true). */
  targetCasing?: boolean | undefined;
  /** An encoder config, or a name for encoderConfig() (default `small`). */
  encoder?: EncoderConfig | string | undefined;
  epochs?: number | undefined;
  evaluatorEpochs?: number | undefined;
  headDropout?: number | undefined;
  /** Most same-type (and as many different-type) token pairs drawn per sentence pair. */
  pairsPerSentence?: number | undefined;
  /** Dictionary code-switching of the source training sentences, see ./code-switch.ts. */
  codeSwitch?: CodeSwitchOptions | undefined;
  /**
   * Several sources concatenated in `train`: each group's sentence range, with its own
   * code-switching (a dictionary of that source's language). Replaces `codeSwitch`.
   */
  sources?: readonly SourceGroup[] | undefined;
}

export const TEACHER_DEFAULTS = { epochs: 10, evaluatorEpochs: 2, headDropout: 0.5, pairsPerSentence: 16 };
/** Both teacher stages' learning-rate schedule (also written into training bundles for the PyTorch trainer). */
export const TEACHER_SCHEDULE = { lr: 2e-3, warmupSteps: 50, finalLrFactor: 0.1 };

type EvalBatch = { kind: 'labelled'; items: number[] } | { kind: 'links'; items: number[] };

export async function trainTeacher(opts: TeacherOptions): Promise<NerModel> {
  const tf = getTf();
  checkDataset(opts.train, 'training data', { labelled: true });
  const dev = opts.dev && opts.dev.length > 0 ? opts.dev : null;
  if (dev) checkDataset(dev, 'dev data', { labelled: true });
  const seed = opts.seed ?? DEFAULT_SEED;
  const encoder = typeof opts.encoder === 'string' || opts.encoder === undefined ? encoderConfig(opts.encoder ?? 'small') : opts.encoder;
  const small = encoder as SmallEncoderConfig;
  if (opts.sources && opts.codeSwitch)
    throw new CoreError('BAD_REQUEST', 'give code-switching per source in sources, not also as codeSwitch');
  if (opts.sources) checkSourceGroups(opts.sources, opts.train.length);
  if (opts.codeSwitch) checkCodeSwitch(opts.codeSwitch);
  const conventions = targetConventions(opts);
  const cs = conventions.codeSwitch;
  const sources = conventions.sources;
  const translator = cs ? new Translator(cs.dictionary) : null;
  const grouped = sources ? groupCodeSwitch(conventions.train, sources, seed) : null;
  // Translate-train replaces the source sentences once; dynamic switching redraws them each epoch.
  const train = grouped
    ? grouped.train
    : cs?.mode === 'translate'
      ? codeSwitchSentences(conventions.train, cs, null, translator!)
      : [...conventions.train];
  const switcher = grouped ? grouped.switcher : cs && cs.mode !== 'translate' ? epochSwitcher(train, cs, translator!, seed) : null;
  const exclude = conventions.exclude;
  // A target word that training sees as a translation (Spanish "de" for "of", tagged O) is no
  // longer a false friend: its row learns what the word means in the target language.
  const translations = grouped ? grouped.translations : cs ? translationCounts(conventions.train, cs, translator!) : null;
  for (const w of translations?.keys() ?? []) exclude.delete(normalizeWord(w));
  // Translate-train's sentences already hold their translations; dynamic switching adds them.
  const extra = grouped ? grouped.extra : switcher ? (translations ?? undefined) : undefined;
  const vocab = buildVocab(
    train.map((s) => s.tokens),
    { minCount: small.wordMinCount ?? 1, foldChars: small.foldChars ?? true, exclude, extra },
  );
  const labels = labelList(entityTypes(opts.train));
  const model = buildModel(
    tf,
    { kind: 'teacher', encoder, labels, vocab, headDropout: opts.headDropout ?? TEACHER_DEFAULTS.headDropout },
    seed,
  );
  try {
    const selectedOn = dev ? (opts.selectOn ?? 'dev') : 'none';
    const parts = [sources ? sourcesDigest(sources) : cs ? codeSwitchDigest(cs) : undefined, conventions.digest].filter((d) => d);
    const settings = parts.length > 0 ? parts.join(';') : undefined;
    const recDef = { ...recognizerStage(tf, model.recognizer, train, switcher, dev, opts.batchSize ?? DEFAULT_BATCH, seed), settings };
    const rec = await runStage(
      tf,
      recDef,
      loopOptions(opts, 'teacher-recognizer', opts.epochs ?? TEACHER_DEFAULTS.epochs, TEACHER_SCHEDULE),
    );
    const evalStage = { ...evaluatorStage(tf, model.evaluator!, { ...opts, train }, switcher, dev, seed), settings };
    const ev = await runStage(
      tf,
      evalStage,
      loopOptions(opts, 'teacher-evaluator', opts.evaluatorEpochs ?? TEACHER_DEFAULTS.evaluatorEpochs, TEACHER_SCHEDULE),
    );
    model.summary = {
      seed,
      backend: backendReport()?.chosen ?? 'unknown',
      createdAt: new Date().toISOString(),
      trainSentences: opts.train.length,
      stages: [summaryOf('teacher-recognizer', rec, 'f1', selectedOn), summaryOf('teacher-evaluator', ev, 'pair-accuracy', selectedOn)],
      options: {
        // targetCasing is recorded as what was followed (conventions.summary), not as the switch.
        ...recordable({ ...opts, encoder: undefined, codeSwitch: undefined, sources: undefined, targetCasing: undefined }),
        excludedWords: [...exclude].sort(),
        ...(conventions.summary ? { targetCasing: conventions.summary } : {}),
        ...(cs ? { codeSwitch: codeSwitchSummary(cs) } : {}),
        ...(sources ? { sources: sourcesSummary(sources) } : {}),
      },
    };
    return model;
  } catch (err) {
    model.dispose();
    throw err;
  }
}

export function summaryOf(stage: StageSummary['stage'], r: StageResult, metric: 'f1' | 'pair-accuracy', selectedOn: string): StageSummary {
  return {
    stage,
    epochs: r.epochs,
    bestEpoch: r.bestEpoch,
    bestScore: r.bestScore,
    metric: r.bestScore === null ? 'last-epoch' : metric,
    selectedOn: r.bestScore === null ? 'none' : selectedOn,
    history: r.history,
  };
}

function oneHot(labels: readonly string[], tagsList: readonly (readonly string[])[], T: number): { data: Float32Array; count: number } {
  const K = labels.length;
  const index = new Map(labels.map((l, k) => [l, k]));
  const data = new Float32Array(tagsList.length * T * K);
  let count = 0;
  tagsList.forEach((tags, b) => {
    tags.forEach((tag, t) => {
      // A type absent from training cannot be predicted; it is trained as O.
      data[(b * T + t) * K + (index.get(tag) ?? 0)] = 1;
      count += 1;
    });
  });
  return { data, count };
}

function recognizerStage(
  tf: Tf,
  rec: Recognizer,
  train: TaggedSentence[],
  switcher: EpochSwitcher | null,
  dev: TaggedSentence[] | null,
  batchSize: number,
  seed: number,
): StageDef<number[]> {
  const lengths = train.map((s) => s.tokens.length);
  const stage = 'teacher-recognizer';
  return {
    stage,
    vars: rec.named(),
    metric: 'f1',
    plan: (epoch) => {
      const batches = bucketBatches(lengths, batchSize, Rng.derive(seed, stage, 'plan', epoch));
      return switcher ? switcher.tag(batches, epoch) : batches;
    },
    tokens: (items) => items.reduce((n, i) => n + lengths[i]!, 0),
    prepare: (items, rng) => {
      const sents = switcher ? switcher.sentences(stage, items) : train;
      const batch = rec.encoder.batch(
        items.map((i) => sents[i]!.tokens),
        rng,
      );
      const { data, count } = oneHot(
        rec.labels,
        items.map((i) => train[i]!.tags!),
        batch.length,
      );
      const target = tf.tensor2d(data, [batch.size * batch.length, rec.labels.length]);
      return () => crossEntropy(tf, rec.logits(batch, rng), target, count);
    },
    score: async () => (dev ? recognizerF1(tf, rec, dev) : null),
  };
}

interface PairSet {
  sentences: string[][];
  a: number[];
  b: number[];
  same: number[];
}

/** Balanced token pairs between consecutive dev sentences, fixed for the whole run. */
function devPairs(dev: readonly TaggedSentence[], cap: number, seed: number): PairSet {
  const rng = Rng.derive(seed, 'dev-pairs');
  const limit = Math.min(dev.length, 400);
  const out: PairSet = { sentences: dev.slice(0, limit).map((s) => s.tokens), a: [], b: [], same: [] };
  for (let k = 0; k + 1 < limit; k += 2) {
    const p = samplePairs(dev[k]!.tags!, dev[k + 1]!.tags!, cap, rng);
    p.i.forEach((i, n) => {
      out.a.push(k * 1e4 + i);
      out.b.push((k + 1) * 1e4 + p.j[n]!);
      out.same.push(p.same[n]!);
    });
  }
  return out;
}

/** Accuracy of s > 0.5 on the dev pairs, the mean of the same-type and different-type accuracies. */
async function pairAccuracy(tf: Tf, ev: Evaluator, set: PairSet): Promise<number> {
  const vecs = new Map<number, Float32Array>();
  const needed = [...new Set([...set.a, ...set.b].map((x) => Math.floor(x / 1e4)))];
  for (let start = 0; start < needed.length; start += 16) {
    const ids = needed.slice(start, start + 16);
    const batch = ev.encoder.batch(
      ids.map((k) => set.sentences[k]!),
      null,
    );
    const h = tf.tidy(() => normalizeRows(tf, ev.vectors(batch, null)));
    const data = (await h.data()) as Float32Array;
    const D = h.shape[1];
    h.dispose();
    ids.forEach((k, b) => {
      for (let t = 0; t < set.sentences[k]!.length; t++)
        vecs.set(k * 1e4 + t, data.slice((b * batch.length + t) * D, (b * batch.length + t + 1) * D));
    });
  }
  const hits = [0, 0];
  const totals = [0, 0];
  set.a.forEach((a, n) => {
    const va = vecs.get(a)!;
    const vb = vecs.get(set.b[n]!)!;
    let cos = 0;
    for (let d = 0; d < va.length; d++) cos += va[d]! * vb[d]!;
    const y = set.same[n]!;
    totals[y]! += 1;
    if ((cos > 0 ? 1 : 0) === y) hits[y]! += 1;
  });
  return totals[0]! === 0 || totals[1]! === 0 ? 0 : (hits[0]! / totals[0]! + hits[1]! / totals[1]!) / 2;
}

function evaluatorStage(
  tf: Tf,
  ev: Evaluator,
  opts: TeacherOptions,
  switcher: EpochSwitcher | null,
  dev: TaggedSentence[] | null,
  seed: number,
): StageDef<EvalBatch> {
  const train = opts.train;
  const links = opts.links ?? [];
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const cap = opts.pairsPerSentence ?? TEACHER_DEFAULTS.pairsPerSentence;
  const lengths = train.map((s) => s.tokens.length);
  const devSet = dev ? devPairs(dev, cap, seed) : null;
  return {
    stage: 'teacher-evaluator',
    vars: ev.named(),
    metric: 'pair-accuracy',
    plan: (epoch) => {
      const rng = Rng.derive(seed, 'teacher-evaluator', 'plan', epoch);
      const out: EvalBatch[] = bucketBatches(lengths, batchSize, rng).map((items) => ({ kind: 'labelled', items }));
      const order = rng.shuffle(links.map((_, k) => k));
      for (let k = 0; k < order.length; k += Math.max(1, batchSize / 2))
        out.push({ kind: 'links', items: order.slice(k, k + batchSize / 2) });
      return switcher ? switcher.tag(rng.shuffle(out), epoch) : rng.shuffle(out);
    },
    tokens: (b) =>
      b.kind === 'labelled'
        ? b.items.reduce((n, i) => n + lengths[i]!, 0)
        : b.items.reduce((n, i) => n + links[i]!.a.length + links[i]!.b.length, 0),
    prepare: (b, rng) => {
      const ia: number[] = [];
      const ib: number[] = [];
      const y: number[] = [];
      if (b.kind === 'labelled') {
        // Sentence k is paired with sentence k + n/2 of the same length-bucketed batch.
        const n = b.items.length;
        const shift = Math.max(1, Math.floor(n / 2));
        const sampled = b.items.map((item, k) => {
          const partner = n === 1 ? 0 : (k + shift) % n;
          return { k, partner, p: samplePairs(train[item]!.tags!, train[b.items[partner]!]!.tags!, cap, rng) };
        });
        // The evaluator sees the same code-switched words as the recognizer: at distillation it
        // scores target-language tokens, which switching is there to bring into training.
        const sents = switcher ? switcher.sentences('teacher-evaluator', b) : train;
        const batch = ev.encoder.batch(
          b.items.map((i) => sents[i]!.tokens),
          rng,
        );
        for (const { k, partner, p } of sampled) {
          p.i.forEach((i, m) => {
            ia.push(k * batch.length + i);
            ib.push(partner * batch.length + p.j[m]!);
            y.push(p.same[m]!);
          });
        }
        return pairClosure(tf, ev, batch, ia, ib, y, rng);
      }
      const pairs = b.items.map((i) => links[i]!);
      const batch = ev.encoder.batch([...pairs.map((p) => p.a), ...pairs.map((p) => p.b)], rng);
      pairs.forEach((p, k) => {
        for (const l of p.links) {
          if (l.i < 0 || l.i >= p.a.length || l.j < 0 || l.j >= p.b.length) continue;
          ia.push(k * batch.length + l.i);
          ib.push((pairs.length + k) * batch.length + l.j);
          y.push(l.same ? 1 : 0);
        }
      });
      return pairClosure(tf, ev, batch, ia, ib, y, rng);
    },
    score: async () => (devSet ? pairAccuracy(tf, ev, devSet) : null),
  };
}

function pairClosure(tf: Tf, ev: Evaluator, batch: EncoderBatch, ia: number[], ib: number[], y: number[], rng: Rng): () => Tensor {
  const labels = tf.tensor1d(Float32Array.from(y));
  return () => {
    const h = ev.vectors(batch, rng);
    // A batch without any usable pair still runs the encoder, so dropout draws stay in step.
    if (ia.length === 0) return tf.mul(tf.sum(h), 0);
    return pairLoss(tf, gatherRows(tf, h, Int32Array.from(ia)), gatherRows(tf, h, Int32Array.from(ib)), labels);
  };
}
