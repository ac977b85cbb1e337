// `crosstag pipeline --source FILE [--source FILE ...] --target FILE --target-dev FILE --target-test FILE --out DIR`:
// the whole zero-shot experiment. Trains the teacher on the sources (epochs selected on target
// dev, as the paper does; with --teacher-per-source one teacher per source), distils the student
// on the target text, scores all on the target test set and prints one JSON object (with --json)
// for scripts and benchmarks. --dictionary (one per --source) code-switches the teachers' source
// sentences, --init-from-dictionary seeds the student's added target words. The student learns
// from teacher predictions whose entity types are harmonised over the target text, with the
// sources as gazetteer (type-votes.ts); --no-consistent-types turns that off.

import { resolve } from 'node:path';
import type { EvalReport } from '../../contract/entities.js';
import { DEFAULT_BATCH, type StageSummary } from '../../core/ml/index.js';
import { modelFolders, testScores, type PipelineResult, type TestScores } from '../../core/pipeline/index.js';
import type { CliCommand, CliIo } from '../io.js';
import { loadDataset, meanTokensPerSec, stageLine, trainWithBackend } from './ml-common.js';
import { checkSameLabels, loadSources, sourcesReport, type LoadedSource } from './source-options.js';
import {
  addRunOptions,
  addStudentOptions,
  addTeacherOptions,
  runSettings,
  studentStage,
  targetCasingReport,
  teacherStage,
  type RunFlags,
  type StudentFlags,
  type TeacherFlags,
} from './training-options.js';

interface Options extends TeacherFlags, StudentFlags, RunFlags {
  teacherPerSource?: boolean;
  target: string;
  targetDev: string;
  targetTest: string;
  out: string;
  vocabFilter: boolean;
}

const STUDENT = {
  epochsFlag: '--student-epochs',
  typesOver: "the teachers' predictions on --target before distilling, and over --target-test when scoring (the *_consistent scores)",
  gazetteerDefault: ' (default: the --source files)',
} as const;

export const pipelineCommand: CliCommand = (program, io) => {
  const cmd = program
    .command('pipeline')
    .description('teacher on the sources, student on the target, both scored on the target test set')
    .option('--teacher-per-source', 'train one teacher per --source (with its own --dictionary) and distil the student from all of them')
    .requiredOption('--target <file>', 'unlabelled target text (a corpus whose tags are ignored, or plain text)')
    .requiredOption('--target-dev <file>', 'labelled target dev corpus: selects the epochs of every stage')
    .requiredOption('--target-test <file>', 'labelled target test corpus: the reported scores')
    .requiredOption('--out <dir>', 'folder for the teacher/ (teacher-1/, teacher-2/ ... with --teacher-per-source) and student/ models')
    .option('--no-vocab-filter', "keep source words that are the target's everyday words (see train-teacher --target-text)");
  addRunOptions(addStudentOptions(addTeacherOptions(cmd), STUDENT)).action(async (opts: Options) => {
    const started = performance.now();
    const teacher = teacherStage(io, opts);
    const run = runSettings(io, opts);
    const sources = loadSources(io, opts.source, opts);
    const perSource = opts.teacherPerSource === true;
    if (perSource) checkSameLabels(sources);
    const target = loadDataset(io, opts.target, { labelled: false, flag: '--target' }).data;
    const dev = loadDataset(io, opts.targetDev, { labelled: true, flag: '--target-dev' }).data;
    const test = loadDataset(io, opts.targetTest, { labelled: true, flag: '--target-test' }).data;
    const student = studentStage(
      io,
      opts,
      STUDENT,
      sources.flatMap((s) => s.sentences),
    );
    const { result, backend } = await trainWithBackend(io, opts, () => ({
      ...run,
      data: { sources, dev, selectOn: 'target-dev', target },
      teachers: { train: { ...teacher, perSource, targetText: target, vocabFilter: opts.vocabFilter } },
      student: student.stage,
      folders: modelFolders(resolve(io.cwd, opts.out)),
    }));
    try {
      const scores = await testScores(result, test, student.stage.types);
      const report = {
        ...scoreFields(result, scores, student.stage.types?.gazetteer?.length),
        backend,
        encoder: opts.encoder,
        weights: student.weights,
        kd: student.kd,
        extend_vocab: opts.extendVocab,
        vocab_filter: opts.vocabFilter,
        target_casing: targetCasingReport(result.teachers[0]!),
        teachers_f1: scores.teachers.map((r) => r.f1),
        sources: sourcesReport(sources),
        teacher_per_source: perSource,
        code_switch: codeSwitchReport(sources),
        init_from_dictionary: opts.initFromDictionary ?? null,
        seed: run.seed ?? 1,
        batch_size: run.batchSize ?? DEFAULT_BATCH,
        ...speedFields(result),
        wall_s: Math.round((performance.now() - started) / 100) / 10,
      };
      if (opts.json === true) io.stdout(`${JSON.stringify(report)}\n`);
      else printReport(io, opts, result, scores, `backend ${backend}, ${report.wall_s} s`);
    } finally {
      result.dispose();
    }
  });
};

const stageOf = (run: PipelineResult, name: string): StageSummary | undefined => run.student?.summary?.stages.find((s) => s.stage === name);

function scoreFields(run: PipelineResult, scores: TestScores, gazetteer: number | undefined): Record<string, unknown> {
  return {
    teacher_f1: scores.teachers[0]!.f1,
    student_f1: scores.student!.f1,
    ...precisionAndSpans('teacher', scores.teachers[0]!),
    ...precisionAndSpans('student', scores.student!),
    // Unless --no-consistent-types: the same models with types harmonised over the test set too.
    teacher_f1_consistent: scores.consistent?.teacher.f1 ?? null,
    student_f1_consistent: scores.consistent?.student?.f1 ?? null,
    consistent_types: scores.consistent ? { gazetteer_sentences: gazetteer ?? 0 } : null,
    teacher_dev_f1: stageOf(run, 'teacher-recognizer')?.bestScore ?? null,
    student_dev_f1: stageOf(run, 'student')?.bestScore ?? null,
  };
}

/**
 * Typed precision and recall next to the F1, and the untyped span scores: spans found whatever
 * their type, so that finding names and typing them can be told apart.
 */
function precisionAndSpans(model: 'teacher' | 'student', r: EvalReport): Record<string, number> {
  return {
    [`${model}_precision`]: r.precision,
    [`${model}_recall`]: r.recall,
    [`${model}_span_precision`]: r.spans.precision,
    [`${model}_span_recall`]: r.spans.recall,
    [`${model}_span_f1`]: r.spans.f1,
  };
}

function speedFields(run: PipelineResult): Record<string, number | null> {
  return {
    recognizer_tok_s: meanTokensPerSec(stageOf(run, 'teacher-recognizer')),
    evaluator_tok_s: meanTokensPerSec(stageOf(run, 'teacher-evaluator')),
    student_tok_s: meanTokensPerSec(stageOf(run, 'student')),
  };
}

function printReport(io: CliIo, opts: Options, run: PipelineResult, scores: TestScores, how: string): void {
  const f1s = scores.teachers.map((r) => r.f1.toFixed(4)).join(', ');
  io.stdout(`teacher F1 ${f1s}, student F1 ${scores.student!.f1.toFixed(4)} on ${opts.targetTest} (${how})\n`);
  for (const s of run.student?.summary?.stages ?? []) io.stdout(`  ${stageLine(s)}\n`);
  io.stdout(`  models in ${opts.out}/${run.teachers.length > 1 ? 'teacher-1 ...' : 'teacher'} and ${opts.out}/student\n`);
}

/** The code-switching settings (shared by every dictionary) and the dictionaries, or null without. */
function codeSwitchReport(sources: readonly LoadedSource[]): Record<string, unknown> | null {
  const cs = sources.find((s) => s.codeSwitch)?.codeSwitch;
  if (!cs) return null;
  const dictionaries = sources.map((s) => s.dictionary);
  return { dictionary: dictionaries.length === 1 ? dictionaries[0] : dictionaries, p: cs.p, mode: cs.mode, keep_names: cs.keepNames };
}
