// The per-session token that keeps other local users and web pages away from the loopback server.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'crosstag_token';

/** 32 random bytes, base64url: 256 bits, unguessable for the life of the process. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so the buffers handed to timingSafeEqual
 * always have equal length and a wrong-length guess takes as long as a wrong-content one.
 */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (given === null || given === undefined || given === '') return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export type TokenSource = 'query' | 'cookie' | 'bearer';

/** Which credential, if any, carries the right token; the query wins so a fresh URL always works. */
export function authenticate(req: IncomingMessage, url: URL, token: string): TokenSource | null {
  if (tokenMatches(token, url.searchParams.get('token'))) return 'query';
  if (tokenMatches(token, parseCookies(req.headers.cookie).get(TOKEN_COOKIE))) return 'cookie';
  const auth = req.headers.authorization;
  if (auth !== undefined && /^Bearer /i.test(auth) && tokenMatches(token, auth.slice(7).trim())) return 'bearer';
  return null;
}

export function sessionCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
