// A tiny stand-in for the core behind the CoreBridge seam, for shell tests that must not depend
// on the store. It validates like the real dispatch: unknown methods and bad payloads are typed errors.

import type { EventListener, CoreBridge } from '../../../src-main/core/shell/index.js';
import type { Reply } from '../../../src-main/contract/errors.js';
import type { EventName, Events } from '../../../src-main/contract/events.js';

export class FakeBridge implements CoreBridge {
  readonly calls: { method: string; payload: unknown }[] = [];
  private readonly listeners = new Set<EventListener>();

  async dispatch(method: string, payload: unknown): Promise<Reply<unknown>> {
    this.calls.push({ method, payload });
    if (method === 'app.info') return { ok: true, value: { version: 'test', shell: 'web', platform: process.platform } };
    if (method === 'sentences.get') {
      const id = (payload as { id?: unknown } | null)?.id;
      if (typeof id !== 'number') return { ok: false, error: { code: 'BAD_REQUEST', message: 'id: expected a number' } };
      return { ok: true, value: { id } };
    }
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method ${method}` } };
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  emit<E extends EventName>(event: E, data: Events[E]): void {
    for (const l of this.listeners) l(event, data);
  }
}
