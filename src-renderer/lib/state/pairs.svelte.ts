// The Pairs screen: the list of sentence pairs, the open pair with its token links, the model's
// similarity guesses when a teacher exists, and suggestions for new pairs.

import type { EditSummary, LinkValue, Pair, PairRow, PairSuggestion, SentenceRow } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import { asApiError } from '../api/errors.js';
import type { AppState } from './app.svelte.js';

export const PAIRS_PAGE = 200;

/** same → different → unset → same: the cycle a click on a link walks through. */
export function nextLinkValue(current: LinkValue | null): LinkValue | null {
  if (current === null) return 'same';
  return current === 'same' ? 'different' : null;
}

/** One row per distinct text in a language: a corpus repeats short sentences ("Hola mundo"), and a list of twins offers no choice. */
export function distinctSentences(rows: readonly SentenceRow[]): SentenceRow[] {
  // A local during one filter, never drawn: no reactivity wanted.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.lang}\u0000${r.preview}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export class SentencePicker {
  readonly #app: AppState;
  lang = $state('');
  q = $state('');
  results = $state.raw<SentenceRow[]>([]);
  /** The search the results answer, once one has been made (so "no matches" can be said). */
  searched = $state.raw<{ lang: string; q: string } | null>(null);
  chosen = $state.raw<SentenceRow | null>(null);
  error = $state.raw<ApiError | null>(null);
  #seq = 0;

  constructor(app: AppState) {
    this.#app = app;
  }

  reset(): void {
    this.lang = '';
    this.q = '';
    this.results = [];
    this.searched = null;
    this.chosen = null;
    this.error = null;
  }

  async search(): Promise<void> {
    const seq = ++this.#seq;
    const filter = { ...(this.lang ? { lang: this.lang } : {}), ...(this.q.trim() ? { q: this.q.trim() } : {}) };
    try {
      const { rows } = await this.#app.client.call('sentences.list', { filter, sort: 'document', offset: 0, limit: 40 });
      if (seq === this.#seq) {
        this.results = distinctSentences(rows).slice(0, 20);
        this.searched = { lang: this.lang, q: this.q.trim() };
        this.error = null;
      }
    } catch (err) {
      if (seq === this.#seq) this.error = asApiError(err);
    }
  }
}

export class PairsState {
  readonly app: AppState;
  rows = $state.raw<PairRow[]>([]);
  total = $state(0);
  pair = $state.raw<Pair | null>(null);
  similarity = $state.raw<number[][] | null>(null);
  /** Why no model guesses are drawn, in words. */
  similarityNote = $state<string | null>(null);
  /** The token of sentence A waiting for its partner in B. */
  from = $state<number | null>(null);
  suggestions = $state.raw<PairSuggestion[]>([]);
  suggestMode = $state<'random' | 'shared-capitalised'>('shared-capitalised');
  langA = $state('');
  langB = $state('');
  busy = $state(false);
  error = $state.raw<{ action: string; error: ApiError } | null>(null);
  /** The pair edit an undo here would take back, and one a redo would bring back. */
  undoable = $state.raw<EditSummary | null>(null);
  redoable = $state.raw<EditSummary | null>(null);
  /** What the last undo or redo did, in words. */
  notice = $state<string | null>(null);
  readonly pickA: SentencePicker;
  readonly pickB: SentencePicker;
  #projectPath: string | null = null;

  constructor(app: AppState) {
    this.app = app;
    this.pickA = new SentencePicker(app);
    this.pickB = new SentencePicker(app);
  }

  async start(id: number | null): Promise<void> {
    const path = this.app.project?.path ?? null;
    if (path !== this.#projectPath) {
      this.#projectPath = path;
      this.pair = null;
      this.suggestions = [];
      this.pickA.reset();
      this.pickB.reset();
      this.langA = '';
      this.langB = '';
    }
    const langs = this.app.project?.languages ?? [];
    this.langA ||= langs[0]?.code ?? '';
    this.langB ||= langs[1]?.code ?? langs[0]?.code ?? '';
    await this.loadList();
    void this.loadHistory();
    const first = id ?? this.rows[0]?.id ?? null;
    if (first !== null) await this.open(first);
  }

  /** The next pair edit to undo and to redo; Annotate's sentence edits are its own. */
  async loadHistory(): Promise<void> {
    try {
      const { undo, redo } = await this.app.client.call('edits.history', { limit: 1, scope: 'pairs' });
      this.undoable = undo[0] ?? null;
      this.redoable = redo[0] ?? null;
    } catch {
      this.undoable = null;
      this.redoable = null;
    }
  }

  undo(): Promise<void> {
    return this.#step('undo');
  }

  redo(): Promise<void> {
    return this.#step('redo');
  }

  async #step(which: 'undo' | 'redo'): Promise<void> {
    await this.#try(which === 'undo' ? 'Undoing' : 'Redoing', async () => {
      const result = await this.app.client.call(which === 'undo' ? 'edits.undo' : 'edits.redo', { scope: 'pairs' });
      if (!result.edit) {
        this.notice = which === 'undo' ? 'No link edit to undo.' : 'No link edit to redo.';
        return;
      }
      this.notice = `${which === 'undo' ? 'Undone' : 'Redone'}: ${result.edit.description}`;
      if (result.pair) {
        this.#patchRow(result.pair);
        if (this.pair?.id === result.pair.id) this.pair = result.pair;
        else await this.open(result.pair.id);
      }
    });
    await this.loadHistory();
  }

  async loadList(): Promise<void> {
    await this.#try('Loading the pairs', async () => {
      const { total, rows } = await this.app.client.call('pairs.list', { offset: 0, limit: PAIRS_PAGE });
      this.total = total;
      this.rows = rows;
    });
  }

  async open(id: number): Promise<void> {
    await this.#try('Opening the pair', async () => {
      this.pair = await this.app.client.call('pairs.get', { id });
      this.from = null;
      this.app.setRouteId(id);
    });
    await this.loadSimilarity();
  }

  async loadSimilarity(): Promise<void> {
    const pair = this.pair;
    this.similarity = null;
    if (!pair) return;
    try {
      const result = await this.app.client.call('pairs.similarity', { pairId: pair.id });
      if (this.pair?.id !== pair.id) return;
      this.similarity = result?.s ?? null;
      this.similarityNote = result ? null : 'Model guesses appear here once a teacher has been trained.';
    } catch (err) {
      this.similarityNote = `Model guesses are not available: ${asApiError(err).message}`;
    }
  }

  linkValue(i: number, j: number): LinkValue | null {
    return this.pair?.links.find((l) => l.i === i && l.j === j && l.source === 'user')?.value ?? null;
  }

  /** Moves the link between token i of A and token j of B one step along its cycle. */
  async cycle(i: number, j: number): Promise<void> {
    const pair = this.pair;
    if (!pair) return;
    const value = nextLinkValue(this.linkValue(i, j));
    await this.#try('Saving the link', async () => {
      this.pair = await this.app.client.call('pairs.link', { pairId: pair.id, i, j, value });
      this.#patchRow(this.pair);
      this.notice = null;
    });
    await this.loadHistory();
  }

  /** Chooses token i of A, or (with one chosen) links it to token j of B. */
  async pickToken(side: 'a' | 'b', index: number): Promise<void> {
    if (side === 'a') {
      this.from = this.from === index ? null : index;
      return;
    }
    if (this.from === null) {
      this.error = {
        action: 'Linking tokens',
        error: { code: 'BAD_REQUEST', message: 'Choose a token in the upper sentence first, then its partner below.' },
      };
      return;
    }
    await this.cycle(this.from, index);
  }

  async create(a: number, b: number): Promise<void> {
    await this.#try('Pairing the sentences', async () => {
      const pair = await this.app.client.call('pairs.create', { a, b });
      await this.loadList();
      await this.open(pair.id);
    });
  }

  async remove(id: number): Promise<void> {
    await this.#try('Deleting the pair', async () => {
      await this.app.client.call('pairs.delete', { id });
      if (this.pair?.id === id) {
        this.pair = null;
        this.app.setRouteId(null);
      }
      await this.loadList();
    });
  }

  async suggest(): Promise<void> {
    await this.#try('Suggesting pairs', async () => {
      this.suggestions = await this.app.client.call('pairs.suggest', {
        mode: this.suggestMode,
        langA: this.langA,
        langB: this.langB,
        count: 8,
      });
    });
  }

  #patchRow(pair: Pair): void {
    const links = pair.links.filter((l) => l.source === 'user').length;
    this.rows = this.rows.map((r) => (r.id === pair.id ? { ...r, links } : r));
  }

  async #try(action: string, job: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await job();
    } catch (err) {
      this.error = { action, error: asApiError(err) };
    } finally {
      this.busy = false;
    }
  }
}
