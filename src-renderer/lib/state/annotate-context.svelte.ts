// The Annotate right column: recent edits, document neighbours and counts per split.

import type { EditSummary, SentenceRow, SplitCount } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import type { Client } from '../api/client.js';
import { asApiError } from '../api/errors.js';

export const HISTORY_LIMIT = 10;
// Counts change with nearly every edit; one refresh per burst of edits is plenty.
const COUNTS_DELAY_MS = 300;

export class AnnotateContext {
  readonly #client: Client;
  /** Applied edits, newest first. */
  history = $state.raw<EditSummary[]>([]);
  /** The applied edit just before the oldest one shown, if any: where reverting that one goes. */
  older = $state.raw<EditSummary | null>(null);
  redoable = $state(0);
  neighbours = $state.raw<SentenceRow[]>([]);
  counts = $state.raw<SplitCount[]>([]);
  error = $state.raw<ApiError | null>(null);
  #countsTimer: ReturnType<typeof setTimeout> | null = null;
  #neighbourSeq = 0;

  constructor(client: Client) {
    this.#client = client;
  }

  async refresh(): Promise<void> {
    await Promise.all([this.loadHistory(), this.loadCounts()]);
  }

  afterEdit(): void {
    void this.loadHistory();
    if (this.#countsTimer) clearTimeout(this.#countsTimer);
    this.#countsTimer = setTimeout(() => {
      this.#countsTimer = null;
      void this.loadCounts();
    }, COUNTS_DELAY_MS);
  }

  async loadHistory(): Promise<void> {
    try {
      const { undo, redo } = await this.#client.call('edits.history', { limit: HISTORY_LIMIT + 1, scope: 'sentences' });
      const applied = [...undo].sort((a, b) => b.id - a.id);
      this.history = applied.slice(0, HISTORY_LIMIT);
      this.older = applied[HISTORY_LIMIT] ?? null;
      this.redoable = redo.length;
      this.error = null;
    } catch (err) {
      this.error = asApiError(err);
    }
  }

  async loadCounts(): Promise<void> {
    try {
      this.counts = await this.#client.call('stats.splits', {});
    } catch (err) {
      this.error = asApiError(err);
    }
  }

  async loadNeighbours(id: number): Promise<void> {
    const seq = ++this.#neighbourSeq;
    try {
      const rows = await this.#client.call('sentences.neighbours', { id, radius: 2 });
      if (seq === this.#neighbourSeq) this.neighbours = rows;
    } catch {
      if (seq === this.#neighbourSeq) this.neighbours = [];
    }
  }
}
