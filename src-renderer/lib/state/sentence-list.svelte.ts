// The Annotate sentence list. Only the pages the person scrolls past are fetched, so a project of
// any size opens as fast as one page of rows, and only the pages nearest the last one fetched are
// kept, so scrolling through a project of any size never holds all of its rows (measured with
// `npm run bench:large`: before the bound, the page's heap grew by about 150 bytes per row
// scrolled past).

import { SvelteMap } from 'svelte/reactivity';
import type { SentenceFilter, SentenceRow, SentenceSort } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import type { Client } from '../api/client.js';
import { asApiError } from '../api/errors.js';

export const PAGE_SIZE = 100;
/** Pages kept at most: several screens around the rows shown; a dropped page is fetched again when shown. */
export const MAX_PAGES = 30;

export class SentenceListState {
  readonly #client: Client;
  filter = $state.raw<SentenceFilter>({});
  sort = $state<SentenceSort>('document');
  total = $state(0);
  loaded = $state(false);
  error = $state.raw<ApiError | null>(null);
  readonly #pages = new SvelteMap<number, SentenceRow[]>();
  // Requests in flight are bookkeeping, not UI state: a plain Map keeps them out of reactivity.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #inflight = new Map<number, Promise<void>>();
  /** Bumped by every reload so that answers to an older filter are dropped. */
  #generation = 0;

  constructor(client: Client) {
    this.#client = client;
  }

  get filtered(): boolean {
    const f = this.filter;
    return Boolean(f.lang || f.split || f.status || f.q);
  }

  rowAt(index: number): SentenceRow | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Index of a sentence among the pages fetched so far, or -1. */
  cachedIndexOf(id: number): number {
    for (const [page, rows] of this.#pages) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return page * PAGE_SIZE + i;
    }
    return -1;
  }

  async setFilter(filter: SentenceFilter, sort: SentenceSort = this.sort): Promise<void> {
    const clean: SentenceFilter = {};
    if (filter.lang) clean.lang = filter.lang;
    if (filter.split) clean.split = filter.split;
    if (filter.status) clean.status = filter.status;
    if (filter.q?.trim()) clean.q = filter.q.trim();
    this.filter = clean;
    this.sort = sort;
    await this.reload();
  }

  /** Drops every cached page and fetches the first one again (which also gives the total). */
  async reload(): Promise<void> {
    this.#generation += 1;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.#inflight = new Map();
    this.#pages.clear();
    await this.#fetchPage(0);
  }

  /**
   * Fetches again every page already shown, keeping the old rows until the new ones arrive, so
   * an undo or an import elsewhere updates the list without it flashing empty.
   */
  async refresh(): Promise<void> {
    this.#generation += 1;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.#inflight = new Map();
    const pages = [...this.#pages.keys()];
    if (pages.length === 0) pages.push(0);
    await Promise.all(pages.map((p) => this.#fetchPage(p)));
  }

  /** Makes sure the rows in [start, end) are fetched or on their way. */
  async ensure(start: number, end: number): Promise<void> {
    const first = Math.max(0, Math.floor(start / PAGE_SIZE));
    const last = Math.floor(Math.max(start, Math.min(end, this.total) - 1) / PAGE_SIZE);
    const waits: Promise<void>[] = [];
    for (let p = first; p <= last; p++) {
      if (!this.#pages.has(p)) waits.push(this.#fetchPage(p));
    }
    await Promise.all(waits);
  }

  /** The row at an index, fetching its page if needed. */
  async rowAtAsync(index: number): Promise<SentenceRow | undefined> {
    if (index < 0 || (this.loaded && index >= this.total)) return undefined;
    await this.ensure(index, index + 1);
    return this.rowAt(index);
  }

  /** Replaces a cached row in place, so a status change shows without the list jumping. */
  patch(row: SentenceRow): void {
    for (const [page, rows] of this.#pages) {
      const i = rows.findIndex((r) => r.id === row.id);
      if (i >= 0) {
        const next = rows.slice();
        next[i] = {
          id: row.id,
          ordinal: row.ordinal,
          docId: row.docId,
          lang: row.lang,
          split: row.split,
          status: row.status,
          preview: row.preview,
          uncertainty: row.uncertainty,
        };
        this.#pages.set(page, next);
      }
    }
  }

  async locate(id: number): Promise<number> {
    const cached = this.cachedIndexOf(id);
    if (cached >= 0) return cached;
    const { index } = await this.#client.call('sentences.locate', { id, filter: this.filter, sort: this.sort });
    return index;
  }

  #dropFarFrom(page: number): void {
    const excess = this.#pages.size - MAX_PAGES;
    if (excess <= 0) return;
    const farthest = [...this.#pages.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
    for (const p of farthest.slice(0, excess)) this.#pages.delete(p);
  }

  #fetchPage(page: number): Promise<void> {
    const existing = this.#inflight.get(page);
    if (existing) return existing;
    const generation = this.#generation;
    const inflight = this.#inflight;
    const job = this.#client
      .call('sentences.list', { filter: this.filter, sort: this.sort, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
      .then(
        ({ total, rows }) => {
          if (generation !== this.#generation) return;
          this.total = total;
          this.#pages.set(page, rows);
          this.#dropFarFrom(page);
          this.loaded = true;
          this.error = null;
        },
        (err: unknown) => {
          if (generation !== this.#generation) return;
          this.error = asApiError(err);
          this.loaded = true;
        },
      )
      .finally(() => inflight.delete(page));
    inflight.set(page, job);
    return job;
  }
}
