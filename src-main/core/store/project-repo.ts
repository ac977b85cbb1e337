// Project metadata, the label set and the languages of one project file.

import type Database from 'better-sqlite3';
import type { Label, Language } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { directionOfLang, languageName } from '../text/index.js';

// Tableau 10: ten hues that stay distinguishable for most colour-vision types; the renderer
// adjusts lightness per theme.
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const KNOWN_COLORS: Record<string, string> = { PER: '#e15759', ORG: '#4e79a7', LOC: '#59a14f', MISC: '#b07aa1' };

export const LABEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
export const LANG_CODE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/;

/** Labels for bare names: known CoNLL types get fixed colours, the rest take the palette in order; keys 1..9 by position. */
export function defaultLabels(names: readonly string[], existing: readonly Label[] = []): Label[] {
  const used = new Set(existing.map((l) => l.color));
  const usedKeys = new Set(existing.map((l) => l.key).filter((k) => k !== ''));
  const out: Label[] = [];
  let p = 0;
  for (const name of names) {
    // Own keys only: a label may be called `constructor` or `toString`.
    let color = Object.hasOwn(KNOWN_COLORS, name) ? KNOWN_COLORS[name] : undefined;
    if (color === undefined || used.has(color)) {
      const free = PALETTE.find((c) => !used.has(c));
      color = free ?? PALETTE[p++ % PALETTE.length]!;
    }
    used.add(color);
    let key = '';
    for (let k = 1; k <= 9; k++) {
      if (!usedKeys.has(String(k))) {
        key = String(k);
        break;
      }
    }
    if (key !== '') usedKeys.add(key);
    out.push({ name, color, key });
  }
  return out;
}

export function checkLabels(labels: readonly Label[]): void {
  const names = new Set<string>();
  const keys = new Set<string>();
  for (const l of labels) {
    if (!LABEL_NAME.test(l.name))
      throw new CoreError('BAD_REQUEST', `label name "${l.name}" must be 1-32 letters, digits, '_', '.' or '-'`);
    if (names.has(l.name)) throw new CoreError('BAD_REQUEST', `label "${l.name}" appears twice`);
    names.add(l.name);
    if (!/^#[0-9a-fA-F]{6}$/.test(l.color)) throw new CoreError('BAD_REQUEST', `label "${l.name}": colour must be #rrggbb`);
    if (l.key !== '') {
      if (!/^[1-9]$/.test(l.key)) throw new CoreError('BAD_REQUEST', `label "${l.name}": key must be 1..9 or empty`);
      if (keys.has(l.key)) throw new CoreError('BAD_REQUEST', `key ${l.key} is given to two labels`);
      keys.add(l.key);
    }
  }
}

export class ProjectRepo {
  constructor(private readonly db: Database.Database) {}

  meta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  labels(): Label[] {
    return this.db.prepare('SELECT name, color, key FROM labels ORDER BY position').all() as Label[];
  }

  labelNames(): Set<string> {
    return new Set(this.db.prepare('SELECT name FROM labels').pluck().all() as string[]);
  }

  /** Replaces the label set. Removing a label that spans still use is refused, naming the count. */
  setLabels(labels: readonly Label[]): void {
    checkLabels(labels);
    const keep = new Set(labels.map((l) => l.name));
    const apply = this.db.transaction(() => {
      for (const { name: old } of this.labels()) {
        if (keep.has(old)) continue;
        const n = this.db.prepare('SELECT count(*) FROM annotations WHERE label = ?').pluck().get(old) as number;
        if (n > 0)
          throw new CoreError(
            'CONFLICT',
            `label ${old} is used by ${n} span${n === 1 ? '' : 's'}; remove those spans before removing the label`,
          );
        this.db.prepare('DELETE FROM labels WHERE name = ?').run(old);
      }
      const upsert = this.db.prepare(
        `INSERT INTO labels (name, color, key, position) VALUES (?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET color = excluded.color, key = excluded.key, position = excluded.position`,
      );
      labels.forEach((l, i) => upsert.run(l.name, l.color, l.key, i));
    });
    apply.immediate();
  }

  /** Adds labels that are missing, with default colours and free keys; returns the names added. */
  ensureLabels(names: Iterable<string>): string[] {
    const have = this.labels();
    const known = new Set(have.map((l) => l.name));
    const missing = [...new Set(names)].filter((n) => !known.has(n)).sort();
    if (missing.length === 0) return [];
    for (const n of missing) {
      if (!LABEL_NAME.test(n)) throw new CoreError('BAD_REQUEST', `label name "${n}" must be 1-32 letters, digits, '_', '.' or '-'`);
    }
    const added = defaultLabels(missing, have);
    const insert = this.db.prepare('INSERT INTO labels (name, color, key, position) VALUES (?, ?, ?, ?)');
    added.forEach((l, i) => insert.run(l.name, l.color, l.key, have.length + i));
    return missing;
  }

  languages(): Language[] {
    return this.db.prepare('SELECT code, name, direction FROM languages ORDER BY code').all() as Language[];
  }

  language(code: string): Language | null {
    return (this.db.prepare('SELECT code, name, direction FROM languages WHERE code = ?').get(code) as Language | undefined) ?? null;
  }

  upsertLanguage(lang: Language): void {
    if (!LANG_CODE.test(lang.code))
      throw new CoreError('BAD_REQUEST', `language code "${lang.code}" is not a BCP 47 tag such as en or pt-BR`);
    this.db
      .prepare(
        'INSERT INTO languages (code, name, direction) VALUES (?, ?, ?) ON CONFLICT(code) DO UPDATE SET name = excluded.name, direction = excluded.direction',
      )
      .run(lang.code, lang.name, lang.direction);
  }

  /** Adds a language known only by its code, naming it in English and guessing its direction. */
  ensureLanguage(code: string): void {
    if (this.language(code) !== null) return;
    this.upsertLanguage({ code, name: languageName(code) ?? code, direction: directionOfLang(code) ?? 'ltr' });
  }

  removeLanguage(code: string): void {
    if (this.language(code) === null) throw new CoreError('NOT_FOUND', `no language ${code} in this project`);
    const n = this.db.prepare('SELECT count(*) FROM sentences WHERE lang = ?').pluck().get(code) as number;
    if (n > 0) throw new CoreError('CONFLICT', `language ${code} still has ${n} sentence${n === 1 ? '' : 's'}`);
    this.db.prepare('DELETE FROM languages WHERE code = ?').run(code);
  }

  sentenceCount(): number {
    return this.db.prepare('SELECT coalesce(sum(n), 0) FROM sentence_counts').pluck().get() as number;
  }
}
