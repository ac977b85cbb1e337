// `crosstag pipeline --source FILE [--source FILE ...] --target FILE --target-dev FILE --target-test FILE --out DIR`:
// the whole zero-shot experiment. Trains the teacher on the sources (epochs selected on target
// dev, as the paper does; with --teacher-per-source one teacher per source), distils the student
// on the target text, scores all on the target test set and prints one JSON object (with --json)
// for scripts and benchmarks. --dictionary (one per --source) code-switches the teachers' source
// sentences, --init-from-dictionary seeds the student's added target words. The student learns
// from teacher predictions whose entity types are harmonised over the target text, with the
// sources as gazetteer (type-votes.ts); --no-consistent-types turns that off.

import { join, resolve } from 'node:path';
import type { EvalReport } from '../../contract/entities.js';
import {
  distillStudent,
  encoderConfig,
  evaluateModel,
  saveModel,
  trainTeacher,
  type MtmtWeights,
  type NerModel,
  type StageSummary,
} from '../../core/ml/index.js';
import type { CliCommand } from '../io.js';
import { kdOption } from './distill.js';
import {
  addStudentDictionaryOptions,
  addTeacherDictionaryOptions,
  collect,
  studentDictionaryOption,
  type StudentDictionaryFlags,
  type TeacherDictionaryFlags,
} from './dictionary-options.js';
import { intOption, loadDataset, progressPrinter, startBackend } from './ml-common.js';
import { checkSameLabels, loadSources, SOURCE_HELP, sourcesReport, teacherData } from './source-options.js';
import { addTargetCasingOption, addTrainingOptions, cancellable, stageLine, targetCasingReport } from './train-teacher.js';
import { addTypeOptions, typeOptions, type TypeFlags } from './type-options.js';

interface Options extends TeacherDictionaryFlags, StudentDictionaryFlags, TypeFlags {
  source: string[];
  teacherPerSource?: boolean;
  target: string;
  targetDev: string;
  targetTest: string;
  out: string;
  encoder: string;
  epochs?: string;
  evaluatorEpochs?: string;
  studentEpochs?: string;
  seed?: string;
  alpha: boolean;
  beta: boolean;
  gamma: boolean;
  kd?: boolean | string;
  fromScratch?: boolean;
  extendVocab: boolean;
  vocabFilter: boolean;
  targetCasing: boolean;
  backend?: string;
  checkpointDir?: string;
  resume?: boolean;
  json?: boolean;
  quiet?: boolean;
}

const meanTps = (s: StageSummary | undefined): number | null =>
  s && s.history.length > 0 ? Math.round(s.history.reduce((a, h) => a + h.tokensPerSec, 0) / s.history.length) : null;

export const pipelineCommand: CliCommand = (program, io) => {
  addTrainingOptions(
    addStudentDictionaryOptions(
      addTeacherDictionaryOptions(
        addTypeOptions(
          addTargetCasingOption(program.command('pipeline'))
            .description('teacher on the sources, student on the target, both scored on the target test set')
            .requiredOption('--source <file>', SOURCE_HELP, collect)
            .option(
              '--teacher-per-source',
              'train one teacher per --source (with its own --dictionary) and distil the student from all of them',
            )
            .requiredOption('--target <file>', 'unlabelled target text (a corpus whose tags are ignored, or plain text)')
            .requiredOption('--target-dev <file>', 'labelled target dev corpus: selects the epochs of every stage')
            .requiredOption('--target-test <file>', 'labelled target test corpus: the reported scores')
            .requiredOption(
              '--out <dir>',
              'folder for the teacher/ (teacher-1/, teacher-2/ ... with --teacher-per-source) and student/ models',
            )
            .option('--encoder <name>', 'small, small-bilstm, small-transformer or small-cnn', 'small')
            .option('--epochs <n>', 'teacher recognizer epochs')
            .option('--evaluator-epochs <n>', 'teacher similarity evaluator epochs')
            .option('--student-epochs <n>', 'student epochs')
            .option('--no-vocab-filter', "keep source words that are the target's everyday words (see train-teacher --target-text)")
            .option('--no-alpha', 'ablation: α = 1')
            .option('--no-beta', 'ablation: β = 1')
            .option('--no-gamma', 'ablation: γ = 1')
            .option('--kd [kind]', 'ablation: plain single-teacher distillation, mse (default) or kl')
            .option('--no-extend-vocab', 'keep the teacher vocabulary (target words stay unknown)')
            .option('--from-scratch', "start the student from fresh weights instead of the teacher's")
            .option('--json', 'print one JSON object with the scores, speeds and time'),
          "the teachers' predictions on --target before distilling, and over --target-test when scoring (the *_consistent scores)",
          { on: true, gazetteerDefault: ' (default: the --source files)' },
        ),
      ),
    ),
  ).action(async (opts: Options) => {
    const started = performance.now();
    const quiet = opts.quiet === true;
    const encoder = encoderConfig(opts.encoder);
    const kd = kdOption(opts.kd);
    const epochs = intOption(opts.epochs, '--epochs', 1);
    const evaluatorEpochs = intOption(opts.evaluatorEpochs, '--evaluator-epochs', 0);
    const studentEpochs = intOption(opts.studentEpochs, '--student-epochs', 0);
    const seed = intOption(opts.seed, '--seed', 0);
    const sources = loadSources(io, opts.source, opts);
    const perSource = opts.teacherPerSource === true;
    if (perSource) checkSameLabels(sources);
    const target = loadDataset(io, opts.target, { labelled: false, flag: '--target' }).data;
    const dev = loadDataset(io, opts.targetDev, { labelled: true, flag: '--target-dev' }).data;
    const test = loadDataset(io, opts.targetTest, { labelled: true, flag: '--target-test' }).data;
    const dictionary = studentDictionaryOption(io, opts);
    const types = typeOptions(
      io,
      opts,
      sources.flatMap((s) => s.data),
    );
    const backend = await startBackend(io, opts.backend, quiet);
    const out = resolve(io.cwd, opts.out);
    const checkpointDir = opts.checkpointDir ? resolve(io.cwd, opts.checkpointDir) : undefined;
    const onProgress = progressPrinter(io, quiet);
    const weights: MtmtWeights = { alpha: opts.alpha, beta: opts.beta, gamma: opts.gamma };
    const teachers: NerModel[] = [];
    let student: NerModel | null = null;
    try {
      const common = { seed, resume: opts.resume === true, onProgress };
      // Each teacher of --teacher-per-source checkpoints in its own folder: the stage names repeat.
      const groups = perSource ? sources.map((s) => [s]) : [sources];
      for (const [k, group] of groups.entries()) {
        const dir = checkpointDir && groups.length > 1 ? join(checkpointDir, `teacher-${k + 1}`) : checkpointDir;
        const teacherOpts = {
          ...common,
          checkpointDir: dir,
          dev,
          selectOn: 'target-dev',
          targetText: target,
          vocabFilter: opts.vocabFilter,
          targetCasing: opts.targetCasing,
          encoder,
          epochs,
          evaluatorEpochs,
        };
        teachers.push(await cancellable((signal) => trainTeacher({ ...teacherOpts, ...teacherData(group), signal }), opts.checkpointDir));
        saveModel(teachers[k]!, join(out, groups.length > 1 ? `teacher-${k + 1}` : 'teacher'));
      }
      student = await cancellable(
        (signal) =>
          distillStudent({
            ...common,
            checkpointDir,
            signal,
            teacher: teachers,
            target,
            dev,
            selectOn: 'target-dev',
            epochs: studentEpochs,
            weights,
            kd,
            fromScratch: opts.fromScratch === true,
            extendVocab: opts.extendVocab,
            dictionary,
            types,
          }),
        opts.checkpointDir,
      );
      saveModel(student, join(out, 'student'));
      const teacherReports = teachers.map((t) => evaluateModel(t, test));
      const teachersF1 = teacherReports.map((r) => r.f1);
      const teacherF1 = teachersF1[0]!;
      const studentReport = evaluateModel(student, test);
      const studentF1 = studentReport.f1;
      // Unless --no-consistent-types: the same models with types harmonised over the test set too.
      const consistent = types
        ? { teacher: evaluateModel(teachers[0]!, test, { types }).f1, student: evaluateModel(student, test, { types }).f1 }
        : null;
      const stages = student.summary?.stages ?? [];
      const stage = (name: string) => stages.find((s) => s.stage === name);
      const result = {
        teacher_f1: teacherF1,
        student_f1: studentF1,
        ...precisionAndSpans('teacher', teacherReports[0]!),
        ...precisionAndSpans('student', studentReport),
        teacher_f1_consistent: consistent?.teacher ?? null,
        student_f1_consistent: consistent?.student ?? null,
        consistent_types: types ? { gazetteer_sentences: types.gazetteer?.length ?? 0 } : null,
        teacher_dev_f1: stage('teacher-recognizer')?.bestScore ?? null,
        student_dev_f1: stage('student')?.bestScore ?? null,
        backend,
        encoder: opts.encoder,
        weights,
        kd,
        extend_vocab: opts.extendVocab,
        vocab_filter: opts.vocabFilter,
        target_casing: targetCasingReport(teachers[0]!),
        teachers_f1: teachersF1,
        sources: sourcesReport(sources),
        teacher_per_source: perSource,
        code_switch: codeSwitchReport(sources),
        init_from_dictionary: opts.initFromDictionary ?? null,
        seed: seed ?? 1,
        recognizer_tok_s: meanTps(stage('teacher-recognizer')),
        evaluator_tok_s: meanTps(stage('teacher-evaluator')),
        student_tok_s: meanTps(stage('student')),
        wall_s: Math.round((performance.now() - started) / 100) / 10,
      };
      if (opts.json === true) {
        io.stdout(`${JSON.stringify(result)}\n`);
      } else {
        io.stdout(
          `teacher F1 ${teachersF1.map((f) => f.toFixed(4)).join(', ')}, student F1 ${studentF1.toFixed(4)} on ${opts.targetTest} (backend ${backend}, ${result.wall_s} s)\n`,
        );
        for (const s of stages) io.stdout(`  ${stageLine(s)}\n`);
        io.stdout(`  models in ${opts.out}/${teachers.length > 1 ? 'teacher-1 ...' : 'teacher'} and ${opts.out}/student\n`);
      }
    } finally {
      for (const t of teachers) t.dispose();
      student?.dispose();
    }
  });
};

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

/** The code-switching settings (shared by every dictionary) and the dictionaries, or null without. */
function codeSwitchReport(sources: ReturnType<typeof loadSources>): Record<string, unknown> | null {
  const cs = sources.find((s) => s.codeSwitch)?.codeSwitch;
  if (!cs) return null;
  const dictionaries = sources.map((s) => s.dictionary);
  return { dictionary: dictionaries.length === 1 ? dictionaries[0] : dictionaries, p: cs.p, mode: cs.mode, keep_names: cs.keepNames };
}
