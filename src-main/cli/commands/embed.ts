// `crosstag embed --model DIR --text "…" [--json]`: the WordPiece tokens of a text and the last
// hidden state of a BERT checkpoint folder (config.json, vocab.txt, model.safetensors) for each.

import { resolve } from 'node:path';
import { embedText } from '../../core/ml/encoders/bert/index.js';
import type { CliCommand, CliIo } from '../io.js';
import { addBackendOptions, startBackend } from './ml-common.js';

interface Options {
  model: string;
  text: string;
  json?: boolean;
  backend?: string;
  threads?: string;
}

/** Shown per token without --json: the first few of its values. */
const PREVIEW = 4;

export const embedCommand: CliCommand = (program, io) => {
  addBackendOptions(
    program
      .command('embed')
      .description("print a BERT checkpoint folder's word pieces and last hidden state for a text")
      .requiredOption('--model <dir>', 'checkpoint folder with config.json, vocab.txt and model.safetensors')
      .requiredOption('--text <text>', 'the text to embed')
      .option('--json', 'print {"tokens": [...], "hidden": [[...], ...]}'),
  ).action(async (opts: Options) => {
    await runEmbed(io, opts);
  });
};

async function runEmbed(io: CliIo, opts: Options): Promise<void> {
  await startBackend(io, opts, opts.json === true);
  const result = await embedText(resolve(io.cwd, opts.model), opts.text);
  if (opts.json) {
    io.stdout(`${JSON.stringify(result)}\n`);
    return;
  }
  const width = Math.max(...result.tokens.map((t) => [...t].length));
  result.tokens.forEach((t, i) => {
    const row = result.hidden[i]!;
    const preview = row
      .slice(0, PREVIEW)
      .map((x) => x.toFixed(4).padStart(8))
      .join(' ');
    io.stdout(`${t.padEnd(width)}  ${preview}${row.length > PREVIEW ? ' …' : ''}\n`);
  });
  io.stdout(`${result.tokens.length} tokens x ${result.hidden[0]?.length ?? 0} values\n`);
}
