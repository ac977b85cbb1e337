// Creating a new project file, shared by projects.create and `crosstag project create`.

import fs from 'node:fs';
import { CoreError } from '../errors.js';
import type { Store } from '../store/index.js';
import { openStore } from '../store/index.js';
import { checkLabels, defaultLabels } from '../store/project-repo.js';

export const DEFAULT_LABELS = ['PER', 'ORG', 'LOC', 'MISC'];

/** Creates `file` with a name and a label set (default PER, ORG, LOC, MISC); a failure leaves no file. */
export function createProject(file: string, name: string, labels: readonly string[] = DEFAULT_LABELS, nativeBinding?: string): Store {
  const labelSet = defaultLabels(labels);
  checkLabels(labelSet);
  if (name.trim() === '') throw new CoreError('BAD_REQUEST', 'the project needs a name');
  if (fs.existsSync(file)) throw new CoreError('CONFLICT', `${file} already exists; open it instead`);
  const store = openStore(file, { create: true, nativeBinding });
  try {
    store.db
      .transaction(() => {
        store.project.setMeta('name', name.trim());
        store.project.setLabels(labelSet);
      })
      .immediate();
    return store;
  } catch (err) {
    store.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    throw err;
  }
}
