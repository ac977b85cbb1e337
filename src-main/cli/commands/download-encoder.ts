// `crosstag download-encoder REPO [--dir DIR]`: a checkpoint folder from the Hugging Face hub
// (config.json, the tokenizer files the repo has, model.safetensors), resumable and verified,
// then checked like an added folder. Without a REPO, --list prints the recommended encoders.

import { resolve } from 'node:path';
import { downloadEncoder, folderEncoderName, recommendedEncoders, type DownloadProgress } from '../../core/ml/index.js';
import { CliError, type CliCommand, type CliIo } from '../io.js';

interface Options {
  dir?: string;
  revision?: string;
  endpoint?: string;
  list?: boolean;
  json?: boolean;
  quiet?: boolean;
}

const MB = 1e6;

function progressLine(io: CliIo, quiet: boolean): (p: DownloadProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (quiet || (now - last < 2000 && p.received !== p.total)) return;
    last = now;
    const total = p.total === null ? '' : ` of ${(p.total / MB).toFixed(1)} MB`;
    io.stderr(`crosstag: ${p.file}: ${(p.received / MB).toFixed(1)} MB${total}\n`);
  };
}

function printList(io: CliIo, json: boolean): void {
  const list = recommendedEncoders();
  if (json) {
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  for (const e of list) {
    const f1 = e.published
      ? `zero-shot CoNLL F1 de ${e.published.de}, es ${e.published.es}, nl ${e.published.nl} (${e.published.source})`
      : e.publishedNote;
    const memory = e.memory.map((m) => `${m.backend} ${(m.bytes / 2 ** 30).toFixed(1)} GiB (${m.note})`).join('; ');
    io.stdout(
      `${e.repo}\n  ${e.name}: ${e.description}\n  ${(e.parameters / 1e6).toFixed(0)}M parameters, download about ${(e.downloadBytes / 1e9).toFixed(1)} GB\n` +
        `  teacher memory: ${memory}\n  ${f1}\n\n`,
    );
  }
}

export const downloadEncoderCommand: CliCommand = (program, io) => {
  program
    .command('download-encoder')
    .description('download a pretrained encoder (BERT, XLM-R, RoBERTa, DistilBERT) from the Hugging Face hub')
    .argument('[repo]', 'hub repository, such as FacebookAI/xlm-roberta-base')
    .option('--dir <dir>', 'folder to download into (default: the repository name with / as --)')
    .option('--revision <rev>', 'branch, tag or commit (default main)')
    .option('--endpoint <url>', 'hub address (default HF_ENDPOINT, else https://huggingface.co)')
    .option('--list', 'list the recommended multilingual encoders instead')
    .option('--json', 'print the report (or the list) as JSON')
    .option('--quiet', 'no progress lines on stderr')
    .action(async (repo: string | undefined, opts: Options) => {
      if (opts.list) return printList(io, opts.json === true);
      if (repo === undefined) throw new CliError('download-encoder needs a hub repository (or --list for the recommended ones)');
      const dir = resolve(io.cwd, opts.dir ?? repo.replace(/\//g, '--'));
      const report = await downloadEncoder({
        repo,
        dir,
        revision: opts.revision,
        endpoint: opts.endpoint,
        onProgress: progressLine(io, opts.quiet === true),
      });
      if (opts.json) {
        io.stdout(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const e = report.encoder;
      io.stdout(
        `${report.dir}: ${e.modelType}, ${e.layers} layers, hidden ${e.hidden}, ${e.tokenizer} tokenizer (${e.tokenizerFile}), ` +
          `${(e.parameters / 1e6).toFixed(1)}M parameters\ntrain with --encoder ${folderEncoderName(e)}\n`,
      );
    });
};
