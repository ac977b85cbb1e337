// One-click published dictionaries (MUSE): what is published for a language pair, its download
// with progress, and the imported dictionary at the end. The Train form offers it where a run
// has no dictionary, the Projects screen beside the import; both show the same download.

import type { PublishedDictionary } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import type { DictionaryDownloadProgress } from '../../../src-main/contract/events.js';
import { asApiError } from '../api/errors.js';
import type { AppState } from './app.svelte.js';
import type { DictionariesState } from './dictionaries.svelte.js';

const key = (src: string, tgt: string): string => `${src}>${tgt}`;

export class DictionaryDownloadState {
  readonly app: AppState;
  readonly dictionaries: DictionariesState;
  /** What is published per pair (`src>tgt`); null when nothing is, absent until asked. */
  published = $state.raw<Record<string, PublishedDictionary | null>>({});
  /** The pair being downloaded, or null. */
  downloading = $state<string | null>(null);
  progress = $state.raw<DictionaryDownloadProgress | null>(null);
  /** The failure of the last download, with its pair. */
  error = $state.raw<{ pair: string; error: ApiError } | null>(null);
  /** The last dictionary downloaded and imported, for a confirmation line. */
  done = $state<string | null>(null);

  constructor(app: AppState, dictionaries: DictionariesState) {
    this.app = app;
    this.dictionaries = dictionaries;
  }

  /** Follows download progress; returns the unsubscribe. */
  connect(): () => void {
    return this.app.client.on('dictionaries.progress', (p) => {
      if (key(p.srcLang, p.tgtLang) === this.downloading) this.progress = p;
    });
  }

  entry(src: string, tgt: string): PublishedDictionary | null | undefined {
    return this.published[key(src, tgt)];
  }

  /** Asks the core what is published for the pair, once per pair. */
  async lookup(src: string, tgt: string): Promise<void> {
    if (!src || !tgt || src === tgt || key(src, tgt) in this.published) return;
    try {
      const entry = await this.app.client.call('dictionaries.published', { srcLang: src, tgtLang: tgt });
      this.published = { ...this.published, [key(src, tgt)]: entry };
    } catch {
      // Only the offer is missing; importing a file still works.
    }
  }

  async download(src: string, tgt: string): Promise<boolean> {
    const pair = key(src, tgt);
    this.downloading = pair;
    this.progress = null;
    this.error = null;
    this.done = null;
    try {
      const d = await this.app.client.call('dictionaries.download', { srcLang: src, tgtLang: tgt });
      this.done = `Downloaded and imported ${d.name}: ${d.words.toLocaleString('en')} ${d.srcLang} words.`;
      await this.dictionaries.load();
      return true;
    } catch (err) {
      this.error = { pair, error: asApiError(err) };
      return false;
    } finally {
      this.downloading = null;
    }
  }

  async cancel(src: string, tgt: string): Promise<void> {
    try {
      await this.app.client.call('dictionaries.cancelDownload', { srcLang: src, tgtLang: tgt });
    } catch (err) {
      this.error = { pair: key(src, tgt), error: asApiError(err) };
    }
  }

  errorFor(src: string, tgt: string): ApiError | null {
    return this.error?.pair === key(src, tgt) ? this.error.error : null;
  }

  isDownloading(src: string, tgt: string): boolean {
    return this.downloading === key(src, tgt);
  }
}
