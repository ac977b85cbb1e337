// What the desktop and web shells share, so neither keeps its own copy: the CoreBridge seam they
// are written against (coreBridge(core) adapts a core to it), the list of contract events a
// shell relays, and the renderer's Content Security Policy.

export { coreBridge, EVENT_NAMES, type CoreBridge, type EventListener } from './bridge.js';
export { contentSecurityPolicy, type CspOptions } from './csp.js';
