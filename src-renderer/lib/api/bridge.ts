// The shape the Electron preload puts on `window.crosstag`: one function per contract method
// (never a raw IPC handle) plus a subscription per event.

import type { Reply } from '../../../src-main/contract/errors.js';

export interface CrosstagBridge {
  api: Record<string, (params: unknown) => Promise<Reply<unknown>> | Reply<unknown>>;
  on(event: string, cb: (data: unknown) => void): () => void;
}

declare global {
  interface Window {
    crosstag?: CrosstagBridge;
  }
}

/** The preload's bridge when running inside Electron, otherwise null (web shell). */
export function electronBridge(): CrosstagBridge | null {
  return typeof window !== 'undefined' && window.crosstag ? window.crosstag : null;
}
