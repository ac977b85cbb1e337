// What a shell needs from the core: one validated entry point for every contract method and a
// feed of contract events. Keeping the shells on this narrow seam lets them be tested against a
// tiny fake and keeps them free of domain logic.

import type { Reply } from '../contract/errors.js';
import type { EventName, Events } from '../contract/events.js';

export type EventListener = <E extends EventName>(event: E, data: Events[E]) => void;

export interface CoreBridge {
  /** Validates `payload` for `method` and runs it; never throws, every failure is a typed Reply. */
  dispatch(method: string, payload: unknown): Promise<Reply<unknown>>;
  /** Calls `listener` for every contract event until the returned function is called. */
  subscribe(listener: EventListener): () => void;
}
