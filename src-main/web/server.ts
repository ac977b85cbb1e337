// The loopback HTTP server of the web shell: the renderer's files, the contract over
// POST /api/<method>, and contract events over server-sent events. Every request must come to
// 127.0.0.1 or localhost on our port, from our own origin, with the session token.

import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, newToken, sessionCookie } from './auth.js';
import { handleApiCall, MAX_BODY_BYTES, sendError } from './api-route.js';
import type { CoreBridge } from '../core/shell/index.js';
import { HEARTBEAT_MS, openEventStream } from './events-stream.js';
import { originProblem, setSecurityHeaders } from './headers.js';
import { serveStatic } from './static-files.js';

export const LOOPBACK_HOST = '127.0.0.1';

export interface WebServerOptions {
  bridge: CoreBridge;
  /** The built renderer, normally dist/renderer. */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number | undefined;
  host?: string | undefined;
  /** Fixed only by tests; otherwise a fresh random token per server. */
  token?: string | undefined;
  maxBodyBytes?: number | undefined;
  heartbeatMs?: number | undefined;
}

export interface WebServer {
  /** The URL to open, token included: the first line `crosstag serve` prints. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const METHOD_PATH = /^\/api\/([A-Za-z][\w.-]{0,99})$/;

const isApiPath = (url: URL): boolean => url.pathname === '/api' || url.pathname.startsWith('/api/');

/**
 * Answers, and returns false for, a request without the session token. A token arriving in the
 * query becomes a cookie, and a page request is sent on to the same address without it.
 */
function authenticated(req: IncomingMessage, res: ServerResponse, url: URL, token: string): boolean {
  const source = authenticate(req, url, token);
  if (source === null) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="crosstag"');
    sendError(res, 401, { code: 'UNAUTHORIZED', message: 'missing or wrong session token: open the URL that `crosstag serve` printed' });
    return false;
  }
  if (source === 'query') {
    res.setHeader('Set-Cookie', sessionCookie(token));
    if (!isApiPath(url) && (req.method === 'GET' || req.method === 'HEAD')) {
      // Keep the token out of the address bar, history and any Referer from here on.
      url.searchParams.delete('token');
      res.statusCode = 303;
      res.setHeader('Location', `${url.pathname}${url.search}`);
      res.end();
      return false;
    }
  }
  return true;
}

interface Routes {
  bridge: CoreBridge;
  staticDir: string;
  limit: number;
  heartbeatMs: number;
}

/** An admitted request: the event stream, a contract method, or a file of the renderer. */
async function route(req: IncomingMessage, res: ServerResponse, url: URL, r: Routes): Promise<void> {
  if (url.pathname === '/api/events') {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      sendError(res, 405, { code: 'BAD_REQUEST', message: 'use GET for /api/events' });
      return;
    }
    openEventStream(res, r.bridge, r.heartbeatMs);
    return;
  }
  const method = METHOD_PATH.exec(url.pathname);
  if (method !== null) {
    await handleApiCall(req, res, r.bridge, method[1] as string, r.limit);
    return;
  }
  if (!isApiPath(url) && (req.method === 'GET' || req.method === 'HEAD')) {
    if (await serveStatic(r.staticDir, url.pathname, res, req.method === 'HEAD')) return;
  }
  sendError(res, 404, { code: 'NOT_FOUND', message: `nothing at ${url.pathname}` });
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? LOOPBACK_HOST;
  if (host !== LOOPBACK_HOST) {
    throw new Error(`refusing to listen on ${host}: the web shell binds to ${LOOPBACK_HOST} only`);
  }
  const token = opts.token ?? newToken();
  const routes: Routes = {
    bridge: opts.bridge,
    staticDir: opts.staticDir,
    limit: opts.maxBodyBytes ?? MAX_BODY_BYTES,
    heartbeatMs: opts.heartbeatMs ?? HEARTBEAT_MS,
  };
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res);
    const problem = originProblem(req, port);
    if (problem !== null) {
      sendError(res, 403, { code: 'UNAUTHORIZED', message: `forbidden: ${problem}` });
      return;
    }
    const url = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}:${port}`);
    if (authenticated(req, res, url, token)) await route(req, res, url, routes);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, 500, { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) });
    });
  });
  // Event streams stay open for the life of a page; only idle keep-alive sockets time out.
  server.requestTimeout = 0;

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', fail);
      done();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${LOOPBACK_HOST}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((err) => (err ? fail(err) : done()));
        server.closeAllConnections();
      }),
  };
}
