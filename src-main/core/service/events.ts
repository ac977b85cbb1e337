// A typed emitter for the contract's events; a throwing listener never breaks the core.

import type { EventName, Events } from '../../contract/events.js';

export type Listener<E extends EventName> = (payload: Events[E]) => void;

export class CoreEvents {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => {
      set.delete(l);
    };
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) {
      try {
        l(payload);
      } catch (err) {
        console.error(`crosstag: a ${event} listener failed:`, err);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
