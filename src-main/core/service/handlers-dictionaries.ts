// Handlers for the project's bilingual dictionaries (for dictionary code-switching in training).

import path from 'node:path';
import type { Handlers } from '../../contract/api.js';
import type { DictionaryInfo } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { readDictionary } from '../formats/index.js';
import type { DictionaryRecord, Store } from '../store/index.js';
import { readSource } from './imports.js';
import type { Session } from './session.js';

type DictionaryMethods =
  | 'dictionaries.list'
  | 'dictionaries.import'
  | 'dictionaries.coverage'
  | 'dictionaries.entries'
  | 'dictionaries.setEntry'
  | 'dictionaries.remove';

function info(store: Store, r: DictionaryRecord): DictionaryInfo {
  return { ...r, coverage: store.dictionaries.coverage(r.id) };
}

export function dictionaryHandlers(session: Session): Pick<Handlers, DictionaryMethods> {
  const store = () => session.requireStore();
  return {
    'dictionaries.list': async () => {
      const s = store();
      return s.dictionaries.list().map((r) => info(s, r));
    },
    'dictionaries.import': async ({ source, name, srcLang, tgtLang }) => {
      const s = store();
      if (srcLang === tgtLang) throw new CoreError('BAD_REQUEST', `a dictionary translates between two languages; both are ${srcLang}`);
      // The whole file is parsed before anything is stored: a bad line names its file and line
      // (readDictionary) and the project is left as it was.
      const { bytes, file } = readSource(source, session.resolve);
      const pairs = readDictionary(bytes, { file });
      const base = path.basename(file);
      const record = s.dictionaries.import({ name: name ?? (base.replace(/\.[^.]*$/, '') || base), srcLang, tgtLang, file: base }, pairs);
      return info(s, record);
    },
    'dictionaries.coverage': async ({ id }) => store().dictionaries.coverage(id),
    'dictionaries.entries': async ({ id, q, offset, limit }) => store().dictionaries.entries(id, q, offset, limit),
    'dictionaries.setEntry': async ({ id, source, targets }) => store().dictionaries.setEntry(id, source, targets),
    'dictionaries.remove': async ({ id }) => {
      store().dictionaries.remove(id);
      return { ok: true as const };
    },
  };
}
