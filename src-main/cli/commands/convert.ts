// `crosstag convert IN OUT`: rewrite a corpus in another format or tag scheme.

import type { CorpusFormat } from '../../contract/entities.js';
import { corpusStats, labelStudioConfig, readCorpus, writeCorpus, type Corpus } from '../../core/formats/index.js';
import { labelConfigPath } from '../../core/service/index.js';
import { defaultLabels } from '../../core/store/index.js';
import { printWarnings, readInput, writeOutput, type CliCommand } from '../io.js';
import { FORMATS, formatOption, schemeOption } from '../options.js';

/** Output format from the file name when --to is not given; CoNLL for anything unknown. */
function formatFromName(file: string): CorpusFormat {
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  return /\.json$/i.test(file) ? 'labelstudio' : 'conll';
}

/** Every label the corpus uses, gold and predicted, in order of first use. */
function labelsOf(corpus: Corpus): string[] {
  const names = new Set<string>();
  for (const d of corpus.documents) {
    for (const s of d.sentences) for (const sp of [...(s.spans ?? []), ...(s.prediction?.spans ?? [])]) names.add(sp.label);
  }
  return [...names];
}

export const convertCommand: CliCommand = (program, io) => {
  const formats = FORMATS.join(', ');
  program
    .command('convert')
    .description('convert a corpus file to another format or tag scheme')
    .argument('<in>', 'input corpus file')
    .argument('<out>', 'output file (written whole or not at all); Label Studio output also writes OUT.label-config.xml')
    .option('--from <format>', `input format: ${formats} (default: detected)`)
    .option('--to <format>', `output format: ${formats} (default: from the output name: .json labelstudio, .jsonl jsonl, else conll)`)
    .option('--scheme <scheme>', 'tag scheme for conll and hf output: iob1, iob2 or bioes (default: the input scheme, else iob2)')
    .option('--no-docstart', 'conll output: no -DOCSTART- lines between documents')
    .action((input: string, output: string, opts: { from?: string; to?: string; scheme?: string; docstart: boolean }) => {
      const to = formatOption(opts.to, '--to') ?? formatFromName(output);
      const scheme = schemeOption(opts.scheme);
      const from = formatOption(opts.from, '--from');
      const corpus = readCorpus(readInput(io, input), { file: input, format: from });
      printWarnings(io, corpus.warnings);
      const usedScheme = scheme ?? corpus.scheme ?? 'iob2';
      const content = writeCorpus(corpus.documents, {
        format: to,
        scheme: usedScheme,
        includeDocstart: opts.docstart ? undefined : false,
      });
      let config = '';
      if (to === 'labelstudio' || to === 'labelstudio-min') {
        const file = labelConfigPath(output);
        writeOutput(io, file, labelStudioConfig(defaultLabels(labelsOf(corpus))));
        config = ` and its label config to ${file}`;
      }
      writeOutput(io, output, content);
      const stats = corpusStats(corpus);
      const schemeNote = to === 'conll' || to === 'hf' ? `, ${usedScheme}` : '';
      io.stdout(`wrote ${stats.sentences} sentences in ${stats.documents} documents to ${output} (${to}${schemeNote})${config}\n`);
    });
};
