// `crosstag import-model DIR --db P`: a model folder (a Crosstag model, or a run's teacher/ or
// student/ from the PyTorch trainer) copied into the project and listed with its models, as
// Models ▸ Import does: checked by loading it in the inference worker, its labels checked
// against the project's.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ModelInfo } from '../../contract/entities.js';
import { CoreError } from '../../core/errors.js';
import { nodeSpawner } from '../../core/jobs/index.js';
import { createCore, dispatch } from '../../core/service/index.js';
import type { CliCommand } from '../io.js';

interface Options {
  db: string;
  name?: string;
  json?: boolean;
}

export const importModelCommand: CliCommand = (program, io) => {
  program
    .command('import-model')
    .description('copy a model folder (Crosstag, or a Hugging Face token-classification folder from the PyTorch trainer) into a project')
    .argument('<dir>', 'the model folder (the one holding config.json), e.g. run/student')
    .requiredOption('--db <file>', 'project file')
    .option('--name <name>', 'name in the project (default: the folder name)')
    .option('--json', 'print the model as one JSON object')
    .action(async (dir: string, opts: Options) => {
      // A private recent list: importing is not the user opening the project in the app.
      const scratch = mkdtempSync(join(tmpdir(), 'crosstag-import-model-'));
      const core = createCore({ shell: 'web', recentFile: join(scratch, 'recent.json'), spawner: nodeSpawner({ echoStderr: false }) });
      try {
        const call = async <T>(method: string, params: unknown): Promise<T> => {
          const reply = await dispatch(core, method, params);
          if (!reply.ok) throw new CoreError(reply.error.code, reply.error.message);
          return reply.value as T;
        };
        await call('projects.open', { path: resolve(io.cwd, opts.db) });
        const model = await call<ModelInfo>('models.import', { path: resolve(io.cwd, dir), ...(opts.name ? { name: opts.name } : {}) });
        if (opts.json === true) io.stdout(`${JSON.stringify(model)}\n`);
        else io.stdout(`imported model ${model.id}, "${model.name}" (${model.kind}, ${model.encoder}), into ${opts.db}\n`);
      } finally {
        await core.close();
        rmSync(scratch, { recursive: true, force: true });
      }
    });
};
