// The Annotate screen's state: the open sentence, token focus and selection, and every edit.
// An edit shows as done only once the core has answered, because only then is it on disk.
// The open sentence is always one the list's filters show: a filter that hides it opens the first
// match instead (or none), and a key pressed while a filter is applied acts only on a sentence the
// new list still shows. Undo here is about sentence edits only (Pairs undoes its own links).

import type { Method, Params, UndoResult } from '../../../src-main/contract/api.js';
import type { Sentence, SentenceFilter, SentenceSort } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import { asApiError } from '../api/errors.js';
import { labelForKey } from '../labels.js';
import { clamp, labelTarget, logicalStep, overlayPending, spanAt, tokenTexts, type PendingEdit } from '../tokens.js';
import type { AppState } from './app.svelte.js';
import { AnnotateContext } from './annotate-context.svelte.js';
import { FilterGate } from './filter-gate.js';
import { SentenceListState } from './sentence-list.svelte.js';

type EditMethod = 'annotations.set' | 'annotations.remove' | 'annotations.confirm' | 'annotations.accept' | 'annotations.reject';

export class AnnotateState {
  readonly app: AppState;
  readonly list: SentenceListState;
  readonly context: AnnotateContext;
  sentence = $state.raw<Sentence | null>(null);
  /** Position of the open sentence in the filtered list, or -1 when it is not in it. */
  index = $state(-1);
  focus = $state(0);
  anchor = $state<number | null>(null);
  saving = $state(0);
  loading = $state(false);
  error = $state.raw<{ action: string; error: ApiError } | null>(null);
  /** A quiet one-line answer to a key that had nothing to do ("No predictions to accept"). */
  notice = $state<string | null>(null);
  /** Label edits sent but not yet saved, drawn as "saving" over the saved spans. */
  pending = $state.raw<PendingEdit[]>([]);
  texts = $derived(this.sentence ? tokenTexts(this.sentence.text, this.sentence.tokens) : []);
  shownSpans = $derived(this.sentence ? overlayPending(this.sentence.spans, this.pending) : []);
  #openSeq = 0;
  /** The filter being applied, if any: moving and editing wait for it. */
  readonly #gate = new FilterGate();
  #pendingSeq = 0;
  #ownUndos = 0;
  #projectPath: string | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(app: AppState) {
    this.app = app;
    this.list = new SentenceListState(app.client);
    this.context = new AnnotateContext(app.client);
  }

  /** Loads the list and the sentence the URL names (or the first one). */
  async start(id: number | null): Promise<void> {
    const path = this.app.project?.path ?? null;
    if (path !== this.#projectPath) {
      this.#projectPath = path;
      this.sentence = null;
      this.index = -1;
      this.list.filter = {};
    }
    // The list, the side panel and a sentence named in the URL do not depend on each other.
    void this.context.refresh();
    if (id !== null) {
      await Promise.all([this.list.reload(), this.open(id, -1)]);
      if (this.sentence?.id === id) {
        this.index = await this.list.locate(id);
        return;
      }
      // The sentence in the URL is gone (another project, or deleted): start at the top instead.
      this.error = null;
      if (this.list.total > 0) await this.openIndex(0);
    } else {
      await this.list.reload();
      if (this.list.total > 0) await this.openIndex(0);
      else this.sentence = null;
    }
  }

  async open(id: number, knownIndex?: number): Promise<void> {
    const seq = ++this.#openSeq;
    this.loading = true;
    try {
      const sentence = await this.app.client.call('sentences.get', { id });
      if (seq !== this.#openSeq) return;
      this.#show(sentence);
      this.index = knownIndex ?? (await this.list.locate(id));
      void this.context.loadNeighbours(id);
    } catch (err) {
      if (seq === this.#openSeq) this.error = { action: 'Opening the sentence', error: asApiError(err) };
    } finally {
      if (seq === this.#openSeq) this.loading = false;
    }
  }

  async openIndex(index: number): Promise<void> {
    const row = await this.list.rowAtAsync(index);
    if (row) await this.open(row.id, index);
  }

  #show(sentence: Sentence): void {
    const same = this.sentence?.id === sentence.id;
    this.sentence = sentence;
    this.error = null;
    this.notice = null;
    if (!same) {
      this.focus = 0;
      this.anchor = null;
      this.pending = [];
    } else {
      this.focus = clamp(this.focus, 0, Math.max(0, sentence.tokens.length - 1));
    }
    this.app.setRouteId(sentence.id);
  }

  /**
   * Applies new list filters. The open sentence stays open only when the new list shows it;
   * otherwise the first sentence of the new list opens, or none when nothing matches, so that
   * the next key can never change a sentence the list hides.
   */
  setFilter(filter: SentenceFilter, sort: SentenceSort): Promise<void> {
    return this.#gate.apply(async () => {
      await this.list.setFilter(filter, sort);
      const s = this.sentence;
      const index = s ? await this.list.locate(s.id) : -1;
      if (index >= 0) this.index = index;
      else if (this.list.total > 0) await this.openIndex(0);
      else this.#close();
    });
  }

  /** No sentence open: nothing shown, nothing a key could change. */
  #close(): void {
    this.#openSeq += 1;
    this.sentence = null;
    this.index = -1;
    this.focus = 0;
    this.anchor = null;
    this.pending = [];
    this.loading = false;
    this.app.setRouteId(null);
  }

  /** Runs an edit key now, or once a filter change in progress is applied, if its sentence is still the open one. */
  #onShown(edit: () => Promise<unknown>): Promise<void> {
    return this.#gate.onShown(
      () => this.sentence?.id,
      edit,
      () => {
        this.notice = 'The filters changed the open sentence; the key was not applied.';
      },
    );
  }

  async step(delta: 1 | -1): Promise<void> {
    // A key pressed while a new filter is still being applied moves in the new list, not the old one.
    await this.#gate.settled();
    const total = this.list.total;
    if (total === 0) return;
    const from = this.index < 0 ? (delta > 0 ? -1 : total) : this.index;
    const target = from + delta;
    if (target < 0 || target >= total) {
      this.notice = delta > 0 ? 'This is the last sentence in the list.' : 'This is the first sentence in the list.';
      return;
    }
    await this.openIndex(target);
  }

  async nextUseful(): Promise<void> {
    try {
      const { id } = await this.app.client.call('sentences.next', {
        after: this.sentence?.id ?? null,
        filter: this.list.filter,
        sort: 'uncertainty',
      });
      if (id === null) this.notice = 'Every sentence in this view has been reviewed.';
      else await this.open(id);
    } catch (err) {
      this.error = { action: 'Finding the next useful sentence', error: asApiError(err) };
    }
  }

  move(visual: 'left' | 'right', extend: boolean): void {
    const s = this.sentence;
    if (!s || s.tokens.length === 0) return;
    if (extend && this.anchor === null) this.anchor = this.focus;
    if (!extend) this.anchor = null;
    this.focus = clamp(this.focus + logicalStep(visual, s.direction), 0, s.tokens.length - 1);
  }

  /** Puts focus on a token; with `extend`, keeps the anchor so the tokens between are selected. */
  pointTo(token: number, extend = false): void {
    if (extend && this.anchor === null) this.anchor = this.focus;
    if (!extend) this.anchor = null;
    this.focus = token;
  }

  clearSelection(): void {
    this.anchor = null;
    this.notice = null;
  }

  applyKey(n: number): Promise<void> {
    const label = labelForKey(this.app.project?.labels ?? [], n);
    if (!label) {
      this.notice = `No label uses key ${n}. Keys are set in the label set on the Projects screen.`;
      return Promise.resolve();
    }
    return this.applyLabel(label.name);
  }

  applyLabel(name: string): Promise<void> {
    return this.#onShown(() => this.#applyLabel(name));
  }

  #applyLabel(name: string): Promise<void> {
    const s = this.sentence;
    if (!s || s.tokens.length === 0) return Promise.resolve();
    const { start, end } = labelTarget(this.shownSpans, this.focus, this.anchor);
    this.anchor = null;
    const done = this.#showPending(s.id, start, end, name);
    return this.#edit('Saving the label', 'annotations.set', { sentenceId: s.id, start, end, label: name }).then(done);
  }

  removeAtFocus(): Promise<void> {
    return this.#onShown(() => this.#removeAtFocus());
  }

  #removeAtFocus(): Promise<void> {
    const s = this.sentence;
    if (!s) return Promise.resolve();
    const span = spanAt(this.shownSpans, this.focus);
    if (!span) {
      this.notice = 'There is no entity under the focused token.';
      return Promise.resolve();
    }
    const done = this.#showPending(s.id, span.start, span.end, null);
    return this.#edit('Removing the entity', 'annotations.remove', { sentenceId: s.id, token: this.focus }).then(done);
  }

  confirmAndNext(): Promise<void> {
    return this.#onShown(async () => {
      const s = this.sentence;
      if (!s) return;
      const ok = await this.#edit('Confirming the sentence', 'annotations.confirm', { sentenceId: s.id });
      if (ok) await this.step(1);
    });
  }

  acceptAll(): Promise<void> {
    return this.#onShown(() => this.#predictionEdit('annotations.accept', 'Accepting the predictions'));
  }

  rejectAll(): Promise<void> {
    return this.#onShown(() => this.#predictionEdit('annotations.reject', 'Rejecting the predictions'));
  }

  #predictionEdit(method: 'annotations.accept' | 'annotations.reject', action: string): Promise<void> {
    const s = this.sentence;
    if (!s) return Promise.resolve();
    if (!s.spans.some((span) => span.provenance === 'predicted')) {
      this.notice = 'This sentence has no predictions.';
      return Promise.resolve();
    }
    return this.#edit(action, method, { sentenceId: s.id }).then(() => undefined);
  }

  undo(): Promise<void> {
    return this.#history(
      ['Undoing', 'Undone'],
      () => this.app.client.call('edits.undo', { scope: 'sentences' }),
      'No sentence edit to undo.',
    );
  }

  redo(): Promise<void> {
    return this.#history(
      ['Redoing', 'Redone'],
      () => this.app.client.call('edits.redo', { scope: 'sentences' }),
      'No sentence edit to redo.',
    );
  }

  /** Undoes every edit after `id`, so that `id` is the last one applied. */
  revertTo(id: number): Promise<void> {
    return this.#history(
      ['Reverting', 'Reverted'],
      () => this.app.client.call('edits.revert', { id, scope: 'sentences' }),
      'Nothing to revert.',
    );
  }

  /**
   * Reverts the `index`-th most recent edit of the history list together with the later ones:
   * back to the edit before it, or, when it was the project's first edit, one undo per edit.
   */
  async revertEntry(index: number): Promise<void> {
    const before = this.context.history[index + 1] ?? this.context.older;
    if (before) return this.revertTo(before.id);
    for (let i = 0; i <= index; i++) await this.undo();
  }

  /** After an import, predictions or an undo elsewhere: fetch what is shown again. */
  async refreshAll(): Promise<void> {
    await this.list.refresh();
    void this.context.refresh();
    const s = this.sentence;
    if (s) {
      try {
        this.#show(await this.app.client.call('sentences.get', { id: s.id }));
      } catch {
        this.sentence = null;
      }
    } else if (this.list.total > 0) {
      await this.openIndex(0);
    }
  }

  /**
   * Draws an edit at once, marked as saving, until the core answers; returns the function that
   * takes it away again (the saved sentence, or an error line, then shows what really happened).
   */
  #showPending(sentenceId: number, start: number, end: number, label: string | null): () => void {
    const seq = ++this.#pendingSeq;
    this.pending = [...this.pending, { seq, start, end, label }];
    return () => {
      this.pending = this.pending.filter((p) => p.seq !== seq);
      if (this.sentence?.id !== sentenceId) this.pending = [];
    };
  }

  /** Runs edits one after another in key-press order; resolves true when the core saved it. */
  #edit<M extends EditMethod>(action: string, method: M, params: Params<M>): Promise<boolean> {
    return this.#enqueue(async () => {
      try {
        const result = (await this.app.client.call(method as Method, params as never)) as { sentence: Sentence };
        if (this.sentence?.id === result.sentence.id) this.#show(result.sentence);
        this.list.patch(result.sentence);
        this.context.afterEdit();
        return true;
      } catch (err) {
        this.error = { action, error: asApiError(err) };
        return false;
      }
    });
  }

  /**
   * The core announces every undo to every window. Ours are already shown from their answer, so
   * their announcements are skipped; refreshing again would only make the list jump.
   */
  sentencesChanged(reason: 'import' | 'predictions' | 'undo' | 'project'): Promise<void> {
    if (reason === 'undo' && this.#ownUndos > 0) {
      this.#ownUndos -= 1;
      return Promise.resolve();
    }
    return this.refreshAll();
  }

  #history([action, done]: [string, string], run: () => Promise<UndoResult>, nothing: string): Promise<void> {
    return this.#enqueue(async () => {
      this.#ownUndos += 1;
      try {
        const result = await run().catch((err: unknown) => {
          this.#ownUndos = Math.max(0, this.#ownUndos - 1);
          throw err;
        });
        if (!result.edit) {
          this.#ownUndos = Math.max(0, this.#ownUndos - 1);
          this.notice = nothing;
          return;
        }
        if (result.sentence) {
          if (this.sentence?.id === result.sentence.id) this.#show(result.sentence);
          else await this.open(result.sentence.id);
          this.list.patch(result.sentence);
        }
        this.notice = `${done}: ${result.edit.description}`;
        this.context.afterEdit();
        // A revert can change many sentences; the answer names only the last one.
        if (action === 'Reverting') void this.list.refresh();
      } catch (err) {
        this.error = { action, error: asApiError(err) };
      }
    });
  }

  #enqueue<T>(job: () => Promise<T>): Promise<T> {
    this.saving += 1;
    const run = this.#queue.then(job);
    this.#queue = run.catch(() => undefined);
    return run.finally(() => {
      this.saving -= 1;
    });
  }
}
