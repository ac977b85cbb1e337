import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../../src-main/core/errors.js';
import { downloadEncoder, type DownloadProgress } from '../../../../../../src-main/core/ml/encoders/bert/hub.js';
import { fixtureDir } from './fixture.js';

/** A local stand-in for the hub: small files answered directly with a git blob ETag, the weights through an LFS-style redirect. */
interface HubBehaviour {
  /** Close the connection after this many bytes of the weights (once). */
  cutAfter: number | null;
  ignoreRange: boolean;
  corrupt: boolean;
  ranges: string[];
}

const files: Record<string, Buffer> = {
  'config.json': readFileSync(path.join(fixtureDir('tiny'), 'config.json')),
  'vocab.txt': readFileSync(path.join(fixtureDir('tiny'), 'vocab.txt')),
  'model.safetensors': readFileSync(path.join(fixtureDir('tiny'), 'model.safetensors')),
};
const weights = files['model.safetensors']!;
const sha256 = createHash('sha256').update(weights).digest('hex');
const gitSha1 = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

const hub: HubBehaviour = { cutAfter: null, ignoreRange: false, corrupt: false, ranges: [] };
let server: Server;
let endpoint: string;
const temp = mkdtempSync(path.join(tmpdir(), 'crosstag-hub-'));

function serveWeights(req: IncomingMessage, res: ServerResponse): void {
  const body = hub.corrupt ? Buffer.from(weights.map((b, i) => (i === 100 ? b ^ 1 : b))) : weights;
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (req.headers.range) hub.ranges.push(req.headers.range);
  let start = 0;
  if (range && !hub.ignoreRange) {
    start = Number(range[1]);
    res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
  } else {
    res.writeHead(200, { 'content-length': body.length });
  }
  const rest = body.subarray(start);
  if (hub.cutAfter !== null) {
    const cut = hub.cutAfter;
    hub.cutAfter = null;
    res.write(rest.subarray(0, cut), () => res.socket?.destroy());
    return;
  }
  res.end(rest);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const m = /^\/org\/tiny\/resolve\/main\/(.+)$/.exec(url.pathname);
    if (url.pathname === '/lfs/weights') return serveWeights(req, res);
    if (url.pathname.startsWith('/old-name/')) {
      res.writeHead(307, { location: url.pathname.replace('/old-name/', '/org/tiny/') });
      return res.end();
    }
    if (m && m[1] === 'model.safetensors') {
      res.writeHead(302, { location: '/lfs/weights', 'x-linked-etag': `"${sha256}"`, 'x-linked-size': String(weights.length) });
      return res.end();
    }
    const body = m ? files[m[1]!] : undefined;
    if (!body) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { etag: `"${gitSha1(body)}"`, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  endpoint = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(temp, { recursive: true, force: true });
});

beforeEach(() => {
  Object.assign(hub, { cutAfter: null, ignoreRange: false, corrupt: false, ranges: [] });
});

describe('downloadEncoder', () => {
  it('downloads, verifies every checksum, reports progress and validates the folder', async () => {
    const dir = path.join(temp, 'whole');
    const progress: DownloadProgress[] = [];
    const report = await downloadEncoder({ repo: 'org/tiny', dir, endpoint, timeoutMs: 5000, onProgress: (p) => progress.push(p) });
    expect(report.files.map((f) => [f.name, f.verified])).toEqual([
      ['config.json', 'git-sha1'],
      ['vocab.txt', 'git-sha1'],
      ['model.safetensors', 'sha256'],
    ]);
    expect(report.encoder).toMatchObject({ layers: 2, hidden: 32, prefix: 'bert.' });
    expect(readFileSync(path.join(dir, 'model.safetensors')).equals(weights)).toBe(true);
    expect(existsSync(path.join(dir, 'tokenizer_config.json'))).toBe(false);
    const last = progress.filter((p) => p.file === 'model.safetensors').at(-1)!;
    expect(last).toEqual({ file: 'model.safetensors', received: weights.length, total: weights.length });
  });

  it('follows a renamed repository', async () => {
    const report = await downloadEncoder({ repo: 'old-name', dir: path.join(temp, 'renamed'), endpoint, timeoutMs: 5000 });
    expect(report.files).toHaveLength(3);
  });

  it('resumes an interrupted download with a Range request', async () => {
    const dir = path.join(temp, 'resume');
    hub.cutAfter = 20_000;
    await expect(downloadEncoder({ repo: 'org/tiny', dir, endpoint, timeoutMs: 5000 })).rejects.toThrow(CoreError);
    expect(existsSync(path.join(dir, 'model.safetensors'))).toBe(false);
    const partial = readFileSync(path.join(dir, 'model.safetensors.part'));
    expect(partial.length).toBeGreaterThanOrEqual(20_000);
    expect(partial.length).toBeLessThan(weights.length);
    const report = await downloadEncoder({ repo: 'org/tiny', dir, endpoint, timeoutMs: 5000 });
    expect(hub.ranges).toEqual([`bytes=${partial.length}-`]);
    expect(report.files.find((f) => f.name === 'model.safetensors')).toMatchObject({ verified: 'sha256', resumedFrom: partial.length });
    expect(readFileSync(path.join(dir, 'model.safetensors')).equals(weights)).toBe(true);
    expect(existsSync(path.join(dir, 'model.safetensors.part'))).toBe(false);
    // A third run finds every file in place and verified, and fetches no weights at all.
    hub.ranges = [];
    const again = await downloadEncoder({ repo: 'org/tiny', dir, endpoint, timeoutMs: 5000 });
    expect(again.files.map((f) => f.resumedFrom)).toEqual(again.files.map((f) => f.bytes));
  });

  it('starts over when the server ignores the range', async () => {
    const dir = path.join(temp, 'no-range');
    hub.cutAfter = 10_000;
    await expect(downloadEncoder({ repo: 'org/tiny', dir, endpoint, timeoutMs: 5000 })).rejects.toThrow(CoreError);
    hub.ignoreRange = true;
    await downloadEncoder({ repo: 'org/tiny', dir, endpoint, timeoutMs: 5000 });
    expect(readFileSync(path.join(dir, 'model.safetensors')).equals(weights)).toBe(true);
  });

  it('discards a download whose checksum does not match', async () => {
    const dir = path.join(temp, 'corrupt');
    hub.corrupt = true;
    await expect(downloadEncoder({ repo: 'org/tiny', dir, endpoint, timeoutMs: 5000 })).rejects.toThrow(
      /model\.safetensors: SHA-256 does not match the hub's/,
    );
    expect(existsSync(path.join(dir, 'model.safetensors'))).toBe(false);
    expect(existsSync(path.join(dir, 'model.safetensors.part'))).toBe(false);
  });

  it('names a repository without the needed files, and refuses bad names', async () => {
    await expect(downloadEncoder({ repo: 'org/other', dir: path.join(temp, 'other'), endpoint, timeoutMs: 5000 })).rejects.toThrow(
      /org\/other has no config\.json on the hub/,
    );
    await expect(downloadEncoder({ repo: '../etc', dir: path.join(temp, 'bad'), endpoint })).rejects.toThrow(/not a hub repository name/);
  });
});

describe('downloadEncoder without a network', () => {
  let blackhole: TcpServer;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Accepts connections and never answers, like a host behind a firewall that drops packets.
    blackhole = createTcpServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  });

  async function offlineError(endpointUrl: string): Promise<{ error: CoreError; ms: number }> {
    const t0 = performance.now();
    const error = await downloadEncoder({
      repo: 'google-bert/bert-base-multilingual-cased',
      dir: path.join(temp, 'offline'),
      endpoint: endpointUrl,
      timeoutMs: 400,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CoreError);
    return { error: error as CoreError, ms: performance.now() - t0 };
  }

  it('fails at once with an offline message when the host does not answer', async () => {
    const { port } = blackhole.address() as { port: number };
    const { error, ms } = await offlineError(`http://127.0.0.1:${port}`);
    expect(error.code).toBe('OFFLINE');
    expect(error.message).toMatch(
      /^cannot reach 127\.0\.0\.1:\d+ to download google-bert\/bert-base-multilingual-cased \(no answer in time\): this computer seems to be offline/,
    );
    expect(error.message).toContain('Add pretrained encoder… (folder)');
    expect(ms).toBeLessThan(3000);
  });

  it('fails at once when the host name does not resolve or the port is closed', async () => {
    const unresolved = await offlineError('https://huggingface.invalid');
    expect(unresolved.error.code).toBe('OFFLINE');
    expect(unresolved.error.message).toMatch(/^cannot reach huggingface\.invalid to download/);
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await offlineError(`http://127.0.0.1:${port}`);
    expect(refused.error.code).toBe('OFFLINE');
    expect(refused.error.message).toMatch(/\(ECONNREFUSED\)/);
    expect(existsSync(path.join(temp, 'offline', 'config.json'))).toBe(false);
  });
});
