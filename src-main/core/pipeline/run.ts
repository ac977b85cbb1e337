// The one teacher→student run: the teachers (one on all sources, or one per source) unless they
// are given, then the student distilled from them, each model saved as soon as it is trained.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../errors.js';
import {
  DEFAULT_DISTILLATION_LOSS,
  distillationLoss,
  distillStudent,
  loadModel,
  saveModel,
  trainTeacher,
  type NerModel,
  type TaggedSentence,
  type TeacherOptions,
  type TrainCommon,
} from '../ml/index.js';
import type { PipelineData, PipelineOptions, PipelineResult, PipelineSource, StudentStage, TeacherStage } from './types.js';

/** `out/teacher` (`out/teacher-1`, `out/teacher-2` … for several) and `out/student`. */
export function modelFolders(out: string): { teacher: (index: number, count: number) => string; student: string } {
  return {
    teacher: (index, count) => path.join(out, count > 1 ? `teacher-${index + 1}` : 'teacher'),
    student: path.join(out, 'student'),
  };
}

/**
 * The teacher options of sources trained together. One source gives { train, codeSwitch };
 * several give the concatenation and each one's sentence range, with its own code-switching.
 */
export function teacherData(sources: readonly PipelineSource[]): Pick<TeacherOptions, 'train' | 'codeSwitch' | 'sources'> {
  if (sources.length === 1) return { train: sources[0]!.sentences, codeSwitch: sources[0]!.codeSwitch };
  const train: TaggedSentence[] = [];
  const groups = sources.map((s) => {
    const start = train.length;
    train.push(...s.sentences);
    return { name: s.name, start, end: train.length, codeSwitch: s.codeSwitch };
  });
  return { train, sources: groups };
}

/** What both stages share: the run's settings and where its progress goes. */
function common(opts: PipelineOptions): TrainCommon {
  const { data: _data, teachers: _teachers, student: _student, folders: _folders, ...shared } = opts;
  return shared;
}

/** The model an earlier attempt saved in `dir` (on resume, when reuse is on), or a trained one, saved there. */
async function trainedOrSaved(opts: PipelineOptions, dir: string | undefined, train: () => Promise<NerModel>): Promise<NerModel> {
  if (dir && opts.resume && opts.folders?.reuse && existsSync(path.join(dir, 'config.json'))) return loadModel(dir);
  const model = await train();
  if (dir) {
    try {
      await saveModel(model, dir);
    } catch (err) {
      model.dispose();
      throw err;
    }
  }
  return model;
}

async function trainTeachers(opts: PipelineOptions, stage: TeacherStage, data: PipelineData, out: NerModel[]): Promise<void> {
  if (data.sources.length === 0) throw new CoreError('BAD_REQUEST', 'the teacher needs at least one labelled source');
  const groups = stage.perSource ? data.sources.map((s) => [s]) : [data.sources];
  for (const [k, group] of groups.entries()) {
    // Several teachers checkpoint in a folder each: their stage names repeat.
    const checkpointDir = opts.checkpointDir && groups.length > 1 ? path.join(opts.checkpointDir, `teacher-${k + 1}`) : opts.checkpointDir;
    const dir = opts.folders?.teacher?.(k, groups.length);
    const teacher = await trainedOrSaved(opts, dir, () =>
      trainTeacher({
        ...common(opts),
        checkpointDir,
        ...teacherData(group),
        dev: data.dev,
        selectOn: data.selectOn,
        links: data.links,
        targetText: stage.targetText,
        vocabFilter: stage.vocabFilter,
        targetCasing: stage.targetCasing,
        encoder: stage.encoder,
        epochs: stage.epochs,
        evaluatorEpochs: stage.evaluatorEpochs,
        lr: stage.lr,
      }),
    );
    out.push(teacher);
    if (dir) opts.folders?.onSaved?.('teacher', teacher, dir, k);
  }
}

async function distill(opts: PipelineOptions, stage: StudentStage, teachers: readonly NerModel[], out: NerModel[]): Promise<NerModel> {
  const dir = opts.folders?.student;
  const student = await trainedOrSaved(opts, dir, () =>
    distillStudent({
      ...common(opts),
      teacher: teachers,
      target: opts.data.target,
      dev: opts.data.dev,
      selectOn: opts.data.selectOn,
      epochs: stage.epochs,
      lr: stage.lr,
      loss: stage.loss,
      weights: stage.weights,
      fromScratch: stage.fromScratch,
      extendVocab: stage.extendVocab,
      dictionary: stage.dictionary,
      types: stage.types,
    }),
  );
  out.push(student);
  if (dir) opts.folders?.onSaved?.('student', student, dir, 0);
  return student;
}

/**
 * Runs the stages `opts` asks for. On failure or cancellation (TrainingCancelled, after the
 * stage's checkpoint is written) every model the run made is freed before the error is rethrown.
 */
export async function runPipeline(opts: PipelineOptions): Promise<PipelineResult> {
  // A misnamed loss is refused before hours of teacher training, not after.
  if (opts.student) distillationLoss(opts.student.loss ?? DEFAULT_DISTILLATION_LOSS);
  const owned: NerModel[] = [];
  const free = () => {
    for (const m of owned) m.dispose();
  };
  try {
    let teachers: NerModel[];
    if ('given' in opts.teachers) {
      teachers = [...opts.teachers.given];
    } else {
      await trainTeachers(opts, opts.teachers.train, opts.data, owned);
      teachers = [...owned];
    }
    const student = opts.student ? await distill(opts, opts.student, teachers, owned) : null;
    return { teachers, student, dispose: free };
  } catch (err) {
    free();
    throw err;
  }
}
