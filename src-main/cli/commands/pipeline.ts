// `crosstag pipeline --source FILE --target FILE --target-dev FILE --target-test FILE --out DIR`:
// the whole zero-shot experiment. Trains the teacher on the source (epochs selected on target dev,
// as the paper does), distils the student on the target text, scores both on the target test set
// and prints one JSON object (with --json) for scripts and benchmarks. --dictionary code-switches
// the teacher's source sentences, --init-from-dictionary seeds the student's added target words.

import { join, resolve } from 'node:path';
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
  codeSwitchOption,
  studentDictionaryOption,
  type StudentDictionaryFlags,
  type TeacherDictionaryFlags,
} from './dictionary-options.js';
import { intOption, loadDataset, progressPrinter, startBackend } from './ml-common.js';
import { addTrainingOptions, cancellable, stageLine } from './train-teacher.js';

interface Options extends TeacherDictionaryFlags, StudentDictionaryFlags {
  source: string;
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
        program
          .command('pipeline')
          .description('teacher on the source, student on the target, both scored on the target test set')
          .requiredOption('--source <file>', 'labelled source training corpus')
          .requiredOption('--target <file>', 'unlabelled target text (a corpus whose tags are ignored, or plain text)')
          .requiredOption('--target-dev <file>', 'labelled target dev corpus: selects the epochs of every stage')
          .requiredOption('--target-test <file>', 'labelled target test corpus: the reported scores')
          .requiredOption('--out <dir>', 'folder for the teacher/ and student/ models')
          .option('--encoder <name>', 'small, small-bilstm, small-transformer or small-cnn', 'small')
          .option('--epochs <n>', 'teacher recognizer epochs')
          .option('--evaluator-epochs <n>', 'teacher similarity evaluator epochs')
          .option('--student-epochs <n>', 'student epochs')
          .option('--no-vocab-filter', "keep source words that are the target's common lowercase words (see train-teacher --target-text)")
          .option('--no-alpha', 'ablation: α = 1')
          .option('--no-beta', 'ablation: β = 1')
          .option('--no-gamma', 'ablation: γ = 1')
          .option('--kd [kind]', 'ablation: plain single-teacher distillation, mse (default) or kl')
          .option('--no-extend-vocab', 'keep the teacher vocabulary (target words stay unknown)')
          .option('--from-scratch', "start the student from fresh weights instead of the teacher's")
          .option('--json', 'print one JSON object with the scores, speeds and time'),
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
    const source = loadDataset(io, opts.source, { labelled: true, flag: '--source' }).data;
    const target = loadDataset(io, opts.target, { labelled: false, flag: '--target' }).data;
    const dev = loadDataset(io, opts.targetDev, { labelled: true, flag: '--target-dev' }).data;
    const test = loadDataset(io, opts.targetTest, { labelled: true, flag: '--target-test' }).data;
    const codeSwitch = codeSwitchOption(io, opts);
    const dictionary = studentDictionaryOption(io, opts);
    const backend = await startBackend(io, opts.backend, quiet);
    const out = resolve(io.cwd, opts.out);
    const checkpointDir = opts.checkpointDir ? resolve(io.cwd, opts.checkpointDir) : undefined;
    const onProgress = progressPrinter(io, quiet);
    const weights: MtmtWeights = { alpha: opts.alpha, beta: opts.beta, gamma: opts.gamma };
    let teacher: NerModel | null = null;
    let student: NerModel | null = null;
    try {
      const common = { seed, checkpointDir, resume: opts.resume === true, onProgress };
      teacher = await cancellable((signal) => trainTeacher({ ...common, signal, train: source, dev, selectOn: 'target-dev', targetText: opts.vocabFilter ? target : undefined, encoder, epochs, evaluatorEpochs, codeSwitch }), opts.checkpointDir);
      saveModel(teacher, join(out, 'teacher'));
      const t = teacher;
      student = await cancellable(
        (signal) => distillStudent({ ...common, signal, teacher: t, target, dev, selectOn: 'target-dev', epochs: studentEpochs, weights, kd, fromScratch: opts.fromScratch === true, extendVocab: opts.extendVocab, dictionary }),
        opts.checkpointDir,
      );
      saveModel(student, join(out, 'student'));
      const teacherF1 = evaluateModel(teacher, test).f1;
      const studentF1 = evaluateModel(student, test).f1;
      const stages = student.summary?.stages ?? [];
      const stage = (name: string) => stages.find((s) => s.stage === name);
      const result = {
        teacher_f1: teacherF1,
        student_f1: studentF1,
        teacher_dev_f1: stage('teacher-recognizer')?.bestScore ?? null,
        student_dev_f1: stage('student')?.bestScore ?? null,
        backend,
        encoder: opts.encoder,
        weights,
        kd,
        extend_vocab: opts.extendVocab,
        vocab_filter: opts.vocabFilter,
        code_switch: codeSwitch ? { dictionary: opts.dictionary, p: codeSwitch.p, mode: codeSwitch.mode, keep_names: codeSwitch.keepNames } : null,
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
        io.stdout(`teacher F1 ${teacherF1.toFixed(4)}, student F1 ${studentF1.toFixed(4)} on ${opts.targetTest} (backend ${backend}, ${result.wall_s} s)\n`);
        for (const s of stages) io.stdout(`  ${stageLine(s)}\n`);
        io.stdout(`  models in ${opts.out}/teacher and ${opts.out}/student\n`);
      }
    } finally {
      teacher?.dispose();
      student?.dispose();
    }
  });
};
