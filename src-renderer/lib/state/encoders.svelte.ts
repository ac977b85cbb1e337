// Encoders behind the gear: the built-in small encoders, the pretrained checkpoint folders
// registered with the open project, and the recommended multilingual ones; adding a folder,
// downloading from the hub with progress, and removing. The Train form reads the same list for its encoder choice.

import type { EncoderInfo, RecommendedEncoder } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import type { EncoderDownloadProgress } from '../../../src-main/contract/events.js';
import { asApiError } from '../api/errors.js';
import type { AppState } from './app.svelte.js';

export class EncodersState {
  readonly app: AppState;
  encoders = $state.raw<EncoderInfo[] | null>(null);
  /** The multilingual encoders worth downloading (null until the engine answered). */
  recommended = $state.raw<RecommendedEncoder[] | null>(null);
  /** Loading or removing failed. */
  error = $state.raw<{ action: string; error: ApiError } | null>(null);
  addPath = $state('');
  addName = $state('');
  adding = $state(false);
  addError = $state.raw<ApiError | null>(null);
  repo = $state('');
  /** The repository being downloaded, or null. */
  downloading = $state<string | null>(null);
  /** The latest progress of the download, per file. */
  progress = $state.raw<EncoderDownloadProgress | null>(null);
  downloadError = $state.raw<ApiError | null>(null);
  /** What the last add or download registered, for a confirmation line. */
  done = $state<string | null>(null);

  small = $derived((this.encoders ?? []).filter((e) => e.kind === 'small'));
  pretrained = $derived((this.encoders ?? []).filter((e) => e.kind === 'pretrained'));

  constructor(app: AppState) {
    this.app = app;
  }

  /** Follows download progress; returns the unsubscribe. */
  connect(): () => void {
    return this.app.client.on('encoders.progress', (p) => {
      if (p.repo === this.downloading) this.progress = p;
    });
  }

  async load(): Promise<void> {
    try {
      if (this.recommended === null) this.recommended = await this.app.client.call('encoders.recommended', {});
      this.encoders = await this.app.client.call('encoders.list', {});
      if (this.error?.action === 'Loading the encoders') this.error = null;
    } catch (err) {
      this.error = { action: 'Loading the encoders', error: asApiError(err) };
    }
  }

  #put(info: EncoderInfo): void {
    const list = this.encoders ?? [];
    this.encoders = list.some((e) => e.id === info.id) ? list.map((e) => (e.id === info.id ? info : e)) : [...list, info];
  }

  /** Checks and registers the folder in `addPath` (or `dir`); true when it was added. */
  async add(dir = this.addPath.trim()): Promise<boolean> {
    if (dir === '') return false;
    this.addPath = dir;
    this.adding = true;
    this.done = null;
    try {
      const name = this.addName.trim();
      const info = await this.app.client.call('encoders.add', name ? { dir, name } : { dir });
      this.#put(info);
      this.addError = null;
      this.addPath = '';
      this.addName = '';
      this.done = `Added “${info.name}”: choose it under Encoder on the Train screen.`;
      return true;
    } catch (err) {
      this.addError = asApiError(err);
      return false;
    } finally {
      this.adding = false;
    }
  }

  /** Downloads `repo` from the hub into the project and registers it; true when it arrived. */
  async download(repo = this.repo.trim()): Promise<boolean> {
    if (repo === '' || this.downloading !== null) return false;
    this.downloading = repo;
    this.progress = null;
    this.downloadError = null;
    this.done = null;
    try {
      const info = await this.app.client.call('encoders.download', { repo });
      this.#put(info);
      this.repo = '';
      this.done = `Downloaded ${repo}: choose it under Encoder on the Train screen.`;
      return true;
    } catch (err) {
      this.downloadError = asApiError(err);
      return false;
    } finally {
      this.downloading = null;
      this.progress = null;
    }
  }

  async cancelDownload(): Promise<void> {
    const repo = this.downloading;
    if (repo === null) return;
    try {
      await this.app.client.call('encoders.cancel', { repo });
    } catch (err) {
      this.downloadError = asApiError(err);
    }
  }

  async remove(id: number): Promise<void> {
    try {
      await this.app.client.call('encoders.remove', { id });
      this.encoders = (this.encoders ?? []).filter((e) => e.id !== id);
      this.error = null;
    } catch (err) {
      this.error = { action: 'Removing the encoder', error: asApiError(err) };
    }
  }
}
