// The web shell's transport: `POST /api/<method>` answered with a Reply, and server-sent events
// from `/api/events`. The session cookie is set by the server on the first page load.

import type { Reply } from '../../../src-main/contract/errors.js';
import type { Transport } from './client.js';

export interface WebTransportOptions {
  /** Where the API lives; `/api` on the web shell. */
  base?: string;
  fetch?: typeof fetch;
  eventSource?: (url: string) => EventSource;
}

function offline(method: string, reason: string): Reply<unknown> {
  return { ok: false, error: { code: 'OFFLINE', message: `${method}: cannot reach the Crosstag server (${reason})` } };
}

export function webTransport(options: WebTransportOptions = {}): Transport {
  const base = options.base ?? '/api';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const openEvents = options.eventSource ?? ((url: string) => new EventSource(url));
  let source: EventSource | null = null;
  let listeners = 0;

  return {
    shell: 'web',
    async call(method, params) {
      let res: Response;
      try {
        res = await doFetch(`${base}/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify(params ?? {}),
        });
      } catch (err) {
        return offline(method, err instanceof Error ? err.message : String(err));
      }
      if (res.status === 401) {
        return { ok: false, error: { code: 'UNAUTHORIZED', message: `${method}: this browser session is not signed in to the server` } };
      }
      try {
        return (await res.json()) as Reply<unknown>;
      } catch {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `${method}: the server answered HTTP ${res.status} without a JSON reply` },
        };
      }
    },
    on(event, cb) {
      source ??= openEvents(`${base}/events`);
      const es = source;
      const handler = (e: Event): void => {
        const data = (e as MessageEvent<string>).data;
        try {
          cb(JSON.parse(data));
        } catch {
          // A malformed event is dropped rather than breaking every other subscriber.
        }
      };
      es.addEventListener(event, handler);
      listeners += 1;
      return () => {
        es.removeEventListener(event, handler);
        listeners -= 1;
        if (listeners === 0 && source === es) {
          es.close();
          source = null;
        }
      };
    },
  };
}
