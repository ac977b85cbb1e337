// The engine settings (Settings ▸ Compute backend): kept in a small JSON file beside the
// recent-projects list, and handed to every worker the ML service starts as environment
// (CROSSTAG_THREADS), which initBackend reads. A missing or damaged file means the defaults.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import type { EngineSettings } from '../../contract/entities.js';
import { writeFileAtomic } from '../files/index.js';

const stored = z.object({ threads: z.int().min(1).max(64).nullable().catch(null) });

export class EngineSettingsFile {
  private threads: number | null = null;

  /** Without a file the settings last as long as the process (tests, the CLI's demo core). */
  constructor(private readonly file: string | null) {
    if (file === null) return;
    try {
      this.threads = stored.parse(JSON.parse(readFileSync(file, 'utf8'))).threads;
    } catch {
      this.threads = null;
    }
  }

  get(): EngineSettings {
    return { threads: this.threads, cores: availableParallelism() };
  }

  set(threads: number | null): EngineSettings {
    if (this.file !== null) writeFileAtomic(this.file, `${JSON.stringify({ version: 1, threads }, null, 2)}\n`);
    this.threads = threads;
    return this.get();
  }

  /** Writes the settings into a worker environment (removing what no longer applies). */
  applyTo(env: Record<string, string>): void {
    if (this.threads === null) delete env['CROSSTAG_THREADS'];
    else env['CROSSTAG_THREADS'] = String(this.threads);
  }
}
