// Adapts the core service to the CoreBridge seam the server is written against.

import type { EventName } from '../contract/events.js';
import type { Core } from '../core/service/index.js';
import { dispatch } from '../core/service/index.js';
import type { CoreBridge } from './bridge.js';

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
