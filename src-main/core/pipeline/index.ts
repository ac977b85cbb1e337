// The teacher→student pipeline: the one way every shell trains. The app's training job (a
// project's run, jobs/worker/train-job.ts) and the CLI's train-teacher, distill and pipeline
// commands (files) all describe their run as PipelineOptions and call runPipeline; none calls
// trainTeacher or distillStudent itself.
//
//   runPipeline({ data, teachers: { train } | { given }, student?, folders?, seed, checkpointDir,
//                 resume, onProgress, onNote, signal, ... })       -> PipelineResult { teachers, student, dispose }
//   projectPipeline(data, config, tuning)   a project's TrainingConfig as data and stage settings
//   readDataset / readDictionaryFile        a run's data from corpus and dictionary files
//   modelFolders(out)                       out/teacher (teacher-1 …) and out/student
//   testScores(result, test, types?)        the models scored on labelled test sentences
//
// Data: labelled sources (each with its own code-switching), optional token links, a dev set
// that selects epochs, and unlabelled target text. Stages: one teacher on all sources, one per
// source, or given teachers; then the student, or none.

export { modelFolders, runPipeline, teacherData } from './run.js';
export { projectPipeline, projectSources } from './project-data.js';
export { readDataset, readDictionaryFile, type InputFiles, type LoadedCorpus } from './file-data.js';
export { testScores, type TestScores } from './scores.js';
export { DEFAULT_CODE_SWITCH } from '../jobs/index.js';
export type {
  PipelineData,
  PipelineFolders,
  PipelineOptions,
  PipelineResult,
  PipelineSource,
  StudentStage,
  TeacherStage,
} from './types.js';
