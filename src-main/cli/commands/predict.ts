// `crosstag predict --model DIR --in FILE --out FILE.conll`: tags a corpus (any tags in it are
// ignored) with a saved model, or with several (their mean probabilities), and writes CoNLL with
// IOB2 tags. `--text "…"` tags one text instead and prints its words and tags; with --json, also
// the label list and each word's label probabilities. A model folder is Crosstag's own or a
// Hugging Face token-classification folder (export-hf's, or transformers' save_pretrained).

import { resolve } from 'node:path';
import { writeCorpus, type CorpusDocument } from '../../core/formats/index.js';
import { openModel, predict, type HarmonizeOptions, type NerModel } from '../../core/ml/index.js';
import { tokenize, tokenTexts } from '../../core/text/index.js';
import { CliError, writeOutput, type CliCommand, type CliIo } from '../io.js';
import { collect } from './dictionary-options.js';
import { addBackendOptions, loadDataset, startBackend } from './ml-common.js';
import { addTypeOptions, typeOptions, type TypeFlags } from './type-options.js';

interface Options extends TypeFlags {
  model: string[];
  in?: string;
  out?: string;
  text?: string;
  json?: boolean;
  backend?: string;
  threads?: string;
  quiet?: boolean;
}

export const predictCommand: CliCommand = (program, io) => {
  const cmd = program
    .command('predict')
    .description('tag a corpus with a saved model and write CoNLL (IOB2), or tag one --text')
    .requiredOption(
      '--model <dir>',
      "model folder (teacher, student, or a Hugging Face token-classification folder); repeatable: the models' mean probabilities are decoded, as for an ensemble of teachers",
      collect,
    )
    .option('--in <file>', 'text or corpus to tag; its own tags are ignored')
    .option('--out <file>', 'CoNLL file to write (with --in)')
    .option('--text <text>', "tag this text (split into words by Crosstag's word tokenizer) and print the result")
    .option('--json', 'with --text: print {"words", "labels", "probabilities", "tags", "entities"}')
    .option('--quiet', 'no backend line on stderr');
  addBackendOptions(cmd);
  addTypeOptions(cmd, 'the whole --in file').action(async (opts: Options) => {
    if (opts.text === undefined && (opts.in === undefined || opts.out === undefined))
      throw new CliError('predict needs --in and --out, or --text');
    if (opts.text !== undefined && (opts.in !== undefined || opts.out !== undefined))
      throw new CliError('give either --text or --in and --out, not both');
    if (opts.json && opts.text === undefined) throw new CliError('--json goes with --text (--in/--out write CoNLL)');
    const types = typeOptions(io, opts);
    const models: NerModel[] = [];
    try {
      if (opts.text !== undefined) {
        await startBackend(io, opts, opts.quiet === true || opts.json === true);
        for (const dir of opts.model) models.push(openModel(resolve(io.cwd, dir)));
        await predictText(io, models, opts.text, opts.json === true, types);
        return;
      }
      const { corpus } = loadDataset(io, opts.in!, { labelled: false, flag: '--in' });
      await startBackend(io, opts, opts.quiet === true);
      for (const dir of opts.model) models.push(openModel(resolve(io.cwd, dir)));
      await predictFile(io, models, corpus.documents, opts.out!, opts.quiet === true, types);
    } finally {
      for (const m of models) m.dispose();
    }
  });
};

async function predictText(
  io: CliIo,
  models: readonly NerModel[],
  text: string,
  json: boolean,
  types: HarmonizeOptions | undefined,
): Promise<void> {
  const words = tokenTexts(text, tokenize(text).tokens);
  if (words.length === 0) throw new CliError('--text has no words');
  const [p] = await predict(models, [words], { types });
  const result = {
    words,
    labels: [...models[0]!.labels],
    probabilities: p!.probs,
    tags: p!.tags,
    entities: p!.entities.map((e) => ({ ...e, text: words.slice(e.start, e.end).join(' ') })),
  };
  if (json) {
    io.stdout(`${JSON.stringify(result)}\n`);
    return;
  }
  for (let i = 0; i < words.length; i++) io.stdout(`${words[i]}\t${result.tags[i]}\n`);
}

async function predictFile(
  io: CliIo,
  models: readonly NerModel[],
  documents: readonly CorpusDocument[],
  out: string,
  quiet: boolean,
  types: HarmonizeOptions | undefined,
): Promise<void> {
  // One call over the whole file, so that type harmonisation sees every occurrence.
  const kept = documents.map((doc) => ({ name: doc.name, sentences: doc.sentences.filter((s) => s.tokens.length > 0) }));
  const predictions = await predict(
    models,
    kept.flatMap((d) => d.sentences.map((s) => tokenTexts(s.text, s.tokens))),
    { types },
  );
  let next = 0;
  let entities = 0;
  const docs: CorpusDocument[] = kept.map((doc) => ({
    name: doc.name,
    sentences: doc.sentences.map((s) => {
      const p = predictions[next++]!;
      entities += p.entities.length;
      return { ...s, spans: p.entities.map((e) => ({ start: e.start, end: e.end, label: e.label })) };
    }),
  }));
  writeOutput(io, out, writeCorpus(docs, { format: 'conll', scheme: 'iob2' }));
  if (!quiet)
    io.stderr(`crosstag: ${entities} entities in ${docs.reduce((n, d) => n + d.sentences.length, 0)} sentences written to ${out}\n`);
}
