// Published bilingual dictionaries, one click away: MUSE's ground-truth word lists (Conneau et
// al. 2018), downloaded into `<project>.crosstag/dictionaries/` with core/net's resume, progress
// and offline behaviour, then read and imported exactly like a file the user chose (all of it, or
// on any bad line nothing). The address is configurable (CoreOptions.dictionarySource, else
// CROSSTAG_MUSE_URL), so a mirror or a test server can stand in for the real one.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../../contract/api.js';
import type { DictionaryInfo, PublishedDictionary } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { readDictionary } from '../formats/index.js';
import { projectDataDir } from '../jobs/index.js';
import { createFetcher, DownloadsInFlight, fetchPart } from '../net/index.js';
import type { Session } from './session.js';

export const MUSE_ENDPOINT = 'https://dl.fbaipublicfiles.com/arrival/dictionaries';
const MUSE_HOMEPAGE = 'https://github.com/facebookresearch/MUSE';
const MUSE_SOURCE = 'MUSE ground-truth bilingual dictionaries (Conneau et al., 2018, "Word Translation Without Parallel Data", ICLR)';
const MUSE_LICENCE = 'CC BY-NC 4.0 (non-commercial use)';

// The languages MUSE publishes dictionaries for to and from English, and the European languages
// it pairs with each other (its README). A pair outside these gets no download button; a pair
// the server lacks all the same fails with NOT_FOUND.
const MUSE_WITH_ENGLISH = new Set(
  'af ar bg bn bs ca cs da de el es et fa fi fr he hi hr hu id it ja ko lt lv mk ms nl no pl pt ro ru sk sl sq sv ta th tl tr uk vi zh'.split(
    ' ',
  ),
);
const MUSE_EUROPEAN = new Set(['de', 'en', 'es', 'fr', 'it', 'pt']);

export interface DictionarySourceOptions {
  /** Where the dictionaries are fetched from, as `<endpoint>/<src>-<tgt>.txt` (default: CROSSTAG_MUSE_URL, else MUSE's own address). */
  endpoint?: string | undefined;
  /** How long a download waits for an answer or for its next bytes (default 15 s). */
  timeoutMs?: number | undefined;
}

type DownloadMethods = 'dictionaries.published' | 'dictionaries.download' | 'dictionaries.cancelDownload';

/** Project language codes such as `es` or `pt-BR` as MUSE names them (`es`, `pt`). */
const base = (code: string): string => code.toLowerCase().split(/[-_]/)[0]!;

export function publishedDictionary(srcLang: string, tgtLang: string, endpoint: string): PublishedDictionary | null {
  const [src, tgt] = [base(srcLang), base(tgtLang)];
  if (src === tgt) return null;
  const known =
    (src === 'en' && MUSE_WITH_ENGLISH.has(tgt)) ||
    (tgt === 'en' && MUSE_WITH_ENGLISH.has(src)) ||
    (MUSE_EUROPEAN.has(src) && MUSE_EUROPEAN.has(tgt));
  if (!known) return null;
  return {
    srcLang,
    tgtLang,
    name: `MUSE ${src}-${tgt}`,
    url: `${endpoint.replace(/\/+$/, '')}/${src}-${tgt}.txt`,
    source: MUSE_SOURCE,
    licence: MUSE_LICENCE,
    homepage: MUSE_HOMEPAGE,
  };
}

function offline(entry: PublishedDictionary, host: string, reason: string): CoreError {
  return new CoreError(
    'OFFLINE',
    `cannot reach ${host} to download ${entry.name} (${reason}): this computer seems to be offline. ` +
      `On a computer with internet access, download ${entry.url} (${entry.licence}; see ${entry.homepage}), ` +
      `then import the file under Projects ▸ Dictionaries with ${entry.srcLang} as source and ${entry.tgtLang} as target`,
  );
}

/** Where a pair's download goes (and stays, as `.part`, for a resume) until it is imported. */
function fileFor(projectPath: string, srcLang: string, tgtLang: string): string {
  return path.join(projectDataDir(projectPath), 'dictionaries', `${base(srcLang)}-${base(tgtLang)}.txt`);
}

export interface DictionaryDownloads {
  handlers: Pick<Handlers, DownloadMethods>;
  /** Stops every download in progress (the core is closing). */
  close(): void;
}

export function dictionaryDownloads(session: Session, opts: DictionarySourceOptions = {}): DictionaryDownloads {
  const endpoint = (): string => opts.endpoint ?? process.env['CROSSTAG_MUSE_URL'] ?? MUSE_ENDPOINT;
  const downloads = new DownloadsInFlight();
  const entryFor = (srcLang: string, tgtLang: string): PublishedDictionary => {
    const entry = publishedDictionary(srcLang, tgtLang, endpoint());
    if (entry === null)
      throw new CoreError('NOT_FOUND', `no published dictionary is known for ${srcLang} → ${tgtLang}; import one from a file instead`);
    return entry;
  };

  /** Fetches the file (resuming a `.part` left by an earlier attempt) and returns its bytes. */
  const fetchFile = async (entry: PublishedDictionary, file: string, signal: AbortSignal): Promise<Buffer> => {
    const fetcher = createFetcher({ timeoutMs: opts.timeoutMs ?? 15_000, signal, offline: (host, reason) => offline(entry, host, reason) });
    const part = `${file}.part`;
    try {
      const head = await fetcher.request(entry.url, { method: 'HEAD' });
      if (head.status === 404) throw new CoreError('NOT_FOUND', `${entry.url} does not exist: ${entry.name} is not published there`);
      await fetchPart(fetcher, entry.url, part, {
        name: path.basename(file),
        onProgress: (p) =>
          session.emit('dictionaries.progress', { srcLang: entry.srcLang, tgtLang: entry.tgtLang, received: p.received, total: p.total }),
      });
    } finally {
      fetcher.close();
    }
    renameSync(part, file);
    return readFileSync(file);
  };

  const handlers: Pick<Handlers, DownloadMethods> = {
    'dictionaries.published': async ({ srcLang, tgtLang }) => publishedDictionary(srcLang, tgtLang, endpoint()),

    'dictionaries.download': async ({ srcLang, tgtLang }): Promise<DictionaryInfo> => {
      const store = session.requireStore();
      const entry = entryFor(srcLang, tgtLang);
      const existing = store.dictionaries.list().find((d) => d.name === entry.name && d.srcLang === srcLang && d.tgtLang === tgtLang);
      if (existing) return { ...existing, coverage: store.dictionaries.coverage(existing.id) };
      const file = fileFor(store.path, srcLang, tgtLang);
      const dir = path.dirname(file);
      const controller = downloads.begin(file, `${entry.name} is already being downloaded into this project`);
      try {
        mkdirSync(dir, { recursive: true });
        const bytes = existsSync(file) ? readFileSync(file) : await fetchFile(entry, file, controller.signal);
        // Parsed in full before anything is stored, as an imported file is.
        const pairs = readDictionary(bytes, { file });
        const current = session.requireStore();
        if (current.path !== store.path)
          throw new CoreError('CONFLICT', 'the project changed during the download; download the dictionary again');
        const record = current.dictionaries.import({ name: entry.name, srcLang, tgtLang, file: path.basename(file) }, pairs);
        rmSync(file, { force: true });
        return { ...record, coverage: current.dictionaries.coverage(record.id) };
      } catch (err) {
        if (controller.signal.aborted) {
          throw new CoreError(
            'CONFLICT',
            `the download of ${entry.name} was cancelled; what arrived is kept, so downloading it again resumes`,
          );
        }
        // A file that arrived whole but does not read as a dictionary is no use to a resume.
        if (err instanceof CoreError && err.code === 'IMPORT_ERROR') rmSync(file, { force: true });
        throw err;
      } finally {
        downloads.end(file);
      }
    },

    'dictionaries.cancelDownload': async ({ srcLang, tgtLang }) => ({
      cancelled: downloads.cancel(fileFor(session.requireStore().path, srcLang, tgtLang)),
    }),
  };

  return { handlers, close: () => downloads.cancelAll() };
}
