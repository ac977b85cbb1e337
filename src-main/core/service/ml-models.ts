// The models.* methods: list, rename, delete, export and import of model folders. A model row
// stores its folder relative to the project when the folder lives in the project's data folder;
// the UI always sees absolute paths.

import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../../contract/api.js';
import type { ModelInfo } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { copyFolder } from '../files/index.js';
import {
  importedModelsDir,
  ownedByProject,
  resolveModelDir,
  storedModelDir,
  type InferenceClient,
  type JobRunner,
  type ModelDescription,
} from '../jobs/index.js';
import { exportHfFolder } from '../ml/io/hf-export.js';
import type { Store } from '../store/index.js';
import type { MlContext } from './ml.js';

type ModelMethods = 'models.list' | 'models.rename' | 'models.delete' | 'models.export' | 'models.import';
type ModelHandlers = { [M in ModelMethods]: (params: Parameters<Handlers[M]>[0], ctx: MlContext) => ReturnType<Handlers[M]> };

export function withAbsoluteDir(store: Store, m: ModelInfo): ModelInfo {
  // An external model (imported predictions) has no folder: its dir stays empty.
  return m.kind === 'external' ? m : { ...m, dir: resolveModelDir(store.path, m.dir) };
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s === '' ? 'model' : s;
}

/** A model folder: at least the config.json that saveModel writes last. */
function requireModelFolder(dir: string): void {
  if (!existsSync(dir)) throw new CoreError('NOT_FOUND', `${dir}: no such folder`);
  if (!statSync(dir).isDirectory())
    throw new CoreError('BAD_REQUEST', `${dir} is a file; choose the model's folder (the one holding config.json)`);
  if (!existsSync(path.join(dir, 'config.json')))
    throw new CoreError('BAD_REQUEST', `${dir} has no config.json; it is not a Crosstag model folder`, { file: dir });
}

export function modelHandlers(runner: JobRunner, inference: InferenceClient): ModelHandlers {
  return {
    'models.list': async (_params, ctx) => {
      const store = ctx.store();
      return store.models.list().map((m) => withAbsoluteDir(store, m));
    },
    'models.rename': async ({ id, name }, ctx) => {
      const store = ctx.store();
      return withAbsoluteDir(store, store.models.rename(id, name));
    },
    'models.delete': async ({ id }, ctx) => {
      const store = ctx.store();
      const model = store.models.get(id);
      const live = runner.liveRun(store.path);
      if (live !== null && (model.runId === live || store.runs.get(live).config['modelId'] === id)) {
        throw new CoreError('CONFLICT', `model ${id} is in use by run ${live}; cancel it or wait for it to finish`);
      }
      store.models.delete(id);
      // Only folders the project made are removed; an imported original elsewhere stays. An
      // external model (imported predictions) has no folder at all.
      const dir = resolveModelDir(store.path, model.dir);
      if (model.kind !== 'external' && ownedByProject(store.path, dir)) rmSync(dir, { recursive: true, force: true });
      return { ok: true as const };
    },
    'models.export': async ({ id, path: target, format }, ctx) => {
      const store = ctx.store();
      const dir = resolveModelDir(store.path, store.models.runnable(id).dir);
      requireModelFolder(dir);
      // A Hugging Face folder is written from the model's files; a small model is refused there.
      if (format === 'huggingface') exportHfFolder(dir, target);
      else copyFolder(dir, target);
      return { path: target };
    },
    'models.import': async ({ path: source, name }, ctx) => {
      const store = ctx.store();
      requireModelFolder(source);
      // Loading it in the inference worker checks every file, shape and weight count.
      const description = await inference.request<ModelDescription>({ kind: 'describe', modelDir: source });
      const label = name ?? path.basename(path.resolve(source));
      const target = path.join(importedModelsDir(store.path), `${slug(label)}-${Date.now().toString(36)}`);
      copyFolder(source, target);
      try {
        const created = store.models.create({
          name: label,
          kind: description.kind,
          encoder: description.encoder,
          dir: storedModelDir(store.path, target),
          runId: null,
          metrics: description.metrics,
        });
        return withAbsoluteDir(store, created);
      } catch (err) {
        rmSync(target, { recursive: true, force: true });
        throw err;
      }
    },
  };
}
