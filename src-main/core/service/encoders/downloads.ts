// encoders.download and encoders.cancel: hub downloads into `<project>.crosstag/encoders/<owner>--<name>/`,
// one at a time per repository, with progress events, cancel, and resume on the next attempt.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { EncoderInfo } from '../../../contract/entities.js';
import { CoreError } from '../../errors.js';
import { projectDataDir, storedModelDir } from '../../jobs/index.js';
import { downloadEncoder } from '../../ml/encoders/index.js';
import { openStore, type Store } from '../../store/index.js';
import type { Session } from '../session.js';
import { infoOf, summaryOf } from './info.js';

export interface HubOptions {
  /** The model hub's address (default: HF_ENDPOINT, else https://huggingface.co). */
  endpoint?: string | undefined;
  /** How long a download waits for an answer or for its next bytes (default 15 s). */
  timeoutMs?: number | undefined;
}

/** Where `encoders.download` puts a hub repository's files. */
export function downloadDir(projectPath: string, repo: string): string {
  return path.join(projectDataDir(projectPath), 'encoders', repo.replace(/\//g, '--'));
}

function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
  } catch {
    // Already gone, or not ours to judge.
  }
}

export class Downloads {
  private readonly active = new Map<string, AbortController>();

  constructor(
    private readonly session: Session,
    private readonly hub: HubOptions,
  ) {}

  /** Whether a download is writing into `dir`. */
  has(dir: string): boolean {
    return this.active.has(dir);
  }

  cancel(repo: string): boolean {
    const controller = this.active.get(downloadDir(this.session.requireStore().path, repo));
    controller?.abort();
    return controller !== undefined;
  }

  /** Stops every download in progress (the core is closing). */
  close(): void {
    for (const c of this.active.values()) c.abort();
  }

  async download(repo: string, revision: string | undefined): Promise<EncoderInfo> {
    const projectPath = this.session.requireStore().path;
    const dir = downloadDir(projectPath, repo);
    if (this.active.has(dir)) throw new CoreError('CONFLICT', `${repo} is already being downloaded into this project`);
    const controller = new AbortController();
    this.active.set(dir, controller);
    const fresh = !existsSync(dir);
    let keep = true;
    try {
      const report = await downloadEncoder({
        repo,
        revision,
        dir,
        endpoint: this.hub.endpoint,
        timeoutMs: this.hub.timeoutMs,
        signal: controller.signal,
        onProgress: (p) => this.session.emit('encoders.progress', { repo, file: p.file, received: p.received, total: p.total }),
      });
      return this.onProject(projectPath, (store) => {
        const stored = storedModelDir(store.path, report.dir);
        const summary = summaryOf(report.encoder);
        const existing = store.encoders.byDir(stored);
        const rec =
          existing === null
            ? store.encoders.create({ name: repo, dir: stored, repo, summary })
            : store.encoders.setSummary(existing.id, summary);
        return infoOf(store, rec, null);
      });
    } catch (err) {
      if (controller.signal.aborted) {
        throw new CoreError(
          'CONFLICT',
          `the download of ${repo} was cancelled; the files that arrived are kept, so downloading it again resumes`,
        );
      }
      // Offline or timed out: what arrived stays for a resume. Anything else (no such repo, an
      // architecture Crosstag cannot run) cannot be resumed, so a folder this attempt made goes again.
      keep = err instanceof CoreError && err.code === 'OFFLINE';
      throw err;
    } finally {
      this.active.delete(dir);
      if (fresh && !keep) rmSync(dir, { recursive: true, force: true });
      else removeIfEmpty(dir);
      removeIfEmpty(path.dirname(dir));
    }
  }

  /** Runs `fn` on the project at `file`: the open one, or (after a project switch) a connection of its own. */
  private onProject<T>(file: string, fn: (store: Store) => T): T {
    const current = this.session.store;
    if (current !== null && current.path === file && current.db.open) return fn(current);
    const other = openStore(file, { nativeBinding: this.session.opts.nativeBinding });
    try {
      return fn(other);
    } finally {
      other.close();
    }
  }
}
