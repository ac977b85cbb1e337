// `crosstag stats FILE`: sentence, token and entity counts of a corpus file.

import { corpusStats, readCorpus } from '../../core/formats/index.js';
import { printWarnings, readInput, type CliCommand } from '../io.js';
import { formatOption } from '../options.js';

export const statsCommand: CliCommand = (program, io) => {
  program
    .command('stats')
    .description('count sentences, tokens and entities (entities as seqeval reads the tags)')
    .argument('<file>', 'corpus file')
    .option('--format <format>', 'conll, jsonl, hf or text (default: detected)')
    .option('--json', 'print one JSON object')
    .action((file: string, opts: { format?: string; json?: boolean }) => {
      const format = formatOption(opts.format, '--format');
      const corpus = readCorpus(readInput(io, file), { file, format });
      printWarnings(io, corpus.warnings);
      const stats = corpusStats(corpus);
      if (opts.json === true) {
        const { sentences, tokens, entities, scheme } = stats;
        io.stdout(`${JSON.stringify({ sentences, tokens, entities, scheme })}\n`);
        return;
      }
      const n = (x: number): string => x.toLocaleString('en-US');
      const types = Object.entries(stats.entities);
      const total = types.reduce((sum, [, c]) => sum + c, 0);
      io.stdout(
        [
          `${file}: ${corpus.format}, ${corpus.encoding}, scheme ${stats.scheme ?? 'none (unlabelled)'}`,
          `documents  ${n(stats.documents)}`,
          `sentences  ${n(stats.sentences)} (${n(stats.labelled)} labelled)`,
          `tokens     ${n(stats.tokens)}`,
          `entities   ${n(total)}${types.length > 0 ? `: ${types.map(([t, c]) => `${t} ${n(c)}`).join(', ')}` : ''}`,
          '',
        ].join('\n'),
      );
    });
};
