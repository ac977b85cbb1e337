// What a shell needs from the core: one validated entry point for every contract method and a
// feed of contract events. Keeping the shells on this narrow seam lets them be tested against a
// tiny fake and keeps them free of domain logic.

import type { Reply } from '../../contract/errors.js';
import type { EventName, Events } from '../../contract/events.js';
import { dispatch, type Core } from '../service/index.js';

export type EventListener = <E extends EventName>(event: E, data: Events[E]) => void;

export interface CoreBridge {
  /** Validates `payload` for `method` and runs it; never throws, every failure is a typed Reply. */
  dispatch(method: string, payload: unknown): Promise<Reply<unknown>>;
  /** Calls `listener` for every contract event until the returned function is called. */
  subscribe(listener: EventListener): () => void;
}

/** Every contract event, checked both ways against the Events map at compile time. */
const ALL_EVENTS = {
  'training.progress': true,
  'training.status': true,
  'sentences.changed': true,
  'app.command': true,
  'encoders.progress': true,
  'dictionaries.progress': true,
} as const satisfies Record<EventName, true>;

export const EVENT_NAMES = Object.keys(ALL_EVENTS) as EventName[];

/** The seam over a core: the service's validating dispatch, and every contract event it emits. */
export function coreBridge(core: Core): CoreBridge {
  return {
    dispatch: (method, payload) => dispatch(core, method, payload),
    subscribe: (listener) => {
      const offs = EVENT_NAMES.map((event) => core.on(event, (data) => listener(event, data)));
      return () => {
        for (const off of offs) off();
      };
    },
  };
}
