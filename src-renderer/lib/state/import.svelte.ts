// The import dialog: read a dropped file, show the core's preview, then import all or nothing.
// The preview proposes the language and split the file looks like (until the person picks their
// own), and lists entity types the project lacks: the import adds them only once each is ticked.

import type { ImportOptions } from '../../../src-main/contract/api.js';
import type { CorpusFormat, ImportPreview, ImportSummary, Language, Split } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import { fileToBase64 } from '../bytes.js';
import { asApiError } from '../api/errors.js';
import type { AppState } from './app.svelte.js';

/** A file read in the page (dropped or chosen), or a path a native dialog chose (desktop menu). */
export type PickedFile = { kind: 'bytes'; name: string; size: number; base64: string } | { kind: 'path'; name: string; path: string };

export class ImportState {
  readonly app: AppState;
  /** Whether the import dialog is showing. */
  open = $state(false);
  file = $state.raw<PickedFile | null>(null);
  lang = $state('');
  split = $state<Split>('train');
  unlabelled = $state(false);
  format = $state<CorpusFormat | 'auto'>('auto');
  /** Filled when `lang` is a code the project does not have yet. */
  newLanguage = $state.raw<Language>({ code: '', name: '', direction: 'ltr' });
  preview = $state.raw<ImportPreview | null>(null);
  previewing = $state(false);
  running = $state(false);
  error = $state.raw<ApiError | null>(null);
  result = $state.raw<ImportSummary | null>(null);
  /** Entity types the project lacks that the person agreed to add. */
  addLabels = $state<string[]>([]);
  /** The person chose the language or the split themselves: the preview's guess no longer overrides it. */
  langChosen = $state(false);
  splitChosen = $state(false);
  #previewSeq = 0;

  constructor(app: AppState) {
    this.app = app;
  }

  get knownLanguage(): boolean {
    return (this.app.project?.languages ?? []).some((l) => l.code === this.lang);
  }

  /** Entity types the project lacks and the person has not agreed to add yet; the import waits for them. */
  get unconfirmedLabels(): string[] {
    if (!this.preview || this.unlabelled) return [];
    return this.preview.newLabels.filter((l) => !this.addLabels.includes(l));
  }

  chooseLang(lang: string): void {
    this.lang = lang;
    this.langChosen = true;
  }

  chooseSplit(split: Split): void {
    this.split = split;
    this.splitChosen = true;
  }

  confirmLabel(label: string, on: boolean): void {
    this.addLabels = on ? [...this.addLabels.filter((l) => l !== label), label] : this.addLabels.filter((l) => l !== label);
  }

  /** Takes the preview's proposals for what the person has not chosen themselves. */
  #propose(preview: ImportPreview): void {
    const { guess } = preview;
    if (!this.langChosen && guess.lang !== null) {
      this.lang = guess.lang;
      if (!this.knownLanguage) this.newLanguage = { code: guess.lang, name: guess.langName ?? '', direction: this.newLanguage.direction };
    }
    if (!this.splitChosen) this.split = guess.split;
  }

  reset(): void {
    this.file = null;
    this.preview = null;
    this.error = null;
    this.result = null;
    this.unlabelled = false;
    this.format = 'auto';
    this.addLabels = [];
    this.langChosen = false;
    this.splitChosen = false;
    const first = this.app.project?.languages[0];
    this.lang = first?.code ?? '';
    this.newLanguage = { code: '', name: '', direction: 'ltr' };
  }

  /** Opens the dialog afresh (optionally on a path the desktop menu's dialog chose). */
  show(path?: string): void {
    this.reset();
    this.open = true;
    if (path !== undefined) {
      this.file = { kind: 'path', name: path.split(/[\\/]/).pop() ?? path, path };
      void this.runPreview();
    }
  }

  async pick(file: File): Promise<void> {
    this.result = null;
    this.error = null;
    this.preview = null;
    // A new file gets the proposals made for it.
    this.langChosen = false;
    this.splitChosen = false;
    this.addLabels = [];
    try {
      this.file = { kind: 'bytes', name: file.name, size: file.size, base64: await fileToBase64(file) };
    } catch (err) {
      this.file = null;
      this.error = { code: 'IMPORT_ERROR', message: `${file.name}: the file could not be read (${asApiError(err).message})` };
      return;
    }
    await this.runPreview();
  }

  options(): ImportOptions | null {
    if (!this.file) return null;
    const opts: ImportOptions = {
      source:
        this.file.kind === 'bytes'
          ? { kind: 'bytes', name: this.file.name, base64: this.file.base64 }
          : { kind: 'path', path: this.file.path },
      lang: this.lang || 'und',
      split: this.split,
    };
    if (this.unlabelled) opts.unlabelled = true;
    if (this.format !== 'auto') opts.format = this.format;
    // Given, the core adds only these types and refuses a file with others the project lacks.
    opts.addLabels = [...this.addLabels];
    return opts;
  }

  async runPreview(): Promise<void> {
    const opts = this.options();
    if (!opts) return;
    const seq = ++this.#previewSeq;
    this.previewing = true;
    this.error = null;
    try {
      const preview = await this.app.client.call('imports.preview', opts);
      if (seq === this.#previewSeq) {
        this.preview = preview;
        this.#propose(preview);
      }
    } catch (err) {
      if (seq === this.#previewSeq) {
        this.preview = null;
        this.error = asApiError(err);
      }
    } finally {
      if (seq === this.#previewSeq) this.previewing = false;
    }
  }

  /** Imports the previewed file; adds the language first when the project does not have it. */
  async run(): Promise<boolean> {
    const opts = this.options();
    if (!opts || !this.preview) return false;
    if (!this.lang.trim()) {
      this.error = { code: 'BAD_REQUEST', message: 'Choose the language of these sentences.' };
      return false;
    }
    const unconfirmed = this.unconfirmedLabels;
    if (unconfirmed.length > 0) {
      this.error = { code: 'BAD_REQUEST', message: `Tick ${unconfirmed.join(', ')} to add it to the label set, or import as unlabelled` };
      return false;
    }
    this.running = true;
    this.error = null;
    try {
      if (!this.knownLanguage) {
        const lang = { ...this.newLanguage, code: this.lang.trim(), name: this.newLanguage.name.trim() || this.lang.trim() };
        this.app.setProject(await this.app.client.call('languages.upsert', lang));
      }
      this.result = await this.app.client.call('imports.run', opts);
      await this.app.refreshProject();
      return true;
    } catch (err) {
      this.error = asApiError(err);
      return false;
    } finally {
      this.running = false;
    }
  }
}
