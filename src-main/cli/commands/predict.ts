// `crosstag predict --model DIR --in FILE --out FILE.conll`: tags a corpus (any tags in it are
// ignored) with a saved model, or with several (their mean probabilities), and writes CoNLL with
// IOB2 tags.

import { resolve } from 'node:path';
import { writeCorpus, type CorpusDocument } from '../../core/formats/index.js';
import { loadModel, predict, type NerModel } from '../../core/ml/index.js';
import { tokenTexts } from '../../core/text/index.js';
import { writeOutput, type CliCommand } from '../io.js';
import { collect } from './dictionary-options.js';
import { addBackendOptions, loadDataset, startBackend } from './ml-common.js';
import { addTypeOptions, typeOptions, type TypeFlags } from './type-options.js';

interface Options extends TypeFlags {
  model: string[];
  in: string;
  out: string;
  backend?: string;
  threads?: string;
  quiet?: boolean;
}

export const predictCommand: CliCommand = (program, io) => {
  const cmd = addBackendOptions(
    program
      .command('predict')
      .description('tag a corpus with a saved model and write CoNLL (IOB2)')
      .requiredOption(
        '--model <dir>',
        "model folder (teacher or student); repeatable: the models' mean probabilities are decoded, as for an ensemble of teachers",
        collect,
      )
      .requiredOption('--in <file>', 'text or corpus to tag; its own tags are ignored')
      .requiredOption('--out <file>', 'CoNLL file to write'),
  ).option('--quiet', 'no backend line on stderr');
  addTypeOptions(cmd, 'the whole --in file').action(async (opts: Options) => {
    const { corpus } = loadDataset(io, opts.in, { labelled: false, flag: '--in' });
    const types = typeOptions(io, opts);
    await startBackend(io, opts, opts.quiet === true);
    const models: NerModel[] = [];
    try {
      for (const dir of opts.model) models.push(loadModel(resolve(io.cwd, dir)));
      // One call over the whole file, so that type harmonisation sees every occurrence.
      const kept = corpus.documents.map((doc) => ({ name: doc.name, sentences: doc.sentences.filter((s) => s.tokens.length > 0) }));
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
      writeOutput(io, opts.out, writeCorpus(docs, { format: 'conll', scheme: 'iob2' }));
      if (opts.quiet !== true)
        io.stderr(
          `crosstag: ${entities} entities in ${docs.reduce((n, d) => n + d.sentences.length, 0)} sentences written to ${opts.out}\n`,
        );
    } finally {
      for (const m of models) m.dispose();
    }
  });
};
