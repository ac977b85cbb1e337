// `crosstag project ...`: create a project file, import into it, export from it, count it.

import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Split } from '../../contract/entities.js';
import { createProject, exportText, labelConfigPath, runImport, writeExport } from '../../core/service/index.js';
import type { Store } from '../../core/store/index.js';
import { LABEL_NAME, LANG_CODE, openStore } from '../../core/store/index.js';
import { CliError, printWarnings, type CliCommand, type CliIo } from '../io.js';
import { FORMATS, formatOption, schemeOption } from '../options.js';

const SPLITS: readonly Split[] = ['train', 'dev', 'test', 'unlabelled'];

function splitOption(value: string | undefined, fallback: Split): Split {
  if (value === undefined) return fallback;
  if ((SPLITS as readonly string[]).includes(value)) return value as Split;
  throw new CliError(`--split must be one of ${SPLITS.join(', ')}, not "${value}"`);
}

function langOption(value: string | undefined): string {
  if (value === undefined) throw new CliError('--lang is required, e.g. --lang en');
  if (!LANG_CODE.test(value)) throw new CliError(`--lang must be a language code such as en, es or pt-BR, not "${value}"`);
  return value;
}

function withStore<T>(io: CliIo, db: string, work: (store: Store) => T): T {
  const store = openStore(resolve(io.cwd, db));
  try {
    return work(store);
  } finally {
    store.close();
  }
}

/** `all`, a model id, or a model's name (the newest of that name). */
function modelOption(store: Store, value: string): number | 'all' {
  if (value === 'all') return value;
  const models = store.models.list();
  const found = /^\d+$/.test(value) ? models.find((m) => m.id === Number(value)) : models.find((m) => m.name === value);
  if (found === undefined) {
    const known = models.map((m) => `${m.id} "${m.name}"`).join(', ');
    throw new CliError(`--predictions: no model "${value}" in this project (${known === '' ? 'it has none' : `models: ${known}`})`);
  }
  return found.id;
}

function create(project: Command, io: CliIo): void {
  project
    .command('create')
    .description('create a new, empty project file')
    .argument('<db>', 'project file to create')
    .requiredOption('--name <name>', 'project name')
    .option('--labels <labels>', 'comma-separated label set', 'PER,ORG,LOC,MISC')
    .action((db: string, opts: { name: string; labels: string }) => {
      const labels = opts.labels.split(',').map((l) => l.trim());
      const bad = labels.find((l) => !LABEL_NAME.test(l));
      if (bad !== undefined) throw new CliError(`--labels: "${bad}" is not a label name (letters, digits, '_', '.' or '-')`);
      createProject(resolve(io.cwd, db), opts.name, labels).close();
      io.stdout(`created ${db} with labels ${labels.join(', ')}\n`);
    });
}

function importCmd(project: Command, io: CliIo): void {
  project
    .command('import')
    .description('import a corpus file into a project, all or nothing')
    .argument('<db>', 'project file')
    .argument('<file>', 'corpus file (CoNLL, JSONL, HF JSONL, plain text, Label Studio JSON or JSON-MIN, WebAnno TSV 3)')
    .option('--lang <code>', 'language of the file')
    .option('--split <split>', 'train, dev, test or unlabelled (default: train, or unlabelled with --unlabeled)')
    .option('--unlabeled', 'store the sentences as unlabelled, ignoring any tags and predictions')
    .option('--format <format>', `${FORMATS.join(', ')} (default: detected)`)
    .action((db: string, file: string, opts: { lang?: string; split?: string; unlabeled?: boolean; format?: string }) => {
      const lang = langOption(opts.lang);
      const unlabelled = opts.unlabeled === true;
      const split = splitOption(opts.split, unlabelled ? 'unlabelled' : 'train');
      const format = formatOption(opts.format, '--format');
      const summary = withStore(io, db, (store) =>
        runImport(store, { source: { kind: 'path', path: file }, lang, split, unlabelled, format }, (p) => resolve(io.cwd, p)),
      );
      printWarnings(io, summary.warnings);
      const entities = Object.entries(summary.entities)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([t, n]) => `${t} ${n}`)
        .join(', ');
      const predicted = summary.predicted > 0 ? `, ${summary.predicted} with predictions` : '';
      io.stdout(
        `imported ${summary.sentences} sentences (${summary.tokens} tokens${entities === '' ? '' : `; ${entities}`}${predicted}) into ${lang}/${split}\n`,
      );
    });
}

function exportCmd(project: Command, io: CliIo): void {
  project
    .command('export')
    .description("write a language's sentences to a corpus file")
    .argument('<db>', 'project file')
    .argument('<out>', 'file to write')
    .option('--lang <code>', 'language to export')
    .option('--split <split>', 'only this split (default: all)')
    .option('--format <format>', FORMATS.join(', '), 'conll')
    .option('--scheme <scheme>', 'iob1, iob2 or bioes for CoNLL and HF (default: iob2)')
    .option(
      '--predictions <model>',
      'labelstudio: write this model\'s predictions (id or name, or "all") as pre-annotations; none by default',
    )
    .action((db: string, out: string, opts: { lang?: string; split?: string; format: string; scheme?: string; predictions?: string }) => {
      const lang = langOption(opts.lang);
      const split = opts.split === undefined ? undefined : splitOption(opts.split, 'train');
      const format = formatOption(opts.format, '--format')!;
      const scheme = schemeOption(opts.scheme);
      if (opts.predictions !== undefined && format !== 'labelstudio') throw new CliError('--predictions needs --format labelstudio');
      const target = resolve(io.cwd, out);
      const result = withStore(io, db, (store) => {
        if (target === store.path || labelConfigPath(target) === store.path) {
          throw new CliError('refusing to export over the project file itself');
        }
        const predictions = opts.predictions === undefined ? undefined : modelOption(store, opts.predictions);
        return exportText(store, { lang, split, format, scheme, predictions });
      });
      const written = writeExport(target, result);
      printWarnings(io, result.notes);
      const predicted = result.predicted > 0 ? ` (${result.predicted} with predictions)` : '';
      const config = written.labelConfig === null ? '' : ` and the label config to ${written.labelConfig}`;
      io.stdout(`wrote ${result.sentences} sentences${predicted} to ${out}${config}\n`);
    });
}

function stats(project: Command, io: CliIo): void {
  project
    .command('stats')
    .description('sentence counts per language, split and status')
    .argument('<db>', 'project file')
    .option('--json', 'print one JSON object')
    .action((db: string, opts: { json?: boolean }) => {
      const report = withStore(io, db, (store) => ({
        name: store.project.meta('name') ?? '',
        schemaVersion: store.schemaVersion,
        sentences: store.project.sentenceCount(),
        labels: store.project.labels().map((l) => l.name),
        languages: store.project.languages().map((l) => l.code),
        splits: store.sentences.counts(),
      }));
      if (opts.json === true) {
        io.stdout(`${JSON.stringify(report)}\n`);
        return;
      }
      const lines = [`${report.name}: ${report.sentences} sentences; labels ${report.labels.join(', ') || '(none)'}`];
      for (const s of report.splits) {
        lines.push(
          `${s.lang}/${s.split}: ${s.total} (unlabelled ${s.unlabelled}, predicted ${s.predicted}, gold ${s.gold}, corrected ${s.corrected})`,
        );
      }
      io.stdout(`${lines.join('\n')}\n`);
    });
}

export const projectCommand: CliCommand = (program, io) => {
  const project = program.command('project').description('create, fill, export and count project files');
  for (const add of [create, importCmd, exportCmd, stats]) add(project, io);
};
