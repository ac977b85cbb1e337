// IPC channel names shared by main and the preload. One channel per contract method and per
// contract event, so a handler can never be reached through a generic "call anything" door.

/** Synchronous, once at preload start: which methods and events exist. */
export const MANIFEST_CHANNEL = 'crosstag:manifest';
/** From the preload: whether a text field has focus, so Edit ▸ Undo knows whose undo to run. */
export const TEXT_FOCUS_CHANNEL = 'crosstag:text-focus';

export const methodChannel = (method: string): string => `crosstag:api:${method}`;
export const eventChannel = (event: string): string => `crosstag:event:${event}`;

export interface Manifest {
  methods: string[];
  events: string[];
}
