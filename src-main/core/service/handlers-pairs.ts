// Handlers for sentence pairs and token links (the teacher's similarity lives behind the ML seam).

import type { Handlers } from '../../contract/api.js';
import { CoreError } from '../errors.js';
import type { Session } from './session.js';

type PairMethods = 'pairs.list' | 'pairs.get' | 'pairs.create' | 'pairs.delete' | 'pairs.suggest' | 'pairs.link';

export function pairHandlers(session: Session): Pick<Handlers, PairMethods> {
  const store = () => session.requireStore();
  return {
    'pairs.list': async ({ offset, limit }) => {
      const s = store();
      const listing = s.pairs.list(offset, limit);
      const rows = s.sentences.rows(listing.rows.flatMap((r) => [r.a, r.b]));
      return {
        total: listing.total,
        rows: listing.rows.map((r) => ({ id: r.id, a: rows.get(r.a)!, b: rows.get(r.b)!, links: r.links, createdAt: r.createdAt })),
      };
    },
    'pairs.get': async ({ id }) => session.pair(id),
    'pairs.create': async ({ a, b }) => session.pair(store().pairs.create(a, b)),
    'pairs.delete': async ({ id }) => {
      store().pairs.delete(id);
      return { ok: true as const };
    },
    'pairs.suggest': async ({ mode, langA, langB, count }) => {
      const s = store();
      for (const lang of [langA, langB])
        if (s.project.language(lang) === null) throw new CoreError('NOT_FOUND', `no language ${lang} in this project`);
      const found = s.pairs.suggest(mode, langA, langB, count);
      const rows = s.sentences.rows(found.flatMap((p) => [p.a, p.b]));
      return found.map((p) => ({ a: rows.get(p.a)!, b: rows.get(p.b)!, reason: p.reason }));
    },
    'pairs.link': async ({ pairId, i, j, value }) => {
      store().pairs.link(pairId, i, j, value);
      return session.pair(pairId);
    },
  };
}
