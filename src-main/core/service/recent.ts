// The recent-projects list, persisted as a small JSON file the shell chooses.

import fs from 'node:fs';
import path from 'node:path';
import type { RecentProject } from '../../contract/entities.js';
import { writeFileAtomic } from '../files/index.js';

const MAX_RECENT = 10;

type Stored = Omit<RecentProject, 'missing'>;

function isStored(x: unknown): x is Stored {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.path === 'string' && typeof r.name === 'string' && typeof r.sentences === 'number' && typeof r.lastOpened === 'string';
}

export class RecentProjects {
  constructor(private readonly file: string) {}

  private read(): Stored[] {
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { projects?: unknown };
      return Array.isArray(data.projects) ? data.projects.filter(isStored) : [];
    } catch {
      // A missing or damaged list only loses the shortcuts, never a project: start afresh.
      return [];
    }
  }

  private write(list: Stored[]): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileAtomic(this.file, JSON.stringify({ version: 1, projects: list }, null, 2));
  }

  list(): RecentProject[] {
    return this.read().map((r) => ({ ...r, missing: !fs.existsSync(r.path) }));
  }

  /** Moves the project to the top, with its current name and size. */
  touch(entry: Omit<Stored, 'lastOpened'>): void {
    const rest = this.read().filter((r) => r.path !== entry.path);
    this.write([{ ...entry, lastOpened: new Date().toISOString() }, ...rest].slice(0, MAX_RECENT));
  }

  /** Takes an entry off the list, by the path it was listed under; the project file is not touched. */
  forget(file: string): void {
    const list = this.read();
    const rest = list.filter((r) => r.path !== file);
    if (rest.length !== list.length) this.write(rest);
  }

  /** Updates name and size without reordering. */
  update(entry: Omit<Stored, 'lastOpened'>): void {
    const list = this.read();
    const hit = list.find((r) => r.path === entry.path);
    if (hit === undefined) return;
    hit.name = entry.name;
    hit.sentences = entry.sentences;
    this.write(list);
  }
}
