// The encoders.* methods: the built-in small encoders (from the engine's registry), the pretrained
// checkpoint folders registered with the open project (added from a folder the user chose, or
// downloaded from the model hub: downloads.ts), and the recommended multilingual encoders.

import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../../../contract/api.js';
import { CoreError } from '../../errors.js';
import { projectDataDir, resolveModelDir, storedModelDir } from '../../jobs/index.js';
import { encoderFolder } from '../../ml/encoders/index.js';
import { recommendedEncoders } from '../../ml/encoders/recommended.js';
import type { Session } from '../session.js';
import { Downloads, type HubOptions } from './downloads.js';
import { builtIn, check, infoOf, recheck, refuseHash, summaryOf } from './info.js';

export { downloadDir, type HubOptions } from './downloads.js';

type EncoderMethods =
  'encoders.list' | 'encoders.add' | 'encoders.remove' | 'encoders.download' | 'encoders.cancel' | 'encoders.recommended';

export interface EncoderService {
  handlers: Pick<Handlers, EncoderMethods>;
  /** Stops every download in progress (the core is closing). */
  close(): void;
}

/** The checkpoint folder a run's encoder name trains from (absolute), or null for other encoders. */
function folderOf(encoder: unknown): string | null {
  const dir = typeof encoder === 'string' ? encoderFolder(encoder) : null;
  return dir === null ? null : path.resolve(dir);
}

export function encoderService(session: Session, hub: HubOptions = {}): EncoderService {
  const downloads = new Downloads(session, hub);

  const handlers: Pick<Handlers, EncoderMethods> = {
    'encoders.list': async () => {
      const store = session.store;
      if (store === null) return builtIn();
      return [...builtIn(), ...store.encoders.list().map((rec) => recheck(store, rec))];
    },

    'encoders.add': async ({ dir, name }) => {
      const store = session.requireStore();
      const abs = session.resolve(dir);
      refuseHash(abs);
      const report = check(abs);
      const rec = store.encoders.create({
        name: name ?? path.basename(report.dir),
        dir: storedModelDir(store.path, report.dir),
        repo: null,
        summary: summaryOf(report),
      });
      return infoOf(store, rec, null);
    },

    'encoders.remove': async ({ id }) => {
      const store = session.requireStore();
      const rec = store.encoders.get(id);
      const dir = resolveModelDir(store.path, rec.dir);
      const user = store.runs
        .list()
        .find((r) => (r.status === 'running' || r.status === 'queued') && folderOf(r.config['encoder']) === dir);
      if (user !== undefined)
        throw new CoreError('CONFLICT', `encoder "${rec.name}" is in use by run ${user.id}; cancel it or wait for it to finish`);
      store.encoders.delete(id);
      // Only what the project downloaded is deleted; a folder the user added stays where it is.
      const downloaded = path.join(projectDataDir(store.path), 'encoders');
      if (dir.startsWith(downloaded + path.sep) && !downloads.has(dir)) rmSync(dir, { recursive: true, force: true });
      return { ok: true as const };
    },

    'encoders.download': async ({ repo, revision }) => downloads.download(repo, revision),

    'encoders.cancel': async ({ repo }) => ({ cancelled: downloads.cancel(repo) }),

    'encoders.recommended': async () => recommendedEncoders(),
  };

  return { handlers, close: () => downloads.close() };
}
