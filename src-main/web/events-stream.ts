// Server-sent events: one stream per open page, fed by the core's contract events.

import type { ServerResponse } from 'node:http';
import type { CoreBridge } from '../core/shell/index.js';

/** Proxies and idle timeouts drop silent connections; a comment line every 15 s keeps it open. */
export const HEARTBEAT_MS = 15_000;

export function formatEvent(event: string, data: unknown): string {
  // JSON.stringify never emits raw newlines, so the payload always fits one `data:` line.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function openEventStream(res: ServerResponse, bridge: CoreBridge, heartbeatMs: number): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write('retry: 2000\n: connected\n\n');
  const unsubscribe = bridge.subscribe((event, data) => {
    res.write(formatEvent(event, data));
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
  res.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
