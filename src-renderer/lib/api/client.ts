// The renderer's one way to reach the core. It is typed by the contract, so a wrong method name
// or payload is a compile error, and it works over either shell's transport.

import type { Handlers, Method, Params, Result } from '../../../src-main/contract/api.js';
import type { ApiError, Reply } from '../../../src-main/contract/errors.js';
import type { EventName, Events } from '../../../src-main/contract/events.js';
import { electronBridge } from './bridge.js';
import { ApiCallError } from './errors.js';
import { webTransport } from './web-transport.js';

/** Moves one call or one event subscription across a process or network boundary. */
export interface Transport {
  readonly shell: 'electron' | 'web';
  call(method: string, params: unknown): Promise<Reply<unknown>>;
  on(event: string, cb: (data: unknown) => void): () => void;
}

export interface Client {
  readonly shell: 'electron' | 'web';
  /** Resolves with the result, or rejects with an ApiCallError carrying the contract error. */
  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, cb: (data: Events[E]) => void): () => void;
  /** The same calls as `call`, spelled `api['sentences.list'](params)`. */
  readonly api: Handlers;
}

function isReply(value: unknown): value is Reply<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const reply = value as { ok: unknown; error?: unknown };
  if (reply.ok === true) return 'value' in reply;
  return reply.ok === false && typeof reply.error === 'object' && reply.error !== null;
}

export function createClient(transport: Transport): Client {
  async function call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
    const reply = await transport.call(method, params);
    if (!isReply(reply)) {
      throw new ApiCallError({ code: 'INTERNAL', message: `${method}: the core answered with something that is not a reply` });
    }
    if (!reply.ok) throw new ApiCallError(reply.error as ApiError);
    return reply.value as Result<M>;
  }
  const api = new Proxy({} as Handlers, {
    get: (_target, method) => (params: unknown) => call(method as Method, params as never),
  });
  return {
    shell: transport.shell,
    call,
    on: (event, cb) => transport.on(event, cb as (data: unknown) => void),
    api,
  };
}

function electronTransport(): Transport | null {
  const bridge = electronBridge();
  if (!bridge) return null;
  return {
    shell: 'electron',
    async call(method, params) {
      const fn = bridge.api[method];
      if (!fn) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `${method} is not exposed by this build` } };
      return await fn(params);
    },
    on: (event, cb) => bridge.on(event, cb),
  };
}

/** The client for whichever shell loaded the page: the preload bridge if present, else HTTP. */
export function defaultClient(): Client {
  return createClient(electronTransport() ?? webTransport());
}
