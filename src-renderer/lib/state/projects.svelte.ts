// The Projects screen: recent projects, create and open, the label set and the languages.

import type { CorpusFormat, Label, Language, RecentProject, Split, TagScheme } from '../../../src-main/contract/entities.js';
import type { ExportOutcome } from '../../../src-main/contract/api.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import { asApiError } from '../api/errors.js';
import type { AppState } from './app.svelte.js';

export type ProjectForm = 'create' | 'open' | 'recent' | 'labels' | 'languages' | 'export';

export interface ExportRequest {
  lang: string;
  split: Split | undefined;
  format: CorpusFormat;
  scheme: TagScheme | undefined;
  /** Label Studio: a model id, or every model's predictions, as pre-annotations. */
  predictions?: number | 'all' | undefined;
  /** Where to write (a path from the desktop's save dialog); without it the text comes back. */
  path?: string | undefined;
}

export class ProjectsState {
  readonly app: AppState;
  recent = $state.raw<RecentProject[]>([]);
  busy = $state<ProjectForm | null>(null);
  errors = $state.raw<Partial<Record<ProjectForm, ApiError>>>({});
  /** A short confirmation after a save, shown next to the form that was saved. */
  saved = $state.raw<Partial<Record<ProjectForm, string>>>({});
  /** A destination chosen in the desktop's save dialog, waiting for the export form. */
  exportPath = $state<string | null>(null);

  constructor(app: AppState) {
    this.app = app;
  }

  async loadRecent(): Promise<void> {
    await this.#run('recent', async () => {
      this.recent = await this.app.client.call('projects.recent', {});
    });
  }

  /** Takes an entry off the recent list (a project whose file went missing); the file itself is not touched. */
  forget(path: string): Promise<boolean> {
    return this.#run('recent', async () => {
      this.recent = await this.app.client.call('projects.forget', { path });
    });
  }

  create(path: string, name: string, labels: string[]): Promise<boolean> {
    return this.#run('create', async () => {
      const params = labels.length > 0 ? { path, name, labels } : { path, name };
      this.app.setProject(await this.app.client.call('projects.create', params));
      await this.loadRecent();
    });
  }

  open(path: string): Promise<boolean> {
    return this.#run('open', async () => {
      this.app.setProject(await this.app.client.call('projects.open', { path }));
      await this.loadRecent();
    });
  }

  saveLabels(labels: Label[]): Promise<boolean> {
    return this.#run('labels', async () => {
      this.app.setProject(await this.app.client.call('projects.update', { labels }));
      this.saved = { ...this.saved, labels: 'Label set saved.' };
    });
  }

  upsertLanguage(language: Language): Promise<boolean> {
    return this.#run('languages', async () => {
      this.app.setProject(await this.app.client.call('languages.upsert', language));
      this.saved = { ...this.saved, languages: `Language ${language.code} saved.` };
    });
  }

  removeLanguage(code: string): Promise<boolean> {
    return this.#run('languages', async () => {
      this.app.setProject(await this.app.client.call('languages.remove', { code }));
      this.saved = { ...this.saved, languages: `Language ${code} removed.` };
    });
  }

  /**
   * Exports to `req.path` when given; otherwise returns the text, which the page then offers as
   * a download (the web shell cannot write where the person chooses).
   */
  async exportContent(req: ExportRequest): Promise<ExportOutcome | null> {
    let out: ExportOutcome | null = null;
    await this.#run('export', async () => {
      const params = {
        lang: req.lang,
        format: req.format,
        ...(req.split ? { split: req.split } : {}),
        ...(req.scheme ? { scheme: req.scheme } : {}),
        ...(req.predictions !== undefined ? { predictions: req.predictions } : {}),
        ...(req.path ? { path: req.path } : {}),
      };
      const result = await this.app.client.call('exports.run', params);
      out = result;
      const where = result.path ? ` to ${result.path}` : '';
      const predicted = result.predicted > 0 ? `, ${result.predicted} with predictions` : '';
      const config = result.labelConfig?.path
        ? `; label config in ${result.labelConfig.path}`
        : result.labelConfig
          ? ' with its label config'
          : '';
      const notes = result.notes.length > 0 ? ` ${result.notes.join(' ')}` : '';
      this.saved = { ...this.saved, export: `Exported ${result.sentences} sentences${predicted}${where}${config}.${notes}` };
      if (result.path) this.exportPath = null;
    });
    return out;
  }

  async #run(form: ProjectForm, job: () => Promise<void>): Promise<boolean> {
    this.busy = form;
    const { [form]: _dropped, ...rest } = this.errors;
    this.errors = rest;
    const { [form]: _old, ...savedRest } = this.saved;
    this.saved = savedRest;
    try {
      await job();
      return true;
    } catch (err) {
      this.errors = { ...this.errors, [form]: asApiError(err) };
      return false;
    } finally {
      this.busy = null;
    }
  }
}
