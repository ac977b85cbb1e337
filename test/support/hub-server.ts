// A local stand-in for the Hugging Face hub, serving checkpoint folders in hub layout the way the
// hub does: <endpoint>/<repo>/resolve/<revision>/<file>; small files answered directly with their
// git blob SHA-1 as ETag, model.safetensors through an LFS-style redirect carrying X-Linked-Etag
// (its SHA-256) and X-Linked-Size. Behaviours let a test cut, corrupt, slow down or drop transfers.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';

export interface HubBehaviour {
  /** Close the connection after this many bytes of the weights (once). */
  cutAfter: number | null;
  /** Answer a Range request with the whole file. */
  ignoreRange: boolean;
  /** Flip one byte of the weights. */
  corrupt: boolean;
  /** Send the weights in chunks of this many bytes, `delayMs` apart (0: at once). */
  chunkBytes: number;
  delayMs: number;
  /** Range headers received for the weights. */
  ranges: string[];
}

export interface HubServer {
  endpoint: string;
  behaviour: HubBehaviour;
  reset(): void;
  close(): Promise<void>;
}

const WEIGHTS = 'model.safetensors';
const gitSha1 = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

function readRepo(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
}

/**
 * Serves `repos` (repository name -> folder). A repository in `unreachable` has its connections
 * dropped, as a network that is down drops them; `renamed` maps old names to current ones.
 */
export async function startHubServer(
  repos: Record<string, string>,
  opts: { unreachable?: string[]; renamed?: Record<string, string> } = {},
): Promise<HubServer> {
  const files = new Map(Object.entries(repos).map(([name, dir]) => [name, readRepo(dir)]));
  const behaviour: HubBehaviour = { cutAfter: null, ignoreRange: false, corrupt: false, chunkBytes: 0, delayMs: 0, ranges: [] };
  const reset = () =>
    Object.assign(behaviour, { cutAfter: null, ignoreRange: false, corrupt: false, chunkBytes: 0, delayMs: 0, ranges: [] });

  const serveWeights = (req: IncomingMessage, res: ServerResponse, weights: Buffer) => {
    const body = behaviour.corrupt ? Buffer.from(weights.map((b, i) => (i === 100 ? b ^ 1 : b))) : weights;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (req.headers.range) behaviour.ranges.push(req.headers.range);
    let start = 0;
    if (range && !behaviour.ignoreRange) {
      start = Number(range[1]);
      res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
    } else {
      res.writeHead(200, { 'content-length': body.length });
    }
    const rest = body.subarray(start);
    if (behaviour.cutAfter !== null) {
      const cut = behaviour.cutAfter;
      behaviour.cutAfter = null;
      res.write(rest.subarray(0, cut), () => res.socket?.destroy());
      return;
    }
    if (behaviour.chunkBytes <= 0) return void res.end(rest);
    let at = 0;
    const next = () => {
      if (res.destroyed) return;
      const end = Math.min(rest.length, at + behaviour.chunkBytes);
      res.write(rest.subarray(at, end));
      at = end;
      if (at >= rest.length) res.end();
      else setTimeout(next, behaviour.delayMs);
    };
    next();
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://hub');
    const lfs = /^\/lfs\/(.+)$/.exec(url.pathname);
    if (lfs) return serveWeights(req, res, files.get(decodeURIComponent(lfs[1]!))!.get(WEIGHTS)!);
    const m = /^\/(.+)\/resolve\/[^/]+\/([^/]+)$/.exec(url.pathname);
    const repo = m ? decodeURIComponent(m[1]!) : '';
    if (opts.unreachable?.includes(repo)) return void req.socket.destroy();
    const renamed = opts.renamed?.[repo];
    if (m && renamed) {
      res.writeHead(307, { location: url.pathname.replace(`/${m[1]}/`, `/${renamed}/`) });
      return void res.end();
    }
    const body = m ? files.get(repo)?.get(m[2]!) : undefined;
    if (!m || !body) {
      res.writeHead(404);
      return void res.end();
    }
    if (m[2] === WEIGHTS) {
      const sha256 = createHash('sha256').update(body).digest('hex');
      res.writeHead(302, {
        location: `/lfs/${encodeURIComponent(repo)}`,
        'x-linked-etag': `"${sha256}"`,
        'x-linked-size': String(body.length),
      });
      return void res.end();
    }
    res.writeHead(200, { etag: `"${gitSha1(body)}"`, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    behaviour,
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
