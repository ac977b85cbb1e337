// Raw HTTP against the loopback server, with full control over Host, Origin and cookies.

import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function send(port: number, req: RawRequest): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const r = request(
      {
        host: '127.0.0.1',
        port,
        method: req.method ?? 'GET',
        path: req.path,
        headers: { host: `127.0.0.1:${port}`, ...req.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      },
    );
    r.on('error', fail);
    r.end(req.body);
  });
}

/** Opens the event stream and resolves with the text received once `until` matches it. */
export function readEvents(
  port: number,
  headers: Record<string, string>,
  until: RegExp,
  onOpen: () => void,
): Promise<{ status: number; contentType: string | undefined; text: string }> {
  return new Promise((done, fail) => {
    const r = request({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      if (res.statusCode !== 200) {
        res.resume();
        done({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text });
        return;
      }
      res.setEncoding('utf8');
      let opened = false;
      res.on('data', (chunk: string) => {
        text += chunk;
        if (!opened && text.includes(': connected')) {
          opened = true;
          onOpen();
        }
        if (until.test(text)) {
          r.destroy();
          done({ status: 200, contentType: res.headers['content-type'], text });
        }
      });
    });
    r.on('error', fail);
    r.end();
  });
}
