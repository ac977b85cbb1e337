// `crosstag convert IN OUT`: rewrite a corpus in another format or tag scheme.

import type { CorpusFormat } from '../../contract/entities.js';
import { corpusStats, readCorpus, writeCorpus } from '../../core/formats/index.js';
import { printWarnings, readInput, writeOutput, type CliCommand } from '../io.js';
import { formatOption, schemeOption } from '../options.js';

/** Output format from the file name when --to is not given; CoNLL for anything unknown. */
function formatFromName(file: string): CorpusFormat {
  return /\.(jsonl|ndjson|json)$/i.test(file) ? 'jsonl' : 'conll';
}

export const convertCommand: CliCommand = (program, io) => {
  program
    .command('convert')
    .description('convert a corpus file to another format or tag scheme')
    .argument('<in>', 'input corpus file')
    .argument('<out>', 'output file (written whole or not at all)')
    .option('--from <format>', 'input format: conll, jsonl, hf or text (default: detected)')
    .option('--to <format>', 'output format: conll, jsonl, hf or text (default: from the output name)')
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
      writeOutput(io, output, content);
      const stats = corpusStats(corpus);
      const schemeNote = to === 'conll' || to === 'hf' ? `, ${usedScheme}` : '';
      io.stdout(`wrote ${stats.sentences} sentences in ${stats.documents} documents to ${output} (${to}${schemeNote})\n`);
    });
};
