// User actions on a sentence's annotation layer: one transaction and one edit-log row each.

import type Database from 'better-sqlite3';
import type { EditSummary } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { quoteText, type EditLog } from './edit-log.js';
import type { ProjectRepo } from './project-repo.js';
import { stmt } from './rows.js';
import type { SentenceSnapshot } from './snapshots.js';
import { readSentenceSnapshot, sameSentenceSnapshot, writeSentenceSnapshot } from './snapshots.js';
import { decodeTokens, wordsOf } from './tokens-codec.js';
import * as rules from './transitions.js';

export class AnnotationRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly project: ProjectRepo,
    private readonly log: EditLog,
  ) {}

  private read(sentenceId: number): { text: string; words: string[] } {
    const r = stmt(this.db, 'SELECT text, tokens FROM sentences WHERE id = ?').get(sentenceId) as
      { text: string; tokens: Buffer } | undefined;
    if (r === undefined) throw new CoreError('NOT_FOUND', `no sentence ${sentenceId}`);
    return { text: r.text, words: wordsOf(r.text, decodeTokens(r.tokens)) };
  }

  /**
   * Runs one action: reads the layer, derives the next, writes and logs it if it changed. The
   * log's description says what changed in the person's words, ending with the sentence quoted,
   * so an undo can say exactly what it takes back.
   */
  private act(
    sentenceId: number,
    action: string,
    next: (layer: SentenceSnapshot, words: string[]) => SentenceSnapshot,
    describe: (before: SentenceSnapshot, words: string[]) => string,
  ): EditSummary | null {
    const edit = this.db
      .transaction((): EditSummary | null => {
        const before = readSentenceSnapshot(this.db, sentenceId);
        const { text, words } = this.read(sentenceId);
        const after = next(before, words);
        if (sameSentenceSnapshot(before, after)) return null;
        writeSentenceSnapshot(this.db, this.project, sentenceId, after);
        return this.log.record(action, { sentenceId }, before, after, `${describe(before, words)} in ${quoteText(text)}`);
      })
      .immediate();
    this.log.sync();
    return edit;
  }

  set(sentenceId: number, start: number, end: number, label: string): EditSummary | null {
    if (!this.project.labelNames().has(label)) throw new CoreError('BAD_REQUEST', `label ${label} is not in the project's label set`);
    return this.act(
      sentenceId,
      'set',
      (layer, words) => {
        if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > words.length) {
          throw new CoreError('BAD_REQUEST', `span [${start}, ${end}) is outside sentence ${sentenceId}'s ${words.length} tokens`);
        }
        return rules.setSpan(layer, start, end, label);
      },
      (_b, words) => `${label} “${quote(words, start, end)}”`,
    );
  }

  remove(sentenceId: number, token: number): EditSummary | null {
    return this.act(
      sentenceId,
      'remove',
      (layer, words) => {
        if (!Number.isInteger(token) || token < 0 || token >= words.length) {
          throw new CoreError('BAD_REQUEST', `token ${token} is outside sentence ${sentenceId}'s ${words.length} tokens`);
        }
        return rules.removeAt(layer, token);
      },
      (before, words) => {
        const s = before.spans.find((x) => x.start <= token && token < x.end)!;
        return `remove ${s.label} “${quote(words, s.start, s.end)}”`;
      },
    );
  }

  confirm(sentenceId: number): EditSummary | null {
    return this.act(
      sentenceId,
      'confirm',
      rules.confirm,
      (b) => `confirm as gold (${b.spans.length} entit${b.spans.length === 1 ? 'y' : 'ies'})`,
    );
  }

  accept(sentenceId: number): EditSummary | null {
    return this.act(sentenceId, 'accept', rules.accept, (b) => `accept ${predictions(b)}`);
  }

  reject(sentenceId: number): EditSummary | null {
    return this.act(sentenceId, 'reject', rules.reject, (b) => `reject ${predictions(b)}`);
  }
}

function predictions(b: SentenceSnapshot): string {
  const n = b.spans.filter((s) => s.provenance === 'predicted').length;
  return `${n} prediction${n === 1 ? '' : 's'}`;
}

function quote(words: string[], start: number, end: number): string {
  const text = words.slice(start, end).join(' ');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
