// POST /api/<method>: JSON params in, a contract Reply out.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError, Reply } from '../contract/errors.js';
import type { CoreBridge } from '../core/shell/index.js';

/** Imports may carry a whole corpus file as base64 in the body. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, error: ApiError): void {
  const reply: Reply<never> = { ok: false, error };
  sendJson(res, status, reply);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((done, fail) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      fail(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        fail(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

function isJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return type !== undefined && type.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  bridge: CoreBridge,
  method: string,
  limit: number,
): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(res, 405, { code: 'BAD_REQUEST', message: `use POST for /api/${method}` });
    return;
  }
  if (!isJson(req)) {
    req.resume();
    sendError(res, 415, { code: 'BAD_REQUEST', message: 'the request body must be application/json' });
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, limit);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      res.setHeader('Connection', 'close');
      sendError(res, 413, { code: 'BAD_REQUEST', message: `the request body is larger than ${limit} bytes` });
      return;
    }
    throw err;
  }
  let params: unknown = {};
  const text = body.toString('utf8');
  if (text.trim() !== '') {
    try {
      params = JSON.parse(text);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      sendError(res, 400, { code: 'BAD_REQUEST', message: `malformed JSON body: ${reason}` });
      return;
    }
  }
  sendJson(res, 200, await bridge.dispatch(method, params));
}
