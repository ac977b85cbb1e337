// `crosstag export-hf --model DIR --out DIR`: a model with a pretrained encoder as a Hugging Face
// token-classification folder that transformers' AutoModelForTokenClassification loads as it is.

import { resolve } from 'node:path';
import { exportHfFolder } from '../../core/ml/index.js';
import type { CliCommand } from '../io.js';

interface Options {
  model: string;
  out: string;
  json?: boolean;
}

export const exportHfCommand: CliCommand = (program, io) => {
  program
    .command('export-hf')
    .description('write a model (teacher or student with a pretrained encoder) as a Hugging Face token-classification folder')
    .requiredOption('--model <dir>', 'Crosstag model folder')
    .requiredOption('--out <dir>', 'folder to create (must not exist, or be empty)')
    .option('--json', 'print the report as JSON')
    .action((opts: Options) => {
      const report = exportHfFolder(resolve(io.cwd, opts.model), resolve(io.cwd, opts.out));
      if (opts.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else
        io.stdout(
          `${report.dir}: ${report.architecture} (${report.modelType}), labels ${report.labels.join(' ')}; files ${report.files.join(', ')}\n`,
        );
    });
};
