// Fetching files from the Hugging Face hub's file URLs, <endpoint>/<repo>/resolve/<revision>/<file>:
// - Checksums: a HEAD request (redirects not followed) gives X-Linked-Etag, the SHA-256 of a
//   large (LFS) file, or an ETag that is the git blob SHA-1 of a small one; both are verified.
// - Resume, progress, the stall timeout and offline errors are the shared download behaviour of
//   core/net. A file is renamed into place only once verified.

import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { CoreError } from '../../../errors.js';
import { createFetcher, fetchPart, IDENTITY, sizeHeader, type Fetcher } from '../../../net/index.js';

export const HUB_ENDPOINT = 'https://huggingface.co';
const MAX_REDIRECTS = 5;

export interface DownloadProgress {
  file: string;
  received: number;
  total: number | null;
}

export interface DownloadOptions {
  /** A hub repository, such as `google-bert/bert-base-multilingual-cased`. */
  repo: string;
  /** Folder to download into (created if needed). */
  dir: string;
  revision?: string | undefined;
  /** Hub address; default HF_ENDPOINT or https://huggingface.co. */
  endpoint?: string | undefined;
  /** Milliseconds to wait for a response or for the next bytes before giving up (default 15000). */
  timeoutMs?: number | undefined;
  onProgress?: ((p: DownloadProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface DownloadedFile {
  name: string;
  bytes: number;
  /** How the content was checked: the hub's SHA-256, its git blob SHA-1, or not at all (no checksum offered). */
  verified: 'sha256' | 'git-sha1' | 'none';
  resumedFrom: number;
}

export interface Remote {
  url: string;
  size: number | null;
  checksum: { kind: 'sha256' | 'git-sha1'; hex: string } | null;
}

export function checkRepo(repo: string): void {
  if (!/^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/.test(repo) || repo.includes('..')) {
    throw new CoreError(
      'BAD_REQUEST',
      `"${repo}" is not a hub repository name (expected owner/name, such as google-bert/bert-base-multilingual-cased)`,
    );
  }
}

function offline(host: string, repo: string, reason: string): CoreError {
  return new CoreError(
    'OFFLINE',
    `cannot reach ${host} to download ${repo} (${reason}): this computer seems to be offline. ` +
      `Download the repository's config.json, model.safetensors and tokenizer files (tokenizer.json, or vocab.txt) on a ` +
      `connected computer, copy the folder here and add it with "Add pretrained encoder… (folder)" (crosstag: --encoder <kind>:<folder>)`,
  );
}

function checksumOf(headers: Headers): Remote['checksum'] {
  const clean = (v: string | null) => (v ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
  const linked = clean(headers.get('x-linked-etag'));
  if (/^[0-9a-f]{64}$/.test(linked)) return { kind: 'sha256', hex: linked };
  const etag = clean(headers.get('etag'));
  if (/^[0-9a-f]{64}$/.test(etag)) return { kind: 'sha256', hex: etag };
  if (/^[0-9a-f]{40}$/.test(etag)) return { kind: 'git-sha1', hex: etag };
  return null;
}

/** Where a file's bytes come from, its size and checksum; null when the repo has no such file. */
async function locate(url: string, ctx: Context): Promise<Remote | null> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await ctx.request(current, { method: 'HEAD', redirect: 'manual', headers: IDENTITY });
    if (res.status === 404) return null;
    if (res.status === 401 || res.status === 403) {
      throw new CoreError(
        'BAD_REQUEST',
        `${ctx.repo} is private or gated on the hub (HTTP ${res.status}); download it with an account and add the folder instead`,
      );
    }
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location');
      if (!location) throw new CoreError('INTERNAL', `${current}: redirect without a location`);
      const next = new URL(location, current).href;
      const checksum = checksumOf(res.headers);
      // A redirect that carries the LFS checksum points at the file storage; others (a renamed repo) are followed.
      if (checksum) return { url: next, size: sizeHeader(res.headers, 'x-linked-size'), checksum };
      current = next;
      continue;
    }
    if (!res.ok) throw new CoreError('INTERNAL', `${current}: the hub answered HTTP ${res.status}`);
    return { url: current, size: sizeHeader(res.headers, 'content-length'), checksum: checksumOf(res.headers) };
  }
  throw new CoreError('INTERNAL', `${url}: too many redirects`);
}

async function hashFile(file: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

async function matches(file: string, remote: Remote): Promise<DownloadedFile['verified'] | null> {
  if (remote.size === null || remote.checksum === null || !existsSync(file) || statSync(file).size !== remote.size) return null;
  const hash = createHash(remote.checksum.kind === 'sha256' ? 'sha256' : 'sha1');
  if (remote.checksum.kind === 'git-sha1') hash.update(`blob ${remote.size}\0`);
  await hashFile(file, hash);
  return hash.digest('hex') === remote.checksum.hex ? remote.checksum.kind : null;
}

async function fetchFile(name: string, remote: Remote, target: string, ctx: Context): Promise<DownloadedFile> {
  // A file already in place from an earlier run is kept when it checks out.
  const kept = await matches(target, remote);
  if (kept) return { name, bytes: remote.size!, verified: kept, resumedFrom: remote.size! };
  const part = `${target}.part`;
  const resumedFrom = await fetchPart(ctx.fetcher, remote.url, part, { size: remote.size, name, onProgress: ctx.onProgress });
  const bytes = statSync(part).size;
  const mismatch = (what: string) => {
    rmSync(part, { force: true });
    return new CoreError('BAD_REQUEST', `${target}: ${what} does not match the hub's; the download was discarded, try again`, {
      file: target,
    });
  };
  if (remote.size !== null && bytes !== remote.size) throw mismatch(`size ${bytes} bytes`);
  let verified: DownloadedFile['verified'] = 'none';
  if (remote.checksum?.kind === 'sha256') {
    const sha256 = createHash('sha256');
    await hashFile(part, sha256);
    if (sha256.digest('hex') !== remote.checksum.hex) throw mismatch('SHA-256');
    verified = 'sha256';
  } else if (remote.checksum?.kind === 'git-sha1') {
    // Small, non-LFS files: the ETag is git's blob id, the SHA-1 of "blob <size>\0<content>".
    const sha1 = createHash('sha1').update(`blob ${bytes}\0`);
    await hashFile(part, sha1);
    if (sha1.digest('hex') !== remote.checksum.hex) throw mismatch('git blob SHA-1');
    verified = 'git-sha1';
  }
  renameSync(part, target);
  return { name, bytes, verified, resumedFrom };
}

export interface Context {
  repo: string;
  onProgress: DownloadOptions['onProgress'];
  fetcher: Fetcher;
  request(url: string, init: RequestInit): Promise<Response>;
}

export interface HubSession {
  /** The file's URL for the options' endpoint, repo and revision. */
  url(file: string): string;
  /** Where a file is, or null when the repo has none. */
  locate(file: string): Promise<Remote | null>;
  /** Downloads a located file into `target` (resumed and verified). */
  fetch(file: string, remote: Remote, target: string): Promise<DownloadedFile>;
  close(): void;
}

/** Requests against the hub with a stall timeout, offline errors that say what to do, and the caller's cancel signal. */
export function hubSession(opts: DownloadOptions): HubSession {
  checkRepo(opts.repo);
  const endpoint = (opts.endpoint ?? process.env['HF_ENDPOINT'] ?? HUB_ENDPOINT).replace(/\/+$/, '');
  const revision = encodeURIComponent(opts.revision ?? 'main');
  const fetcher = createFetcher({
    timeoutMs: opts.timeoutMs ?? 15_000,
    signal: opts.signal,
    offline: (host, reason) => offline(host, opts.repo, reason),
  });
  const ctx: Context = { repo: opts.repo, onProgress: opts.onProgress, fetcher, request: (url, init) => fetcher.request(url, init) };
  const url = (file: string) => `${endpoint}/${opts.repo}/resolve/${revision}/${file}`;
  return {
    url,
    locate: (file) => locate(url(file), ctx),
    fetch: async (file, remote, target) => {
      try {
        return await fetchFile(file, remote, target, ctx);
      } catch (err) {
        throw fetcher.failure(remote.url, err);
      }
    },
    close: () => fetcher.close(),
  };
}
