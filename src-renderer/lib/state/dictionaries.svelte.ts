// The project's bilingual dictionaries (Projects screen): importing a file, the list with each
// dictionary's coverage, browsing one dictionary's words page by page, fixing a translation, and
// removing. The Train form reads the same list to offer a dictionary for the run's language pair.

import type { DictionaryImport } from '../../../src-main/contract/api.js';
import type { DictionaryEntry, DictionaryInfo } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import { fileToBase64 } from '../bytes.js';
import { asApiError } from '../api/errors.js';
import type { AppState } from './app.svelte.js';
import type { PickedFile } from './import.svelte.js';

/** Rows fetched per request while browsing; the list shows about 12 at a time. */
export const ENTRY_PAGE = 100;

/** The dictionaries usable for a run from `sourceLangs` to `targetLang`. */
export function dictionariesFor(list: readonly DictionaryInfo[], sourceLangs: readonly string[], targetLang: string): DictionaryInfo[] {
  return list.filter((d) => sourceLangs.includes(d.srcLang) && d.tgtLang === targetLang);
}

/**
 * The dictionaries the Train form should hold, at most one per source language: the current
 * choice for a language while it still fits the pair, otherwise that language's first matching
 * dictionary. A language whose dictionary the person chose themselves (`chosenLangs`, including
 * none) keeps that choice as long as it fits.
 */
export function preselect(
  list: readonly DictionaryInfo[],
  sourceLangs: readonly string[],
  targetLang: string,
  current: readonly number[],
  chosenLangs: readonly string[],
): number[] {
  const out: number[] = [];
  for (const lang of sourceLangs) {
    const fits = dictionariesFor(list, [lang], targetLang);
    const kept = fits.find((d) => current.includes(d.id));
    const pick = kept ?? (chosenLangs.includes(lang) ? undefined : fits[0]);
    if (pick) out.push(pick.id);
  }
  return out;
}

/** Translations typed as one line: separated by commas. */
export function parseTargets(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(',').map((x) => x.trim())) if (t !== '' && !out.includes(t)) out.push(t);
  return out;
}

export class DictionariesState {
  readonly app: AppState;
  list = $state.raw<DictionaryInfo[] | null>(null);
  /** Loading or removing failed. */
  error = $state.raw<{ action: string; error: ApiError } | null>(null);

  file = $state.raw<PickedFile | null>(null);
  /** A path on this computer (desktop), used when no file was dropped. */
  path = $state('');
  name = $state('');
  srcLang = $state('');
  tgtLang = $state('');
  importing = $state(false);
  importError = $state.raw<ApiError | null>(null);
  done = $state<string | null>(null);

  /** The dictionary being browsed. */
  selected = $state<number | null>(null);
  q = $state('');
  total = $state(0);
  /** Loaded rows by index; the virtual list asks for the pages it shows. */
  rows = $state.raw<(DictionaryEntry | undefined)[]>([]);
  entriesError = $state.raw<ApiError | null>(null);
  /** The word being edited and its translations as typed. */
  editSource = $state('');
  editTargets = $state('');
  saving = $state(false);
  saveError = $state.raw<ApiError | null>(null);
  #browseSeq = 0;
  // Pages asked for; bookkeeping, never drawn.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pages = new Set<number>();
  #stale = false;
  /**
   * Words saved while this dictionary is browsed: an answer to a list request sent before a save
   * may arrive after it, and must not bring the old translations back.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #saved = new Map<string, DictionaryEntry>();

  current = $derived(this.list?.find((d) => d.id === this.selected) ?? null);

  constructor(app: AppState) {
    this.app = app;
  }

  async load(): Promise<void> {
    if (!this.app.project) {
      this.list = null;
      return;
    }
    try {
      this.list = await this.app.client.call('dictionaries.list', {});
      if (this.selected !== null && !this.list.some((d) => d.id === this.selected)) this.selected = null;
      if (this.error?.action === 'Loading the dictionaries') this.error = null;
    } catch (err) {
      this.error = { action: 'Loading the dictionaries', error: asApiError(err) };
    }
  }

  /** Fills the languages from the project when empty: the first as source, the next as target. */
  defaultLanguages(): void {
    const langs = this.app.project?.languages.map((l) => l.code) ?? [];
    if (this.srcLang === '') this.srcLang = langs[0] ?? '';
    if (this.tgtLang === '') this.tgtLang = langs.find((l) => l !== this.srcLang) ?? '';
  }

  async pick(file: File): Promise<void> {
    this.importError = null;
    this.done = null;
    try {
      this.file = { kind: 'bytes', name: file.name, size: file.size, base64: await fileToBase64(file) };
    } catch (err) {
      this.file = null;
      this.importError = { code: 'IMPORT_ERROR', message: `${file.name}: the file could not be read (${asApiError(err).message})` };
    }
  }

  params(): DictionaryImport | null {
    const source: DictionaryImport['source'] | null =
      this.file?.kind === 'bytes'
        ? { kind: 'bytes', name: this.file.name, base64: this.file.base64 }
        : this.file?.kind === 'path'
          ? { kind: 'path', path: this.file.path }
          : this.path.trim() !== ''
            ? { kind: 'path', path: this.path.trim() }
            : null;
    if (source === null) return null;
    const p: DictionaryImport = { source, srcLang: this.srcLang.trim(), tgtLang: this.tgtLang.trim() };
    if (this.name.trim() !== '') p.name = this.name.trim();
    return p;
  }

  /** Imports the chosen file; true when it arrived (then it is the one browsed). */
  async import(): Promise<boolean> {
    const p = this.params();
    if (p === null) {
      this.importError = { code: 'BAD_REQUEST', message: 'Drop or choose a dictionary file first.' };
      return false;
    }
    if (p.srcLang === '' || p.tgtLang === '') {
      this.importError = { code: 'BAD_REQUEST', message: 'Give the languages the dictionary translates from and to.' };
      return false;
    }
    this.importing = true;
    this.importError = null;
    this.done = null;
    try {
      const d = await this.app.client.call('dictionaries.import', p);
      this.list = [...(this.list ?? []), d];
      this.file = null;
      this.path = '';
      this.name = '';
      this.done = `Imported “${d.name}”: ${d.words.toLocaleString('en-US')} words, ${d.entries.toLocaleString('en-US')} translations.`;
      await this.browse(d.id);
      return true;
    } catch (err) {
      this.importError = asApiError(err);
      return false;
    } finally {
      this.importing = false;
    }
  }

  async remove(id: number): Promise<void> {
    try {
      await this.app.client.call('dictionaries.remove', { id });
      this.list = (this.list ?? []).filter((d) => d.id !== id);
      if (this.selected === id) this.selected = null;
      this.error = null;
    } catch (err) {
      this.error = { action: 'Removing the dictionary', error: asApiError(err) };
    }
  }

  /** Shows dictionary `id` from its first word (or the search in `q`). */
  async browse(id: number | null = this.selected): Promise<void> {
    // A new search in the same dictionary keeps the word being edited.
    if (id !== this.selected) {
      this.#saved.clear();
      this.editSource = '';
      this.editTargets = '';
      this.saveError = null;
    }
    const same = id === this.selected;
    this.selected = id;
    this.#browseSeq++;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.#pages = new Set();
    // A new search keeps the rows on screen until its answer replaces them: nothing blinks.
    this.#stale = same;
    if (!same || id === null) {
      this.rows = [];
      this.total = 0;
    }
    if (id === null) return;
    await this.ensure(0);
  }

  /** Loads the page holding row `index` unless it is loaded or on its way. */
  async ensure(index: number): Promise<void> {
    const id = this.selected;
    if (id === null) return;
    const page = Math.floor(index / ENTRY_PAGE);
    if (this.#pages.has(page)) return;
    this.#pages.add(page);
    const seq = this.#browseSeq;
    try {
      const q = this.q.trim();
      const r = await this.app.client.call('dictionaries.entries', {
        id,
        offset: page * ENTRY_PAGE,
        limit: ENTRY_PAGE,
        ...(q ? { q } : {}),
      });
      if (seq !== this.#browseSeq) return;
      const rows = this.#stale ? [] : [...this.rows];
      this.#stale = false;
      rows.length = r.total;
      r.rows.forEach((row, k) => (rows[page * ENTRY_PAGE + k] = this.#saved.get(row.source) ?? row));
      this.rows = rows;
      this.total = r.total;
      this.entriesError = null;
    } catch (err) {
      this.#pages.delete(page);
      if (seq === this.#browseSeq) this.entriesError = asApiError(err);
    }
  }

  edit(entry: DictionaryEntry | null): void {
    this.editSource = entry?.source ?? this.q.trim();
    this.editTargets = entry?.targets.join(', ') ?? '';
    this.saveError = null;
  }

  /** Saves the translations of `editSource` (an empty list removes the word); coverage is read again. */
  async save(): Promise<boolean> {
    const id = this.selected;
    const source = this.editSource.trim();
    if (id === null || source === '') return false;
    // What the list showed of the word before the save, for the counts (the rows may change meanwhile).
    const before = this.rows.find((r) => r?.source === source);
    const had = before !== undefined && before.targets.length > 0;
    const seq = this.#browseSeq;
    this.saving = true;
    try {
      const entry = await this.app.client.call('dictionaries.setEntry', { id, source, targets: parseTargets(this.editTargets) });
      if (id === this.selected) this.#saved.set(entry.source, entry);
      const coverage = await this.app.client.call('dictionaries.coverage', { id });
      const words = (entry.targets.length > 0 ? 1 : 0) - (had ? 1 : 0);
      const entries = entry.targets.length - (before?.targets.length ?? 0);
      this.list = (this.list ?? []).map((d) =>
        d.id === id ? { ...d, coverage, words: d.words + words, entries: d.entries + entries } : d,
      );
      this.saveError = null;
      this.done = entry.targets.length === 0 ? `Removed “${entry.source}”.` : `Saved “${entry.source}” → ${entry.targets.join(', ')}.`;
      this.editSource = '';
      this.editTargets = '';
      if (before !== undefined && seq === this.#browseSeq) {
        this.rows = this.rows.map((r) => (r?.source === entry.source ? entry : r));
      } else {
        // A new word, or a search answered meanwhile (perhaps from before the save): read the
        // list again, where the word now has its place.
        await this.browse(id);
      }
      return true;
    } catch (err) {
      this.saveError = asApiError(err);
      return false;
    } finally {
      this.saving = false;
    }
  }
}
