// Downloading one file over HTTP(S) the way every download in Crosstag behaves:
// - a stall timer: no answer, or no next bytes, within the timeout aborts the request;
// - offline: a failure to reach the host becomes the caller's OFFLINE error, which says what to
//   do instead, so the app fails at once on a closed network;
// - resume: bytes go to `<file>.part`; a later attempt asks for the rest with an HTTP Range
//   request, and starts over when the server ignores it;
// - progress: reported at most five times a second, and once at the start and the end.
// Checking the bytes (checksums, parsing) and renaming the part file into place are the caller's.

import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { CoreError } from '../errors.js';

/** Sizes, ranges and checksums are about the stored bytes, so ask for them uncompressed. */
export const IDENTITY = { 'accept-encoding': 'identity' };

export interface FetcherOptions {
  /** Milliseconds to wait for a response or for the next bytes before giving up. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** The error for a host that cannot be reached; `reason` is short, such as ECONNREFUSED or "no answer in time". */
  offline: (host: string, reason: string) => CoreError;
}

/** fetch() with the stall timer and the offline error; `touch` restarts the timer while a body streams in. */
export interface Fetcher {
  request(url: string, init?: RequestInit): Promise<Response>;
  touch(): void;
  /** The OFFLINE error for a failure of a request to `url` (a stall, a reset connection), or the failure itself once the caller aborted. */
  failure(url: string, err: unknown): unknown;
  close(): void;
}

function reasonOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if ((err as Error).name === 'TimeoutError') return 'no answer in time';
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

export function createFetcher(opts: FetcherOptions): Fetcher {
  let stall = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  const touch = (): void => {
    if (timer) clearTimeout(timer);
    const mine = stall;
    timer = setTimeout(() => mine.abort(new DOMException('no answer in time', 'TimeoutError')), opts.timeoutMs);
  };
  const failure = (url: string, err: unknown): unknown => {
    if (err instanceof CoreError || opts.signal?.aborted) return err;
    return opts.offline(new URL(url).host, reasonOf(stall.signal.aborted ? stall.signal.reason : err));
  };
  return {
    touch,
    failure,
    request: async (url, init = {}) => {
      stall = new AbortController();
      touch();
      const signals = opts.signal ? [stall.signal, opts.signal] : [stall.signal];
      try {
        return await fetch(url, { ...init, signal: AbortSignal.any(signals) });
      } catch (err) {
        throw failure(url, err);
      }
    },
    close: () => {
      if (timer) clearTimeout(timer);
    },
  };
}

export function sizeHeader(headers: Headers, name: string): number | null {
  const n = Number(headers.get(name));
  return headers.has(name) && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

export interface PartOptions {
  /** The size the file should end at, when known beforehand: a part file of that size is not fetched again. */
  size?: number | null | undefined;
  /** What the caller calls the file in progress reports. */
  name: string;
  onProgress?: ((p: { file: string; received: number; total: number | null }) => void) | undefined;
}

/**
 * Brings `part` up to the whole of `url`: continues it with a Range request when it holds bytes
 * already (starting over when the server ignores the range), reporting progress. Returns the
 * bytes the part file held before, for the caller's report.
 */
export async function fetchPart(fetcher: Fetcher, url: string, part: string, opts: PartOptions): Promise<number> {
  let have = existsSync(part) ? statSync(part).size : 0;
  const resumedFrom = have;
  const size = opts.size ?? null;
  if (have > 0 && size !== null && have > size) have = 0;
  if (size !== null && have === size) return resumedFrom;
  const res = await fetcher.request(url, { headers: have > 0 ? { ...IDENTITY, range: `bytes=${have}-` } : IDENTITY });
  // A Range past the end of a file that is already whole.
  if (res.status === 416 && have > 0 && size === null) return resumedFrom;
  if (!res.ok || !res.body) throw new CoreError('INTERNAL', `${url}: the server answered HTTP ${res.status}`);
  // 206 continues the part file; a 200 means the server sent everything again.
  if (res.status !== 206) have = 0;
  const total = size ?? (res.status === 206 ? rangeTotal(res.headers) : sizeHeader(res.headers, 'content-length'));
  const fd = openSync(part, have > 0 ? 'a' : 'w');
  try {
    let received = have;
    let lastReport = 0;
    opts.onProgress?.({ file: opts.name, received, total });
    const reader = res.body.getReader();
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      fetcher.touch();
      let off = 0;
      while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
      received += chunk.length;
      const now = Date.now();
      if (now - lastReport >= 200) {
        lastReport = now;
        opts.onProgress?.({ file: opts.name, received, total });
      }
    }
    opts.onProgress?.({ file: opts.name, received, total });
  } catch (err) {
    throw fetcher.failure(url, err);
  } finally {
    closeSync(fd);
  }
  return resumedFrom;
}

/** The whole size from a 206's Content-Range (`bytes 100-199/200`), or null. */
function rangeTotal(headers: Headers): number | null {
  const m = /\/(\d+)\s*$/.exec(headers.get('content-range') ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * Downloads in progress by key (a target file or folder): one at a time per key, each with its
 * AbortController, so a request can cancel one and closing the app can stop them all.
 */
export class DownloadsInFlight {
  private readonly live = new Map<string, AbortController>();

  /** Starts one; refuses with CONFLICT, saying `busy`, while one for the key is still going. */
  begin(key: string, busy: string): AbortController {
    if (this.live.has(key)) throw new CoreError('CONFLICT', busy);
    const controller = new AbortController();
    this.live.set(key, controller);
    return controller;
  }

  end(key: string): void {
    this.live.delete(key);
  }

  has(key: string): boolean {
    return this.live.has(key);
  }

  /** Aborts the download for the key; false when there was none. */
  cancel(key: string): boolean {
    const controller = this.live.get(key);
    controller?.abort();
    return controller !== undefined;
  }

  cancelAll(): void {
    for (const c of this.live.values()) c.abort();
  }
}
