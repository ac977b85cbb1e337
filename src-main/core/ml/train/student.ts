// Distilling the MTMT student on unlabelled target sentence pairs (docs/ARCHITECTURE.md, "The
// MTMT losses"): for every token pair (i, j) of two sentences, with the loss chosen by name
// (distillation.ts; MTMT by default),
//   L = γ · ( α_i · MSE(p_S,i, p_T,i) + α_j · MSE(p_S,j, p_T,j) + β · BCE(s_S, s_T) ).
// The student starts from the teacher recognizer's weights by default: that, not training from
// scratch, is what lets the student gain over its teacher (docs/DECISIONS.md, "The student").

import { CoreError } from '../../errors.js';
import { backendReport, getTf } from '../runtime/backend.js';
import { bucketBatches } from '../data/batching.js';
import { checkDataset, type TaggedSentence } from '../data/dataset.js';
import { runStage, type StageDef } from './loop.js';
import { dictionaryDigest } from '../data/code-switch.js';
import type { SentencePrediction } from '../model/decode.js';
import type { MtmtWeights } from './losses.js';
import { DEFAULT_DISTILLATION_LOSS, distillationLoss } from './distillation.js';
import { buildModel, copyWeights, sameLabelModels, type NerModel } from '../model/model.js';
import { DEFAULT_BATCH, DEFAULT_SEED, loopOptions, recordable, type TrainCommon } from './options.js';
import { predict, recognizerF1, type HarmonizeOptions } from '../model/predict.js';
import { Rng } from '../runtime/rng.js';
import { extendVocab, normalizeWord } from '../data/vocab.js';
import { summaryOf } from './teacher.js';
import type { Tensor2D, Tf } from '../runtime/tf-types.js';
import { swapTypeColumns, TypeVotes, type Retype } from '../model/type-votes.js';

export interface StudentOptions extends TrainCommon {
  /**
   * One teacher, or several sharing one label list: their recognizer probabilities and evaluator
   * similarities are averaged (p_T, s_T), and α, β, γ come from the averages. The student starts
   * from, and extends the vocabulary of, the first.
   */
  teacher: NerModel | readonly NerModel[];
  /** Unlabelled target sentences (any tags are ignored). */
  target: readonly { tokens: string[] }[];
  /** Labelled target sentences that select the best epoch; the last epoch is kept without. */
  dev?: TaggedSentence[] | null | undefined;
  selectOn?: string | undefined;
  epochs?: number | undefined;
  /** α, β and γ each default to on; off means the weight is 1. */
  weights?: Partial<MtmtWeights> | undefined;
  /**
   * The distillation loss by its registered name (distillation.ts): `mtmt` (the default), or
   * plain knowledge distillation `kd-mse` / `kd-kl` for ablation.
   */
  loss?: string | undefined;
  /** Start from fresh weights instead of the teacher recognizer's. */
  fromScratch?: boolean | undefined;
  /**
   * Give target words (seen at least the encoder's wordMinCount times) their own embedding rows,
   * starting as copies of the unknown-word row, so the student can learn target-language words
   * from the teacher's soft labels (default true).
   */
  extendVocab?: boolean | undefined;
  /**
   * Target word to its source-language translations (a MUSE xx-en file through dictionaryMap).
   * A target word the student adds starts as the mean of its translations' teacher rows instead
   * of the unknown-word row, where any of them is in the teacher's vocabulary.
   */
  dictionary?: ReadonlyMap<string, readonly string[]> | undefined;
  /**
   * Harmonise the teachers' entity types over the target text before distilling (type-votes.ts):
   * wherever the (combined) teacher tags a name with another type than most of the name's
   * occurrences, and the gazetteer's, voted for, the target probabilities of its B-/I- columns
   * are swapped to that type.
   */
  types?: HarmonizeOptions | undefined;
}

export const STUDENT_DEFAULTS = { epochs: 2 };
const SCHEDULE = { lr: 5e-4, warmupSteps: 20, finalLrFactor: 0.1 };
export async function distillStudent(opts: StudentOptions): Promise<NerModel> {
  const tf = getTf();
  const teachers = checkTeachers(opts.teacher);
  const teacher = teachers[0]!;
  distillationLoss(opts.loss ?? DEFAULT_DISTILLATION_LOSS);
  checkDataset(
    opts.target.map((s) => ({ tokens: s.tokens, tags: null })),
    'target data',
    { labelled: false },
  );
  const dev = opts.dev && opts.dev.length > 0 ? opts.dev : null;
  if (dev) checkDataset(dev, 'dev data', { labelled: true });
  const seed = opts.seed ?? DEFAULT_SEED;
  const weights: MtmtWeights = { alpha: true, beta: true, gamma: true, ...opts.weights };
  const small = teacher.spec.encoder.kind === 'small' ? teacher.spec.encoder : null;
  const vocab =
    small && opts.extendVocab !== false
      ? extendVocab(
          teacher.spec.vocab,
          opts.target.map((s) => s.tokens),
          { minCount: small.wordMinCount, foldChars: small.foldChars },
        )
      : teacher.spec.vocab;
  const student = buildModel(tf, { ...teacher.spec, vocab, kind: 'student' }, seed);
  try {
    let initialised = 0;
    if (!opts.fromScratch) {
      copyWeights(tf, teacher.recognizer.named(), student.recognizer.named());
      if (opts.dictionary && vocab !== teacher.spec.vocab) initialised = await initFromDictionary(tf, teacher, student, opts.dictionary);
    }
    const retypes = opts.types ? await targetRetypes(teachers, opts.target, opts.types) : null;
    const retyped = retypes ? retypes.reduce((n, r) => n + r.length, 0) : 0;
    // The initialising dictionary, the number of teachers and the retyped spans do not show in
    // the plan or shapes.
    const settings = [
      opts.dictionary ? `init:${dictionaryDigest(opts.dictionary)}` : '',
      teachers.length > 1 ? `teachers:${teachers.length}` : '',
      retypes
        ? `types:${dictionaryDigest(new Map(retypes.flatMap((list, i) => list.map((r) => [`${i}:${r.start}-${r.end}`, [r.to]] as const))))}`
        : '',
    ]
      .filter(Boolean)
      .join(';');
    const def = {
      ...studentStage(tf, teachers, student, opts, dev, seed, weights, retypes),
      settings: settings === '' ? undefined : settings,
    };
    const result = await runStage(tf, def, loopOptions(opts, 'student', opts.epochs ?? STUDENT_DEFAULTS.epochs, SCHEDULE));
    student.summary = {
      seed,
      backend: backendReport()?.chosen ?? 'unknown',
      createdAt: new Date().toISOString(),
      trainSentences: opts.target.length,
      stages: [...(teacher.summary?.stages ?? []), summaryOf('student', result, 'f1', dev ? (opts.selectOn ?? 'dev') : 'none')],
      options: recordable({
        ...opts,
        teacher: undefined,
        teachers: teachers.length,
        weights,
        loss: opts.loss ?? DEFAULT_DISTILLATION_LOSS,
        fromScratch: opts.fromScratch ?? false,
        extendVocab: vocab !== teacher.spec.vocab,
        addedWords: vocab.words.length - teacher.spec.vocab.words.length,
        dictionary: opts.dictionary ? { dictionaryWords: opts.dictionary.size, initialisedWords: initialised } : undefined,
        types: opts.types ? { ...opts.types, gazetteer: opts.types.gazetteer?.length ?? 0, retypedSpans: retyped } : undefined,
      }),
    };
    return student;
  } catch (err) {
    student.dispose();
    throw err;
  }
}

/** The teachers as a list; each needs an evaluator and all the first one's labels, in order. */
export function checkTeachers(given: NerModel | readonly NerModel[]): readonly NerModel[] {
  const teachers = sameLabelModels(given, 'teacher', 'distillation', 'teachers must share one label list');
  teachers.forEach((t, k) => {
    if (!t.evaluator)
      throw new CoreError(
        'BAD_REQUEST',
        `distillation needs a teacher model with a similarity evaluator${teachers.length > 1 ? `; teacher ${k + 1} has none` : ''}`,
      );
  });
  return teachers;
}

/** Sentences the teachers tag per call while the retypes are worked out; only entities are kept. */
const RETYPE_CHUNK = 2048;

/** Per target sentence, the teachers' entities that type harmonisation retypes. */
async function targetRetypes(
  teachers: readonly NerModel[],
  target: readonly { tokens: string[] }[],
  types: HarmonizeOptions,
): Promise<Retype[][]> {
  const sentences = target.map((s) => s.tokens);
  const decoded: Pick<SentencePrediction, 'entities'>[] = [];
  for (let i = 0; i < sentences.length; i += RETYPE_CHUNK) {
    for (const p of await predict(teachers, sentences.slice(i, i + RETYPE_CHUNK))) decoded.push({ entities: p.entities });
  }
  const votes = new TypeVotes(types).addPredictions(sentences, decoded).addGazetteer(types.gazetteer ?? []);
  return votes.retypes(sentences, decoded, teachers[0]!.labels);
}

/**
 * The teacher's probabilities [rows x K] with the batch's retyped spans swapped. The swap is made
 * on the indices and applied with one gather, so the probabilities never leave the device.
 */
function retypedProbs(
  tf: Tf,
  p: Tensor2D,
  items: readonly number[],
  T: number,
  retypes: readonly Retype[][],
  labels: readonly string[],
): Tensor2D {
  if (items.every((i) => retypes[i]!.length === 0)) return p;
  const [rows, K] = p.shape;
  const order = Array.from({ length: rows * K }, (_, k) => k);
  items.forEach((i, b) => swapTypeColumns(order, K, b * T, retypes[i]!, labels));
  return tf.reshape(tf.gather(tf.reshape(p, [rows * K]), tf.tensor1d(Int32Array.from(order), 'int32')), [rows, K]);
}

const WORD_ROWS = 'encoder/word';

/**
 * Sets the embedding row of each target word the student added (past the teacher's rows) to the
 * mean of the teacher rows of its translations; returns how many rows were set.
 */
export async function initFromDictionary(
  tf: Tf,
  teacher: NerModel,
  student: NerModel,
  dictionary: ReadonlyMap<string, readonly string[]>,
): Promise<number> {
  const from = teacher.recognizer.named().get(WORD_ROWS);
  const to = student.recognizer.named().get(WORD_ROWS);
  if (!from || !to) return 0;
  const known = new Map(teacher.spec.vocab.words.map((w, i) => [w, i]));
  const byWord = new Map<string, string[]>();
  for (const [w, list] of dictionary) {
    const key = normalizeWord(w);
    byWord.set(key, [...(byWord.get(key) ?? []), ...list]);
  }
  const D = from.shape[1]!;
  const source = (await from.data()) as Float32Array;
  const rows = Float32Array.from((await to.data()) as Float32Array);
  const words = student.spec.vocab.words;
  let set = 0;
  for (let k = teacher.spec.vocab.words.length; k < words.length; k++) {
    // Padding and the unknown word (rows 0 and 1) say nothing about a translation's meaning.
    const ids = [...new Set((byWord.get(words[k]!) ?? []).map((t) => known.get(normalizeWord(t)) ?? 0))].filter((i) => i > 1);
    if (ids.length === 0) continue;
    rows.fill(0, k * D, (k + 1) * D);
    for (const i of ids) for (let d = 0; d < D; d++) rows[k * D + d]! += source[i * D + d]! / ids.length;
    set += 1;
  }
  if (set > 0) tf.tidy(() => to.assign(tf.tensor2d(rows, [words.length, D])));
  return set;
}

function studentStage(
  tf: Tf,
  teachers: readonly NerModel[],
  student: NerModel,
  opts: StudentOptions,
  dev: TaggedSentence[] | null,
  seed: number,
  weights: MtmtWeights,
  retypes: readonly Retype[][] | null,
): StageDef<number[]> {
  const target = opts.target;
  const lengths = target.map((s) => s.tokens.length);
  const rec = student.recognizer;
  const loss = distillationLoss(opts.loss ?? DEFAULT_DISTILLATION_LOSS);
  return {
    stage: 'student',
    vars: rec.named(),
    metric: 'f1',
    plan: (epoch) => bucketBatches(lengths, opts.batchSize ?? DEFAULT_BATCH, Rng.derive(seed, 'student', 'plan', epoch)),
    tokens: (items) => items.reduce((n, i) => n + lengths[i]!, 0),
    prepare: (items, rng) => {
      const sentences = items.map((i) => target[i]!.tokens);
      // Teacher outputs are constants: computed here, outside the gradient tape, without dropout.
      // Each teacher encodes with its own vocabulary; rows line up as every batch pads to the
      // longest sentence.
      const teacherBatches = teachers.map((t) => t.recognizer.encoder.batch(sentences, null));
      const teacherProbs = teachers.map((t, k) => {
        const p = tf.softmax(t.recognizer.logits(teacherBatches[k]!, null)) as Tensor2D;
        return retypes ? retypedProbs(tf, p, items, teacherBatches[k]!.length, retypes, t.labels) : p;
      });
      const batch = rec.encoder.batch(sentences, rng);
      return loss.prepare({ tf, teachers, teacherBatches, teacherProbs, student: rec, batch, rng, weights });
    },
    score: async () => (dev ? recognizerF1(tf, rec, dev) : null),
  };
}
