// Sentence pairs, their token links (an undoable edit) and pair suggestions.

import type Database from 'better-sqlite3';
import type { EditSummary, LinkValue, TokenLink } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import type { EditLog } from './edit-log.js';
import { now, stmt } from './rows.js';
import { readPairSnapshot, samePairSnapshot } from './snapshots.js';
import { decodeTokens, wordsOf } from './tokens-codec.js';

export interface PairRecord {
  id: number;
  a: number;
  b: number;
  links: TokenLink[];
  createdAt: string;
}

export interface PairListing {
  total: number;
  rows: { id: number; a: number; b: number; links: number; createdAt: string }[];
}

export interface SuggestedPair {
  a: number;
  b: number;
  reason: string;
}

// How many sentences per language a suggestion looks at: enough to find shared names in a
// news corpus, few enough to answer a click at once on a 100k-sentence project.
const POOL = 3000;
// A capitalised word: an upper-case letter followed by a lower-case one (Clinton), or a short
// all-capitals acronym (EU, NATO).
const CAPITALISED = /^\p{Lu}(?:\p{Ll}|\p{Lu}{1,4}$)/u;

export class PairRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly log: EditLog,
  ) {}

  private existing(a: number, b: number): number | null {
    const r = stmt(this.db, 'SELECT id FROM pairs WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)').get(a, b, b, a) as
      { id: number } | undefined;
    return r?.id ?? null;
  }

  /** Creates the pair, or returns the existing one for the same two sentences in either order. */
  create(a: number, b: number): number {
    if (a === b) throw new CoreError('BAD_REQUEST', 'a sentence cannot be paired with itself');
    return this.db
      .transaction((): number => {
        for (const id of [a, b]) {
          if (stmt(this.db, 'SELECT 1 AS x FROM sentences WHERE id = ?').get(id) === undefined)
            throw new CoreError('NOT_FOUND', `no sentence ${id}`);
        }
        // A deleted pair's id is never given out again: the edit log names pairs by id, and
        // undoing a link on a deleted pair must find no pair, not a new one that took its id.
        const insert = stmt(
          this.db,
          `INSERT INTO pairs (id, a, b, created_at) VALUES (
             max(coalesce((SELECT max(id) FROM pairs), 0), coalesce((SELECT max(pair_id) FROM edits), 0)) + 1, ?, ?, ?)`,
        );
        return this.existing(a, b) ?? Number(insert.run(a, b, now()).lastInsertRowid);
      })
      .immediate();
  }

  exists(id: number): boolean {
    return stmt(this.db, 'SELECT 1 AS x FROM pairs WHERE id = ?').get(id) !== undefined;
  }

  get(id: number): PairRecord {
    const r = stmt(this.db, 'SELECT id, a, b, created_at AS createdAt FROM pairs WHERE id = ?').get(id) as
      Omit<PairRecord, 'links'> | undefined;
    if (r === undefined) throw new CoreError('NOT_FOUND', `no pair ${id}`);
    return { ...r, links: readPairSnapshot(this.db, id).links };
  }

  /** Newest first. */
  list(offset: number, limit: number): PairListing {
    const total = (stmt(this.db, 'SELECT count(*) AS n FROM pairs').get() as { n: number }).n;
    const rows = stmt(
      this.db,
      `SELECT p.id, p.a, p.b, p.created_at AS createdAt, (SELECT count(*) FROM links l WHERE l.pair_id = p.id) AS links
       FROM pairs p ORDER BY p.id DESC LIMIT ? OFFSET ?`,
    ).all(limit, offset) as PairListing['rows'];
    return { total, rows };
  }

  delete(id: number): void {
    if (stmt(this.db, 'DELETE FROM pairs WHERE id = ?').run(id).changes === 0) throw new CoreError('NOT_FOUND', `no pair ${id}`);
  }

  private words(sentenceId: number): string[] {
    const r = stmt(this.db, 'SELECT text, tokens FROM sentences WHERE id = ?').get(sentenceId) as { text: string; tokens: Buffer };
    return wordsOf(r.text, decodeTokens(r.tokens));
  }

  /** Sets (or with null clears) the user's link between token i of a and token j of b, as an undoable edit. */
  link(pairId: number, i: number, j: number, value: LinkValue | null): EditSummary | null {
    const edit = this.db
      .transaction((): EditSummary | null => {
        const p = this.get(pairId);
        const wa = this.words(p.a);
        const wb = this.words(p.b);
        if (!Number.isInteger(i) || i < 0 || i >= wa.length)
          throw new CoreError('BAD_REQUEST', `token i=${i} is outside sentence ${p.a}'s ${wa.length} tokens`);
        if (!Number.isInteger(j) || j < 0 || j >= wb.length)
          throw new CoreError('BAD_REQUEST', `token j=${j} is outside sentence ${p.b}'s ${wb.length} tokens`);
        const before = { links: p.links };
        if (value === null) stmt(this.db, 'DELETE FROM links WHERE pair_id = ? AND i = ? AND j = ?').run(pairId, i, j);
        else {
          stmt(
            this.db,
            `INSERT INTO links (pair_id, i, j, value, source) VALUES (?, ?, ?, ?, 'user')
             ON CONFLICT (pair_id, i, j) DO UPDATE SET value = excluded.value, source = excluded.source`,
          ).run(pairId, i, j, value);
        }
        const after = readPairSnapshot(this.db, pairId);
        if (samePairSnapshot(before, after)) return null;
        const what = value === null ? 'unlink' : `link ${value}`;
        return this.log.record('link', { pairId }, before, after, `${what} “${wa[i]}” ↔ “${wb[j]}”`);
      })
      .immediate();
    this.log.sync();
    return edit;
  }

  private sample(lang: string, n: number): number[] {
    return stmt(this.db, 'SELECT id FROM sentences WHERE lang = ? ORDER BY random() LIMIT ?')
      .all(lang, n)
      .map((r) => (r as { id: number }).id);
  }

  /** Pairs not yet made: random ones, or ones sharing a capitalised word that does not start its sentence. */
  suggest(mode: 'random' | 'shared-capitalised', langA: string, langB: string, count: number): SuggestedPair[] {
    const out: SuggestedPair[] = [];
    const taken = new Set<string>();
    const fresh = (a: number, b: number): boolean => {
      const key = a < b ? `${a}:${b}` : `${b}:${a}`;
      if (a === b || taken.has(key) || this.existing(a, b) !== null) return false;
      taken.add(key);
      return true;
    };
    if (mode === 'random') {
      const as = this.sample(langA, count * 2);
      const bs = this.sample(langB, count * 2);
      for (let k = 0; k < as.length && out.length < count; k++) {
        const b = bs.find((x) => fresh(as[k]!, x));
        if (b !== undefined) out.push({ a: as[k]!, b, reason: 'random' });
      }
      return out;
    }
    const capitalised = (id: number): string[] => [
      ...new Set(
        this.words(id)
          .slice(1)
          .filter((w) => CAPITALISED.test(w)),
      ),
    ];
    const poolA = this.sample(langA, POOL);
    const poolB = langA === langB ? poolA : this.sample(langB, POOL);
    const byWord = new Map<string, number[]>();
    for (const b of poolB) {
      for (const w of capitalised(b)) {
        const list = byWord.get(w);
        if (list === undefined) byWord.set(w, [b]);
        else list.push(b);
      }
    }
    for (const a of poolA) {
      if (out.length >= count) break;
      for (const w of capitalised(a)) {
        const b = byWord.get(w)?.find((x) => fresh(a, x));
        if (b !== undefined) {
          out.push({ a, b, reason: `both mention “${w}”` });
          break;
        }
      }
    }
    return out;
  }
}
