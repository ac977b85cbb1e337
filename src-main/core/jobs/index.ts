// Long work out of process: training and prediction runs (one worker process each) and a
// persistent inference worker (evaluation, pair similarity, backend report).
//
//   nodeSpawner()                                  Spawner over child_process.fork (web, CLI)
//   new JobRunner({ spawner, nativeBinding?, ... })
//     .start(dbPath, runId, 'train' | 'predict', resume, emit)   the run's row must say running
//     .cancel(dbPath, runId) / .liveRun(dbPath) / .sweep(store) / .close()
//   new InferenceClient({ spawner }).request<T>(InferenceRequest) / .close()
//   loadTrainingData(store, TrainingConfig) / checkTrainingConfig(store, TrainingConfig)
//   projectDataDir(dbPath), runDir, checkpointDir, storedModelDir, resolveModelDir
//
// The Electron shell supplies its own Spawner over utilityProcess; the worker entry speaks to
// either host (worker-port.ts).

export { nodeSpawner, TailBuffer, type JobExit, type JobHandle, type Spawner } from './parent/spawner.js';
export { JobRunner, defaultWorkerEntry, type Emit, type RunnerOptions } from './parent/runner.js';
export { InferenceClient, type InferenceOptions } from './parent/inference-client.js';
export { abnormalExit } from './parent/exit-reason.js';
export { INTERRUPTED, type EngineTuning, type InferenceRequest, type ModelDescription } from './protocol.js';
export type { EvaluateResult, Worst } from './worker/inference.js';
export {
  checkTrainingConfig,
  DEFAULT_CODE_SWITCH,
  loadTrainingData,
  withTrainingDefaults,
  type DataSummary,
  type TrainingData,
} from './training-data.js';
export { checkpointDir, importedModelsDir, ownedByProject, projectDataDir, resolveModelDir, runDir, storedModelDir } from './paths.js';
