// `crosstag embed --model DIR --text "…" [--json]`: a checkpoint folder's tokens for a text
// (special tokens included), their ids, and the last hidden state of each (BERT, XLM-R, RoBERTa
// or DistilBERT in hub layout: config.json, model.safetensors, tokenizer.json or vocab.txt).

import { resolve } from 'node:path';
import { embedText } from '../../core/ml/index.js';
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
      .description("print a pretrained checkpoint folder's tokens, token ids and last hidden state for a text")
      .requiredOption('--model <dir>', 'checkpoint folder with config.json, model.safetensors and tokenizer.json (or vocab.txt)')
      .requiredOption('--text <text>', 'the text to embed')
      .option('--json', 'print {"tokens": [...], "ids": [...], "hidden": [[...], ...]}'),
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
    io.stdout(`${t.padEnd(width)} ${String(result.ids[i]).padStart(7)}  ${preview}${row.length > PREVIEW ? ' …' : ''}\n`);
  });
  io.stdout(`${result.tokens.length} tokens x ${result.hidden[0]?.length ?? 0} values\n`);
}
