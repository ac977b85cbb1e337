// The renderer is served from app://crosstag/ rather than file://. A standard, secure custom
// scheme gives the page a real origin, so CSP 'self', ES module scripts and fetch behave as on
// the web; every response carries the CSP header; and the handler can read nothing but
// dist/renderer, where a file:// page could read any local file it can name.

import { net, protocol, session } from 'electron';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, resolveAppAsset } from './security.js';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

const notFound = (): Response =>
  new Response('not found', { status: 404, headers: { 'content-type': 'text/plain', 'content-security-policy': CONTENT_SECURITY_POLICY } });

/** Serves the renderer and cuts the page off from the network and from device permissions. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const path = resolveAppAsset(rendererDir, request.url);
    if (path === null) return notFound();
    const file = await net.fetch(pathToFileURL(path).toString()).catch(() => null);
    if (file === null || !file.ok) return notFound();
    return new Response(file.body, {
      status: 200,
      headers: {
        'content-type': file.headers.get('content-type') ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  });

  const ses = session.defaultSession;
  // The app talks to its core over IPC only; any other request is a bug or an injection.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = /^(app|devtools|data|blob):/.test(details.url);
    callback({ cancel: !allowed });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}
