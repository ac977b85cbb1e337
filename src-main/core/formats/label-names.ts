// Entity types from tools that allow any label text (Label Studio's "Person Name", INCEpTION's
// "人名") mapped to names a project's label set can hold: 1-32 ASCII letters, digits, '_', '.'
// or '-'. Names that already fit are kept; every renaming is reported, never done quietly.

import { LABEL_NAME } from '../store/project-repo.js';

const MAX = 32;

export class LabelNamer {
  private readonly byRaw = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly renamed: [string, string][] = [];
  private unnamed = 0;

  /** The project label for `raw`; the same raw text always gets the same name. */
  name(raw: string): string {
    const known = this.byRaw.get(raw);
    if (known !== undefined) return known;
    let name = LABEL_NAME.test(raw) ? raw : ascii(raw);
    if (name === '') name = `LABEL${++this.unnamed}`;
    // Two raw names that fold to one ("Person Name", "Person-Name" stay apart, "A B" and "A_B" not).
    if (name !== raw || this.taken.has(name)) {
      const base = name.slice(0, MAX - 3);
      for (let k = 2; this.taken.has(name); k++) name = `${base}_${k}`;
    }
    this.byRaw.set(raw, name);
    this.taken.add(name);
    if (name !== raw) this.renamed.push([raw, name]);
    return name;
  }

  /** One warning listing every renamed label, or null when none was. */
  warning(file: string): string | null {
    if (this.renamed.length === 0) return null;
    const list = this.renamed.map(([raw, name]) => `${JSON.stringify(raw)} → ${name}`).join(', ');
    return `${file}: label names a project cannot hold were renamed (1-32 ASCII letters, digits, '_', '.' or '-'): ${list}`;
  }
}

/** Accents dropped, every other disallowed run made one '_', leading punctuation removed. */
function ascii(raw: string): string {
  const folded = raw
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, MAX)
    .replace(/[_.-]+$/, '');
  return /[A-Za-z0-9]/.test(folded) ? folded : '';
}
