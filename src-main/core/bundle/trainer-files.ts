// The PyTorch trainer shipped with the app (resources/trainer: train.py and the crosstag_trainer
// package), found from this module's location in the repository, the installed package or the
// app bundle, and copied into training bundles. Files are read and written rather than copied,
// so the source may sit inside Electron's app.asar.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreError } from '../errors.js';

export const TRAINER_ENTRY = 'train.py';
export const TRAINER_PACKAGE = 'crosstag_trainer';

/** resources/trainer of this installation (the first folder up from here that holds it). */
export function trainerSourceDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'resources', 'trainer');
    if (existsSync(path.join(candidate, TRAINER_ENTRY))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new CoreError('INTERNAL', 'cannot find the PyTorch trainer (resources/trainer) of this installation');
    dir = up;
  }
}

/** Copies train.py and the package's .py files into `to`; returns the paths written, relative to it. */
export function copyTrainer(to: string, from = trainerSourceDir()): string[] {
  const written: string[] = [];
  const copy = (rel: string) => {
    mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    writeFileSync(path.join(to, rel), readFileSync(path.join(from, rel)));
    written.push(rel);
  };
  copy(TRAINER_ENTRY);
  for (const name of readdirSync(path.join(from, TRAINER_PACKAGE)).sort()) {
    if (name.endsWith('.py')) copy(path.join(TRAINER_PACKAGE, name));
  }
  return written;
}
