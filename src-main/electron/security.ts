// The renderer's sandbox rules: its own origin, its CSP, and which links may leave the app.

import { join, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from '../core/shell/index.js';

/** The renderer's origin. A standard, secure custom scheme: see registerAppProtocol in main.ts. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'crosstag';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** The shared policy; the desktop renderer has no server to submit a form to. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy({ formAction: "'none'" });

export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Links the user may open in the system browser: plain http(s) with a host and no credentials,
 * never loopback (the web shell's token-protected server lives there) or other schemes that
 * launch local programs (file:, smb:, custom handlers).
 */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.username !== '' || url.password !== '') return false;
  const host = url.hostname.toLowerCase();
  if (host === '' || host === 'localhost' || host.endsWith('.localhost')) return false;
  if (/^127\./.test(host) || host === '[::1]' || host === '0.0.0.0') return false;
  return raw.length <= 2048;
}

/** The file under the renderer folder that an app:// URL names, or null if it would leave it. */
export function resolveAppAsset(rendererDir: string, raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const base = resolve(rendererDir);
  const full = resolve(join(base, path === '/' ? 'index.html' : path));
  return full.startsWith(base + sep) ? full : null;
}
