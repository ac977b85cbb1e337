// The engine settings of Settings ▸ Compute backend (kept by the core for this user, not per
// project): how many threads the WebAssembly backend computes on.

import type { EngineSettings } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import { asApiError } from '../api/errors.js';
import type { AppState } from './app.svelte.js';

export class EngineState {
  settings = $state.raw<EngineSettings | null>(null);
  error = $state.raw<ApiError | null>(null);
  saving = $state(false);

  constructor(private readonly app: AppState) {}

  async load(): Promise<void> {
    try {
      this.settings = await this.app.client.call('backend.settings', {});
      this.error = null;
    } catch (err) {
      this.error = asApiError(err);
    }
  }

  /** Saves the thread count (null: every core); true when saved. */
  async setThreads(threads: number | null): Promise<boolean> {
    this.saving = true;
    try {
      this.settings = await this.app.client.call('backend.configure', { threads });
      this.error = null;
      return true;
    } catch (err) {
      this.error = asApiError(err);
      return false;
    } finally {
      this.saving = false;
    }
  }
}
