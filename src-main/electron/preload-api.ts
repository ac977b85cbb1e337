// What the sandboxed preload exposes as `window.crosstag`: one function per contract method and a
// typed `on` for contract events. Built from a manifest that main sends, because a sandboxed
// preload can require nothing but `electron` and so cannot import the core's method list.

import type { Method, Params, Result } from '../contract/api.js';
import type { Reply } from '../contract/errors.js';
import type { EventName, Events } from '../contract/events.js';
import { eventChannel, MANIFEST_CHANNEL, methodChannel } from './channels.js';
import type { Manifest } from './channels.js';

/** The slice of ipcRenderer the preload uses; the real one is passed in production. */
export interface PreloadIpc {
  sendSync(channel: string, ...args: unknown[]): unknown;
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export type PreloadMethods = { readonly [M in Method]: (params: Params<M>) => Promise<Reply<Result<M>>> };

export interface CrosstagPreload {
  readonly api: PreloadMethods;
  on<E extends EventName>(event: E, callback: (data: Events[E]) => void): () => void;
}

function readManifest(raw: unknown): Manifest {
  const m = raw as Partial<Manifest> | null;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (m === null || typeof m !== 'object' || !strings(m.methods) || !strings(m.events)) {
    throw new Error('crosstag preload: main sent no valid method manifest');
  }
  return { methods: m.methods, events: m.events };
}

export function buildPreloadApi(ipc: PreloadIpc): CrosstagPreload {
  const manifest = readManifest(ipc.sendSync(MANIFEST_CHANNEL));
  const api: Record<string, (params: unknown) => Promise<Reply<unknown>>> = {};
  for (const method of manifest.methods) {
    const channel = methodChannel(method);
    api[method] = async (params: unknown) => {
      try {
        return (await ipc.invoke(channel, params)) as Reply<unknown>;
      } catch (err) {
        // Only a broken IPC link gets here (main answers every call with a Reply).
        return { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
      }
    };
  }
  const events = new Set(manifest.events);
  const on = <E extends EventName>(event: E, callback: (data: Events[E]) => void): (() => void) => {
    if (!events.has(event)) throw new Error(`crosstag: unknown event ${String(event)}`);
    if (typeof callback !== 'function') throw new Error('crosstag: on() needs a callback');
    // The IpcRendererEvent never reaches the page: it would hand it `sender`, a raw IPC handle.
    const listener = (_event: unknown, data: unknown): void => callback(data as Events[E]);
    const channel = eventChannel(event);
    ipc.on(channel, listener);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, listener);
    };
  };
  return { api: Object.freeze(api) as unknown as PreloadMethods, on };
}

/** Whether a focused element takes typed text, so Undo there means text undo. */
export function isTextEntry(el: { tagName?: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (el === null || el === undefined) return false;
  if (el.isContentEditable === true) return true;
  const tag = el.tagName?.toUpperCase();
  if (tag === 'TEXTAREA') return true;
  if (tag !== 'INPUT') return false;
  const type = (el.type ?? 'text').toLowerCase();
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'image', 'range', 'color'].includes(type);
}
