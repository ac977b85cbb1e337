// Where a project's ML files live: a folder beside the project file, so a project moved together
// with its folder keeps its models. Model rows store paths relative to the project's folder when
// they lie inside it, and absolute paths otherwise.

import path from 'node:path';

/** `<db-dir>/<db-file>.crosstag/`: checkpoints, trained and imported models of one project. */
export function projectDataDir(dbPath: string): string {
  return path.join(path.dirname(dbPath), `${path.basename(dbPath)}.crosstag`);
}

export function runDir(dbPath: string, runId: number): string {
  return path.join(projectDataDir(dbPath), 'runs', String(runId));
}

export function checkpointDir(dbPath: string, runId: number): string {
  return path.join(runDir(dbPath, runId), 'checkpoints');
}

export function importedModelsDir(dbPath: string): string {
  return path.join(projectDataDir(dbPath), 'models');
}

/** The form a model folder is stored in: relative to the project file's folder when inside the data folder. */
export function storedModelDir(dbPath: string, dir: string): string {
  const abs = path.resolve(dir);
  const data = projectDataDir(dbPath);
  if (abs === data || abs.startsWith(data + path.sep)) return path.relative(path.dirname(dbPath), abs);
  return abs;
}

/** A stored model folder made absolute again. */
export function resolveModelDir(dbPath: string, stored: string): string {
  return path.isAbsolute(stored) ? stored : path.resolve(path.dirname(dbPath), stored);
}

/** True when `dir` lies inside the project's data folder (so deleting the model may delete it). */
export function ownedByProject(dbPath: string, dir: string): boolean {
  const abs = path.resolve(dir);
  return abs.startsWith(projectDataDir(dbPath) + path.sep);
}
