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
  backendError = $state.raw<ApiError | null>(null);

  constructor(app: AppState) {
    this.app = app;
  }

  async load(): Promise<void> {
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
    try {
      const updated = await this.app.client.call('models.rename', { id, name });
      this.models = (this.models ?? []).map((m) => (m.id === id ? updated : m));
      this.error = null;
    } catch (err) {
      this.error = asApiError(err);
    }
  }

  async remove(id: number): Promise<void> {
    try {
      await this.app.client.call('models.delete', { id });
      this.models = (this.models ?? []).filter((m) => m.id !== id);
      this.error = null;
    } catch (err) {
      this.error = asApiError(err);
    }
  }
}
