// Response headers sent on every answer, and the checks that refuse DNS-rebinding and
// cross-site requests before anything else runs.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentSecurityPolicy } from '../core/shell/index.js';

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy({ formAction: "'self'" });

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** The only names this server answers to; anything else is a rebinding attempt. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** A reason to refuse the request with 403, or null when its Host and Origin are ours. */
export function originProblem(req: IncomingMessage, port: number): string | null {
  const host = req.headers.host?.toLowerCase();
  if (host === undefined || !allowedHosts(port).has(host)) return `unexpected Host header ${JSON.stringify(host ?? '')}`;
  const origin = req.headers.origin;
  // Browsers send Origin on cross-origin requests and on same-origin POSTs; a missing one is a
  // same-origin GET or a non-browser client, both of which must still pass the token check.
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
    return `cross-origin request from ${JSON.stringify(origin)}`;
  }
  return null;
}
