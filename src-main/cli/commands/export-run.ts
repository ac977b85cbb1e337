// `crosstag export-run --db P --out DIR --encoder bert:<dir> ...`: a project's training run as a
// bundle for the PyTorch trainer (train.py in the bundle; torchrun or accelerate on a cluster).
// Takes the training options `pipeline` takes, applied to the project's sentences as the app's
// Train form applies them; the bundle's README lists the commands that train it.

import { resolve } from 'node:path';
import type { TrainingConfig } from '../../contract/api.js';
import type { Split } from '../../contract/entities.js';
import { exportProjectBundle } from '../../core/bundle/index.js';
import { STUDENT_DEFAULTS, TEACHER_DEFAULTS } from '../../core/ml/index.js';
import { appVersion } from '../../core/service/index.js';
import { openStore, type Store } from '../../core/store/index.js';
import { CliError, type CliCommand } from '../io.js';
import { DEFAULT_CODE_SWITCH } from '../../core/pipeline/index.js';
import { collect } from './dictionary-options.js';
import { kdOption } from './training-options.js';
import { intOption, numberOption } from './ml-common.js';

interface Options {
  db: string;
  out: string;
  sourceLang?: string[];
  targetLang: string;
  sourceSplit?: string[];
  encoder: string;
  epochs?: string;
  evaluatorEpochs?: string;
  studentEpochs?: string;
  teacherOnly?: boolean;
  seed?: string;
  batchSize?: string;
  lr?: string;
  studentLr?: string;
  alpha: boolean;
  beta: boolean;
  gamma: boolean;
  kd?: boolean | string;
  fromScratch?: boolean;
  selectOn: string;
  useTargetGold?: boolean;
  dictionary?: string[];
  codeSwitch?: string;
  keepNames?: boolean;
  translateTrain?: boolean;
  consistentTypes: boolean;
  targetCasing: boolean;
  encoderCopy: boolean;
  json?: boolean;
}

const SPLITS: readonly Split[] = ['train', 'dev', 'test', 'unlabelled'];

/** Project dictionaries by name or id. */
function dictionaryIds(store: Store, given: readonly string[]): number[] {
  const all = store.dictionaries.list();
  return given.map((g) => {
    const hit = all.find((d) => String(d.id) === g || d.name === g);
    if (!hit)
      throw new CliError(`--dictionary: no dictionary "${g}" in the project (it has: ${all.map((d) => d.name).join(', ') || 'none'})`);
    return hit.id;
  });
}

function probability(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const p = Number(value);
  if (value.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1)
    throw new CliError(`--code-switch must be a number between 0 and 1, not "${value}"`);
  return p;
}

function trainingConfig(store: Store, opts: Options): TrainingConfig {
  const splits = (opts.sourceSplit ?? ['train']).map((s) => {
    if (!(SPLITS as readonly string[]).includes(s)) throw new CliError(`--source-split must be one of ${SPLITS.join(', ')}, not "${s}"`);
    return s as Split;
  });
  if (opts.selectOn !== 'target-dev' && opts.selectOn !== 'source-dev')
    throw new CliError(`--select-on must be target-dev or source-dev, not "${opts.selectOn}"`);
  const languages = store.project.languages().map((l) => l.code);
  const sourceLangs = opts.sourceLang ?? languages.filter((l) => l !== opts.targetLang);
  const dictionaries = dictionaryIds(store, opts.dictionary ?? []);
  if (dictionaries.length === 0 && (opts.codeSwitch !== undefined || opts.keepNames || opts.translateTrain)) {
    throw new CliError(
      `${opts.codeSwitch !== undefined ? '--code-switch' : opts.keepNames ? '--keep-names' : '--translate-train'} needs --dictionary`,
    );
  }
  return {
    sourceLangs,
    sourceSplits: splits,
    targetLang: opts.targetLang,
    mode: opts.teacherOnly ? 'teacher' : 'pipeline',
    encoder: opts.encoder,
    epochs: intOption(opts.epochs, '--epochs', 1) ?? TEACHER_DEFAULTS.epochs,
    studentEpochs: intOption(opts.studentEpochs, '--student-epochs', 0) ?? STUDENT_DEFAULTS.epochs,
    alpha: opts.alpha,
    beta: opts.beta,
    gamma: opts.gamma,
    kd: opts.kd !== undefined && opts.kd !== false,
    selectOn: opts.selectOn,
    useTargetGold: opts.useTargetGold === true,
    seed: intOption(opts.seed, '--seed', 0) ?? 1,
    predictAfter: false,
    dictionaryIds: dictionaries,
    ...(dictionaries.length > 0
      ? { codeSwitch: probability(opts.codeSwitch) ?? DEFAULT_CODE_SWITCH, keepNames: opts.keepNames === true }
      : {}),
    consistentTypes: opts.consistentTypes,
    targetConventions: opts.targetCasing,
  };
}

export const exportRunCommand: CliCommand = (program, io) => {
  program
    .command('export-run')
    .description("write a project's training run as a bundle for the PyTorch trainer (torchrun, accelerate) on another machine")
    .requiredOption('--db <file>', 'project file')
    .requiredOption('--out <dir>', 'bundle folder to create (new or empty)')
    .requiredOption('--target-lang <code>', 'target language: its unlabelled sentences teach the student, its dev set selects epochs')
    .requiredOption(
      '--encoder <name>',
      'pretrained checkpoint folder: bert:<dir>[#freeze=N,max-length=N,stride=N,dropout=X] (BERT, XLM-R or DistilBERT)',
    )
    .option('--source-lang <code>', 'labelled source language; repeatable (default: every other language of the project)', collect)
    .option('--source-split <split>', 'splits of the source languages to train on; repeatable (default: train)', collect)
    .option('--epochs <n>', `teacher recognizer epochs (default ${TEACHER_DEFAULTS.epochs})`)
    .option('--evaluator-epochs <n>', `teacher similarity evaluator epochs (default ${TEACHER_DEFAULTS.evaluatorEpochs})`)
    .option('--student-epochs <n>', `student epochs (default ${STUDENT_DEFAULTS.epochs})`)
    .option('--teacher-only', 'train the teacher only (no student)')
    .option('--seed <n>', 'random seed (default 1)')
    .option('--batch-size <n>', 'sentences per global batch, over all processes (default 32)')
    .option('--lr <x>', 'peak learning rate of the teacher stages')
    .option('--student-lr <x>', 'peak learning rate of the student')
    .option('--no-alpha', 'ablation: α = 1')
    .option('--no-beta', 'ablation: β = 1')
    .option('--no-gamma', 'ablation: γ = 1')
    .option('--kd [kind]', 'ablation: plain single-teacher distillation, mse (default) or kl')
    .option('--from-scratch', "start the student from the checkpoint and a fresh head instead of the teacher's weights")
    .option('--select-on <set>', "dev set that selects each stage's best epoch: target-dev or source-dev", 'target-dev')
    .option('--use-target-gold', 'also train the teacher on labelled target sentences outside dev and test')
    .option('--dictionary <name>', 'project dictionary (name or id) for code-switching; repeatable, one per source language', collect)
    .option('--code-switch <p>', `chance that a word with a translation is switched, each epoch (default ${DEFAULT_CODE_SWITCH})`)
    .option('--keep-names', 'never switch words tagged as entities')
    .option('--translate-train', 'translate every word with a translation once instead of switching at random each epoch')
    .option('--no-consistent-types', "do not harmonise the teacher's entity types over the target text before distilling")
    .option('--no-target-casing', "keep the source's casing: do not write the source sentences with the target text's capitals")
    .option('--no-encoder-copy', 'leave the checkpoint out of the bundle (the README says how to fetch it)')
    .option('--json', 'print the bundle summary as one JSON object')
    .action((opts: Options) => {
      const store = openStore(resolve(io.cwd, opts.db));
      try {
        const config = trainingConfig(store, opts);
        const kd = kdOption(opts.kd);
        const report = exportProjectBundle(store, config, {
          dir: resolve(io.cwd, opts.out),
          overrides: {
            batchSize: intOption(opts.batchSize, '--batch-size', 1),
            evaluatorEpochs: intOption(opts.evaluatorEpochs, '--evaluator-epochs', 0),
            teacherLr: numberOption(opts.lr, '--lr'),
            studentLr: numberOption(opts.studentLr, '--student-lr'),
            kd: kd === false ? undefined : kd,
            fromScratch: opts.fromScratch === true,
            translateTrain: opts.translateTrain === true,
          },
          copyEncoder: opts.encoderCopy,
          createdBy: `Crosstag ${appVersion()}`,
        });
        if (opts.json === true) {
          io.stdout(`${JSON.stringify(report)}\n`);
          return;
        }
        const s = report.sentences;
        io.stdout(
          `bundle written to ${report.dir}: ${s.source} labelled, ${s.target} target, ${s.dev} dev sentences, ${s.links} linked pairs\n`,
        );
        io.stdout(`train it from that folder (see its README.md):\n  ${report.commands.cpu}\n  ${report.commands.gpus}\n`);
        io.stdout(`then bring the student back:\n  ${report.commands.importBack}\n`);
      } finally {
        store.close();
      }
    });
};
