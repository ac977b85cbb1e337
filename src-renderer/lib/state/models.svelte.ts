// Models behind the gear: the trained teachers and students of the open project.

import type { BackendReport, ModelInfo } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import { asApiError } from '../api/errors.js';
import type { AppState } from './app.svelte.js';

export class ModelsState {
  readonly app: AppState;
  models = $state.raw<ModelInfo[] | null>(null);
  backend = $state.raw<BackendReport | null>(null);
  error = $state.raw<ApiError | null>(null);
  /** What was being done when `error` happened, for its error line. */
  action = $state('Loading the models');
  backendError = $state.raw<ApiError | null>(null);
  /** Why the last export failed, shown beside the export's folder field, and what it was doing. */
  exportError = $state.raw<ApiError | null>(null);
  exportAction = $state('Exporting the model');

  constructor(app: AppState) {
    this.app = app;
  }

  async load(): Promise<void> {
    this.action = 'Loading the models';
    try {
      this.models = await this.app.client.call('models.list', {});
      this.error = null;
    } catch (err) {
      this.models = null;
      this.error = asApiError(err);
    }
  }

  async loadBackend(): Promise<void> {
    try {
      this.backend = await this.app.client.call('backend.info', {});
      this.backendError = null;
    } catch (err) {
      this.backendError = asApiError(err);
    }
  }

  async rename(id: number, name: string): Promise<void> {
    this.action = 'Renaming the model';
    try {
      const updated = await this.app.client.call('models.rename', { id, name });
      this.models = (this.models ?? []).map((m) => (m.id === id ? updated : m));
      this.error = null;
    } catch (err) {
      this.error = asApiError(err);
    }
  }

  /**
   * Copies a model's folder to `path` (which must not exist yet), which `crosstag predict --model`
   * reads; or, as `huggingface`, writes a token-classification checkpoint transformers loads.
   * A failure is kept apart (`exportError`), to be said beside the export's folder field.
   */
  async exportTo(id: number, path: string, format: 'crosstag' | 'huggingface' = 'crosstag'): Promise<string | null> {
    this.exportAction = format === 'huggingface' ? 'Exporting the model as a Hugging Face checkpoint' : 'Exporting the model';
    try {
      const out = await this.app.client.call('models.export', format === 'huggingface' ? { id, path, format } : { id, path });
      this.exportError = null;
      return out.path;
    } catch (err) {
      this.exportError = asApiError(err);
      return null;
    }
  }

  /** Copies a model folder into the project and lists it (newest first). */
  async importFrom(path: string, name?: string): Promise<ModelInfo | null> {
    this.action = 'Importing the model';
    try {
      const model = await this.app.client.call('models.import', name ? { path, name } : { path });
      this.models = [model, ...(this.models ?? []).filter((m) => m.id !== model.id)];
      this.error = null;
      return model;
    } catch (err) {
      this.error = asApiError(err);
      return null;
    }
  }

  async remove(id: number): Promise<void> {
    this.action = 'Deleting the model';
    try {
      await this.app.client.call('models.delete', { id });
      this.models = (this.models ?? []).filter((m) => m.id !== id);
      this.error = null;
    } catch (err) {
      this.error = asApiError(err);
    }
  }
}
