// The encoders.* methods: the built-in small encoders (from the engine's registry) and the
// pretrained checkpoint folders registered with the open project, added from a folder the user
// chose or downloaded from the model hub into `<project>.crosstag/encoders/<owner>--<name>/`.
// Checking a folder reads its configs, vocabulary and safetensors header, never the weights, so a
// 700 MB checkpoint is checked in milliseconds on every list.

import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../../contract/api.js';
import type { EncoderInfo, PretrainedSummary } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { projectDataDir, resolveModelDir, storedModelDir } from '../jobs/index.js';
import { CONFIG_FILE, TOKENIZER_CONFIG_FILE, VOCAB_FILE } from '../ml/encoders/bert/config.js';
import { downloadEncoder, validateEncoderFolder, type EncoderFolderReport } from '../ml/encoders/bert/index.js';
import { smallEncoders, type SequenceConfig } from '../ml/encoders/index.js';
import { openStore, type EncoderRecord, type Store } from '../store/index.js';
import type { Session } from './session.js';

type EncoderMethods = 'encoders.list' | 'encoders.add' | 'encoders.remove' | 'encoders.download' | 'encoders.cancel';

export interface HubOptions {
  /** The model hub's address (default: HF_ENDPOINT, else https://huggingface.co). */
  endpoint?: string | undefined;
  /** How long a download waits for an answer or for its next bytes (default 15 s). */
  timeoutMs?: number | undefined;
}

export interface EncoderService {
  handlers: Pick<Handlers, EncoderMethods>;
  /** Stops every download in progress (the core is closing). */
  close(): void;
}

/** Where `encoders.download` puts a hub repository's files. */
export function downloadDir(projectPath: string, repo: string): string {
  return path.join(projectDataDir(projectPath), 'encoders', repo.replace(/\//g, '--'));
}

function describeSequence(s: SequenceConfig): string {
  switch (s.type) {
    case 'bilstm':
      return `a BiLSTM (${s.layers} layer${s.layers === 1 ? '' : 's'} of ${s.hidden} per direction)`;
    case 'transformer':
      return `a transformer (${s.layers} layers, width ${s.dim}, ${s.heads} heads)`;
    case 'cnn':
      return `a CNN (${s.layers} layers of ${s.dim}, width ${s.width})`;
  }
}

function builtIn(): EncoderInfo[] {
  return smallEncoders().map(({ name, sequence }) => ({
    kind: 'small',
    id: null,
    value: name,
    name,
    description: `word, character and casing features into ${describeSequence(sequence)}, trained from scratch`,
    dir: null,
    repo: null,
    summary: null,
    problem: null,
    createdAt: null,
  }));
}

function fileBytes(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

function summaryOf(report: EncoderFolderReport): PretrainedSummary {
  const other = [CONFIG_FILE, VOCAB_FILE, TOKENIZER_CONFIG_FILE].reduce((n, f) => n + fileBytes(path.join(report.dir, f)), 0);
  return {
    modelType: report.modelType,
    layers: report.layers,
    hidden: report.hidden,
    heads: report.heads,
    vocabSize: report.vocabSize,
    maxPositions: report.maxPositions,
    cased: !report.lowerCase,
    parameters: report.parameters,
    bytes: report.weightBytes + other,
    dtypes: report.dtypes,
  };
}

function sameSummary(a: PretrainedSummary, b: PretrainedSummary): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describe(s: PretrainedSummary): string {
  const millions = s.parameters / 1e6;
  const params = millions >= 1 ? `${millions.toFixed(millions >= 10 ? 0 : 1)}M` : `${Math.round(s.parameters / 1e3)}k`;
  return `${s.modelType}, ${s.layers} layers, hidden ${s.hidden}, ${params} parameters, ${s.cased ? 'cased' : 'uncased'}`;
}

/** Checks a folder like "Add pretrained encoder…" does; a file that cannot be read at all is named too. */
function check(dir: string): EncoderFolderReport {
  try {
    return validateEncoderFolder(dir);
  } catch (err) {
    if (err instanceof CoreError) throw err;
    throw new CoreError('BAD_REQUEST', `${dir}: cannot read the checkpoint folder: ${err instanceof Error ? err.message : String(err)}`, {
      file: dir,
    });
  }
}

function refuseHash(dir: string): void {
  // Encoder names put options after the last `#` (bert:<dir>#freeze=2), so such a folder could not be named.
  if (dir.includes('#'))
    throw new CoreError(
      'BAD_REQUEST',
      `${dir}: the folder's path contains '#', which encoder names use for options; rename or move the folder and add it again`,
      { file: dir },
    );
}

function infoOf(store: Store, rec: EncoderRecord, problem: string | null): EncoderInfo {
  const dir = resolveModelDir(store.path, rec.dir);
  return {
    kind: 'bert',
    id: rec.id,
    value: `bert:${dir}`,
    name: rec.name,
    description: describe(rec.summary),
    dir,
    repo: rec.repo,
    summary: rec.summary,
    problem,
    createdAt: rec.createdAt,
  };
}

/** The registration seen afresh: the folder checked again, and a changed summary kept. */
function recheck(store: Store, rec: EncoderRecord): EncoderInfo {
  const dir = resolveModelDir(store.path, rec.dir);
  let report: EncoderFolderReport;
  try {
    report = check(dir);
  } catch (err) {
    return infoOf(store, rec, err instanceof Error ? err.message : String(err));
  }
  const summary = summaryOf(report);
  return infoOf(store, sameSummary(summary, rec.summary) ? rec : store.encoders.setSummary(rec.id, summary), null);
}

/** The folder an encoder name (`bert:<dir>#options`) trains from, or null for other encoders. */
function folderOf(encoder: unknown): string | null {
  if (typeof encoder !== 'string' || !encoder.startsWith('bert:')) return null;
  const spec = encoder.slice('bert:'.length);
  const hash = spec.lastIndexOf('#');
  return path.resolve(hash < 0 ? spec : spec.slice(0, hash));
}

function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
  } catch {
    // Already gone, or not ours to judge.
  }
}

export function encoderService(session: Session, hub: HubOptions = {}): EncoderService {
  const downloads = new Map<string, AbortController>();

  /** Runs `fn` on the project at `file`: the open one, or (after a project switch) a connection of its own. */
  const onProject = <T>(file: string, fn: (store: Store) => T): T => {
    const current = session.store;
    if (current !== null && current.path === file && current.db.open) return fn(current);
    const other = openStore(file, { nativeBinding: session.opts.nativeBinding });
    try {
      return fn(other);
    } finally {
      other.close();
    }
  };

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

    'encoders.download': async ({ repo, revision }) => {
      const projectPath = session.requireStore().path;
      const dir = downloadDir(projectPath, repo);
      if (downloads.has(dir)) throw new CoreError('CONFLICT', `${repo} is already being downloaded into this project`);
      const controller = new AbortController();
      downloads.set(dir, controller);
      const fresh = !existsSync(dir);
      let keep = true;
      try {
        const report = await downloadEncoder({
          repo,
          revision,
          dir,
          endpoint: hub.endpoint,
          timeoutMs: hub.timeoutMs,
          signal: controller.signal,
          onProgress: (p) => session.emit('encoders.progress', { repo, file: p.file, received: p.received, total: p.total }),
        });
        return onProject(projectPath, (store) => {
          const stored = storedModelDir(store.path, report.dir);
          const summary = summaryOf(report.encoder);
          const existing = store.encoders.byDir(stored);
          const rec =
            existing === null
              ? store.encoders.create({ name: repo, dir: stored, repo, summary })
              : store.encoders.setSummary(existing.id, summary);
          return infoOf(store, rec, null);
        });
      } catch (err) {
        if (controller.signal.aborted) {
          throw new CoreError(
            'CONFLICT',
            `the download of ${repo} was cancelled; the files that arrived are kept, so downloading it again resumes`,
          );
        }
        // Offline or timed out: what arrived stays for a resume. Anything else (no such repo, not
        // a BERT checkpoint) cannot be resumed, so a folder this attempt made goes again.
        keep = err instanceof CoreError && err.code === 'OFFLINE';
        throw err;
      } finally {
        downloads.delete(dir);
        if (fresh && !keep) rmSync(dir, { recursive: true, force: true });
        else removeIfEmpty(dir);
        removeIfEmpty(path.dirname(dir));
      }
    },

    'encoders.cancel': async ({ repo }) => {
      const controller = downloads.get(downloadDir(session.requireStore().path, repo));
      if (controller === undefined) return { cancelled: false };
      controller.abort();
      return { cancelled: true };
    },
  };

  return {
    handlers,
    close: () => {
      for (const c of downloads.values()) c.abort();
    },
  };
}
