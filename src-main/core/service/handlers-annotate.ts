// Handlers for reading sentences, annotating them and the undo history.

import type { EditResult, Handlers, UndoResult } from '../../contract/api.js';
import type { EditSummary } from '../../contract/entities.js';
import type { Reverted } from '../store/index.js';
import type { Session } from './session.js';

type AnnotateMethods =
  | 'sentences.list'
  | 'sentences.get'
  | 'sentences.locate'
  | 'sentences.neighbours'
  | 'sentences.next'
  | 'annotations.set'
  | 'annotations.remove'
  | 'annotations.confirm'
  | 'annotations.accept'
  | 'annotations.reject'
  | 'edits.undo'
  | 'edits.redo'
  | 'edits.history'
  | 'edits.revert';

export function annotateHandlers(session: Session): Pick<Handlers, AnnotateMethods> {
  const store = () => session.requireStore();
  const edited = (sentenceId: number, edit: EditSummary | null): EditResult => ({ sentence: session.sentence(sentenceId), edit });

  const undoResult = (r: Reverted | null): UndoResult => {
    if (r === null) return { edit: null, sentence: null, pair: null };
    session.emit('sentences.changed', { reason: 'undo' });
    const s = store();
    return {
      edit: r.edit,
      sentence: r.sentenceId !== null && s.sentences.exists(r.sentenceId) ? session.sentence(r.sentenceId) : null,
      pair: r.pairId !== null && s.pairs.exists(r.pairId) ? session.pair(r.pairId) : null,
    };
  };

  return {
    'sentences.list': async ({ filter, sort, offset, limit }) => store().sentences.list(filter, sort, offset, limit),
    'sentences.get': async ({ id }) => session.sentence(id),
    'sentences.locate': async ({ id, filter, sort }) => ({ index: store().sentences.locate(id, filter, sort) }),
    'sentences.neighbours': async ({ id, radius }) => store().sentences.neighbours(id, radius),
    'sentences.next': async ({ after, filter, sort }) => ({ id: store().sentences.next(after, filter, sort) }),

    'annotations.set': async ({ sentenceId, start, end, label }) =>
      edited(sentenceId, store().annotations.set(sentenceId, start, end, label)),
    'annotations.remove': async ({ sentenceId, token }) => edited(sentenceId, store().annotations.remove(sentenceId, token)),
    'annotations.confirm': async ({ sentenceId }) => edited(sentenceId, store().annotations.confirm(sentenceId)),
    'annotations.accept': async ({ sentenceId }) => edited(sentenceId, store().annotations.accept(sentenceId)),
    'annotations.reject': async ({ sentenceId }) => edited(sentenceId, store().annotations.reject(sentenceId)),

    'edits.undo': async ({ scope }) => undoResult(store().edits.undo(scope)),
    'edits.redo': async ({ scope }) => undoResult(store().edits.redo(scope)),
    'edits.revert': async ({ id, scope }) => undoResult(store().edits.revert(id, scope)),
    'edits.history': async ({ limit, scope }) => store().edits.history(limit, scope),
  };
}
