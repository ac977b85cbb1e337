// The MTMT engine: in-process training and inference, for a worker process (core/jobs), the CLI
// and the benchmarks.
//
//   await initBackend({ force?, threads? })  -> BackendReport   once per process, before anything else
//   trainTeacher(opts: TeacherOptions)        -> Promise<NerModel>  recognizer, then similarity evaluator;
//                                                { codeSwitch } swaps source words for dictionary translations;
//                                                { sources } gives each concatenated source its own
//   distillStudent(opts: StudentOptions)      -> Promise<NerModel>  on unlabelled target text, from one teacher
//                                                or the mean of several (teacher: NerModel[]), with the
//                                                distillation loss { loss } named in distillation.ts
//                                                (mtmt, kd-mse, kd-kl; registerDistillationLoss adds one)
//   predict(model, sentences: string[][])     -> SentencePrediction[]  tags, probabilities, entity confidence, uncertainty
//   evaluateModel(model, labelled: Dataset)   -> EvalReport (seqeval default mode, via core/eval)
//   similarity(teacher, tokensA, tokensB)     -> number[][]  s[i][j] = sigmoid(cos) for the Pairs screen
//   saveModel(model, dir) / loadModel(dir)    a folder: config.json, vocab.json, weights.bin, weights.json
//   exportHfCheckpoint(model, dir) / loadHfCheckpoint(dir)   a Hugging Face token-classification folder
//                                                (transformers' AutoModelForTokenClassification loads it)
//   openModel(dir)                            either kind of folder
//   embedText(dir, text)                      a checkpoint folder's word pieces and last hidden state (`crosstag embed`)
//   model.dispose()                           frees the model's tensors
//
// Training options shared by both stages (TrainCommon): seed, batchSize, lr, checkpointDir,
// checkpointEvery, resume, onProgress(Progress), onNote, signal (AbortSignal). Cancelling throws
// TrainingCancelled (name 'AbortError') after writing a checkpoint at the current step, and
// { resume: true } with the same checkpointDir and options continues to the same final weights
// as an uninterrupted run, from the previous checkpoint (told through onNote) when the newest
// one is damaged. Data is a plain Dataset: { tokens: string[]; tags: string[] | null }[]
// with IOB2 tags; datasetFromCorpus() converts a core/formats Corpus.

export { initBackend, getTf, backendReport, defaultThreads, parseThreads, type InitOptions } from './runtime/backend.js';
export { chooseBackend, parseBackendName, type BackendProbes, type GpuProbe } from './runtime/choose-backend.js';
export { BACKENDS, BACKEND_ORDER, type BackendName, type BackendSpec } from './runtime/backend-table.js';
export { onWasmHeapExhausted, heapExhaustionDetail, type HeapExhaustion, type HeapExhaustedHandler } from './runtime/heap-exhausted.js';
export {
  codeSwitchDigest,
  codeSwitchRng,
  codeSwitchSentences,
  matchCase,
  translationCounts,
  type CodeSwitchOptions,
} from './data/code-switch.js';
export { checkDataset, datasetFromCorpus, entityTypes, labelList, type Dataset, type TaggedSentence } from './data/dataset.js';
export type { EntityPrediction, SentencePrediction } from './model/decode.js';
export {
  createEncoder,
  encoderConfig,
  encoderFolder,
  encoderKinds,
  encoderNames,
  encoderName,
  resolveEncoderFolder,
  REFERENCE_TRANSFORMER,
  SMALL_DEFAULTS,
  type Encoder,
  type EncoderConfig,
  type SmallEncoderConfig,
} from './encoders/index.js';
export { previousCheckpoint, TrainingCancelled, type Progress } from './train/loop.js';
export type { MtmtWeights } from './train/losses.js';
export { NerModel, type StageSummary, type TrainingSummary } from './model/model.js';
export { loadModel, saveModel } from './io/model-io.js';
export { exportHfCheckpoint, exportHfFolder, type HfExportReport } from './io/hf-export.js';
export { loadHfCheckpoint, openModel } from './io/hf-load.js';
export { downloadEncoder, embedText, folderEncoderName, type DownloadProgress, type EmbedResult } from './encoders/index.js';
export { recommendedEncoders } from './encoders/recommended.js';
export { DEFAULT_BATCH, DEFAULT_SEED, type TrainCommon } from './train/options.js';
export { ADAM_DEFAULTS } from './train/optimizer.js';
export { evaluateModel, predict, similarity, type HarmonizeOptions, type PredictOptions } from './model/predict.js';
export { harmonizeTypes, swapTypeColumns, TypeVotes, TYPE_VOTE_DEFAULTS, type Retype, type TypeVoteOptions } from './model/type-votes.js';
export { checkTeachers, distillStudent, STUDENT_DEFAULTS, STUDENT_SCHEDULE, type StudentOptions } from './train/student.js';
export {
  combinedTargets,
  DEFAULT_DISTILLATION_LOSS,
  distillationLoss,
  distillationLossNames,
  registerDistillationLoss,
  type DistillationBatch,
  type DistillationLoss,
} from './train/distillation.js';
export type { SourceGroup } from './data/source-groups.js';
export { targetConventions, type TargetConventions } from './data/target-conventions.js';
export { trainTeacher, TEACHER_DEFAULTS, TEACHER_SCHEDULE, type LinkedPair, type TeacherOptions } from './train/teacher.js';
