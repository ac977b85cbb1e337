// `crosstag demo DB`: build the bundled demo project (WikiANN English labelled, Spanish
// unlabelled and Spanish dev; see resources/demo/ATTRIBUTION.md) into a project file.

import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportSummary, Split } from '../../contract/entities.js';
import type { Reply } from '../../contract/errors.js';
import { CoreError } from '../../core/errors.js';
import { createCore } from '../../core/service/index.js';
import { dispatch } from '../../core/service/index.js';
import { CliError, type CliCommand } from '../io.js';

export const DEMO_LABELS = ['PER', 'ORG', 'LOC'];

const LANGUAGES = [
  { code: 'en', name: 'English', direction: 'ltr' },
  { code: 'es', name: 'Spanish', direction: 'ltr' },
] as const;

const FILES: readonly { file: string; lang: string; split: Split; unlabelled: boolean }[] = [
  { file: 'en.train.conll', lang: 'en', split: 'train', unlabelled: false },
  { file: 'es.unlabelled.conll', lang: 'es', split: 'unlabelled', unlabelled: true },
  { file: 'es.dev.conll', lang: 'es', split: 'dev', unlabelled: false },
];

/** resources/demo of this installation (the repository, or the installed package). */
export function demoSourceDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new CliError('cannot find the Crosstag installation folder');
    dir = up;
  }
  return join(dir, 'resources', 'demo');
}

function value<T>(reply: Reply<unknown>): T {
  if (!reply.ok) throw new CoreError(reply.error.code, reply.error.message, reply.error);
  return reply.value as T;
}

export interface DemoSummary {
  path: string;
  imports: { file: string; lang: string; split: Split; sentences: number }[];
}

/**
 * Creates the demo project at `path`, all or nothing: it is built in a scratch folder next to it
 * and moved into place only when every import succeeded, so a failure leaves any existing file
 * as it was. An existing file is replaced only with `replace`.
 */
export async function createDemoProject(path: string, opts: { sourceDir?: string; replace?: boolean } = {}): Promise<DemoSummary> {
  const target = resolve(path);
  const sourceDir = opts.sourceDir ?? demoSourceDir();
  if (existsSync(target) && opts.replace !== true) throw new CliError(`${path} already exists`);
  mkdirSync(dirname(target), { recursive: true });
  // Same folder as the target, so the final rename never crosses file systems.
  const scratch = mkdtempSync(join(dirname(target), '.crosstag-demo-'));
  const building = join(scratch, 'demo.sqlite');
  // A private recent list: building the demo is not "opening a project" for the user.
  const core = createCore({ shell: 'web', recentFile: join(scratch, 'recent.json') });
  try {
    const call = async <T>(method: string, params: unknown): Promise<T> => value<T>(await dispatch(core, method, params));
    await call('projects.create', { path: building, name: 'Demo: WikiANN English → Spanish', labels: DEMO_LABELS });
    for (const lang of LANGUAGES) await call('languages.upsert', lang);
    const imports: DemoSummary['imports'] = [];
    for (const f of FILES) {
      const source = join(sourceDir, f.file);
      if (!existsSync(source)) throw new CliError(`demo data file ${source} is missing`);
      const summary = await call<ImportSummary>('imports.run', {
        source: { kind: 'path', path: source },
        lang: f.lang,
        split: f.split,
        unlabelled: f.unlabelled,
        format: 'conll',
      });
      imports.push({ file: f.file, lang: f.lang, split: f.split, sentences: summary.sentences });
    }
    await core.close();
    for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
    renameSync(building, target);
    return { path: target, imports };
  } finally {
    await core.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export const demoCommand: CliCommand = (program, io) => {
  program
    .command('demo')
    .description('create the demo project (WikiANN English labelled, Spanish unlabelled + dev)')
    .argument('<db>', 'the project file to create')
    .option('--if-missing', 'do nothing when the file already exists')
    .option('--force', 'replace an existing file')
    .action(async (db: string, opts: { ifMissing?: boolean; force?: boolean }) => {
      const target = resolve(io.cwd, db);
      if (existsSync(target)) {
        if (opts.ifMissing === true) {
          io.stdout(`demo project already exists: ${target}\n`);
          return;
        }
        if (opts.force !== true) throw new CliError(`${db} already exists (pass --force to replace it or --if-missing to keep it)`);
      }
      const summary = await createDemoProject(target, { replace: opts.force === true });
      for (const i of summary.imports) io.stdout(`${i.file}: ${i.sentences} sentences (${i.lang}, ${i.split})\n`);
      io.stdout(`demo project created: ${summary.path}\n`);
    });
};
