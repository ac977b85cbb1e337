// dictionaries.download against a local stand-in for MUSE's server: the file arrives with
// progress and is imported; a cut connection resumes with a Range request; a closed port is
// OFFLINE with where to get the file; an unknown file is NOT_FOUND; a bad file imports nothing.

import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DictionaryInfo, PublishedDictionary } from '../../../../src-main/contract/entities.js';
import type { ApiError } from '../../../../src-main/contract/errors.js';
import type { DictionaryDownloadProgress } from '../../../../src-main/contract/events.js';
import { dispatch, MUSE_ENDPOINT, publishedDictionary } from '../../../../src-main/core/service/index.js';
import type { Harness } from './fixtures.js';
import { createEnEsProject, harness } from './fixtures.js';

// Long enough to arrive in several chunks, so a cut leaves part of it.
const MUSE =
  ['lives vive', 'in en', 'hired contrató', 'paris parís', ...Array.from({ length: 4000 }, (_, i) => `word${i} palabra${i}`)].join('\n') +
  '\n';
const body = Buffer.from(MUSE, 'utf8');

const server = { cutAfter: null as number | null, ranges: [] as string[], bad: false };
let http: Server;
let endpoint: string;

function serve(req: IncomingMessage, res: ServerResponse): void {
  const content = server.bad ? Buffer.from('lives vive\nonly-one-field\n') : body;
  if (req.url !== '/dictionaries/en-es.txt') {
    res.writeHead(404);
    return void res.end();
  }
  if (req.method === 'HEAD') {
    res.writeHead(200, { 'content-length': content.length });
    return void res.end();
  }
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (req.headers.range) server.ranges.push(req.headers.range);
  const start = range ? Number(range[1]) : 0;
  if (range)
    res.writeHead(206, {
      'content-length': content.length - start,
      'content-range': `bytes ${start}-${content.length - 1}/${content.length}`,
    });
  else res.writeHead(200, { 'content-length': content.length });
  const rest = content.subarray(start);
  if (server.cutAfter !== null) {
    const cut = server.cutAfter;
    server.cutAfter = null;
    return void res.write(rest.subarray(0, cut), () => res.socket?.destroy());
  }
  res.end(rest);
}

beforeAll(async () => {
  http = createServer(serve);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(http.address() as { port: number }).port}/dictionaries`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

let h: Harness;
let progress: DictionaryDownloadProgress[];

async function open(source: { endpoint: string; timeoutMs: number }): Promise<void> {
  h = harness({ dictionarySource: source });
  progress = [];
  h.core.on('dictionaries.progress', (p) => progress.push(p));
  await createEnEsProject(h.core);
}

async function fails(method: string, params: unknown): Promise<ApiError> {
  const reply = await dispatch(h.core, method, params);
  if (reply.ok) throw new Error(`${method} succeeded`);
  return reply.error;
}

afterEach(async () => {
  server.cutAfter = null;
  server.ranges = [];
  server.bad = false;
  await h?.cleanup();
});

describe('published dictionaries', () => {
  it('names MUSE, its address, source and licence for the pairs it publishes, and nothing for others', () => {
    const entry = publishedDictionary('en', 'es', MUSE_ENDPOINT);
    expect(entry).toEqual<PublishedDictionary>({
      srcLang: 'en',
      tgtLang: 'es',
      name: 'MUSE en-es',
      url: 'https://dl.fbaipublicfiles.com/arrival/dictionaries/en-es.txt',
      source: expect.stringContaining('Conneau et al., 2018') as unknown as string,
      licence: 'CC BY-NC 4.0 (non-commercial use)',
      homepage: 'https://github.com/facebookresearch/MUSE',
    });
    expect(publishedDictionary('pt-BR', 'en', 'http://mirror/')?.url).toBe('http://mirror/pt-en.txt');
    expect(publishedDictionary('de', 'fr', MUSE_ENDPOINT)?.name).toBe('MUSE de-fr');
    expect(publishedDictionary('nl', 'ja', MUSE_ENDPOINT)).toBeNull();
    expect(publishedDictionary('en', 'xx', MUSE_ENDPOINT)).toBeNull();
  });

  it('downloads with progress, imports it with its coverage, and does not download it twice', async () => {
    await open({ endpoint, timeoutMs: 5000 });
    expect(await h.core['dictionaries.published']({ srcLang: 'en', tgtLang: 'es' })).toMatchObject({ url: `${endpoint}/en-es.txt` });
    const d = await h.core['dictionaries.download']({ srcLang: 'en', tgtLang: 'es' });
    expect(d).toMatchObject({ name: 'MUSE en-es', srcLang: 'en', tgtLang: 'es', words: 4004, entries: 4004, file: 'en-es.txt' });
    expect(d.coverage.source).toMatchObject({ coveredTypes: 4 });
    expect(progress.at(-1)).toEqual({ srcLang: 'en', tgtLang: 'es', received: body.length, total: body.length });
    expect(progress[0]!.received).toBe(0);
    // The file is in the project now; only a failed download leaves one behind, to resume.
    expect(fs.readdirSync(path.join(h.dir, 'p.sqlite.crosstag', 'dictionaries'))).toEqual([]);
    const again = await h.core['dictionaries.download']({ srcLang: 'en', tgtLang: 'es' });
    expect(again.id).toBe(d.id);
    expect(await h.core['dictionaries.list']({})).toHaveLength(1);
  });

  it('resumes a cut download with a Range request', async () => {
    await open({ endpoint, timeoutMs: 5000 });
    server.cutAfter = 20_000;
    const cut = await fails('dictionaries.download', { srcLang: 'en', tgtLang: 'es' });
    expect(cut.code).toBe('OFFLINE');
    const part = path.join(h.dir, 'p.sqlite.crosstag', 'dictionaries', 'en-es.txt.part');
    expect(fs.statSync(part).size).toBeGreaterThan(0);
    expect(await h.core['dictionaries.list']({})).toEqual([]);
    const d: DictionaryInfo = await h.core['dictionaries.download']({ srcLang: 'en', tgtLang: 'es' });
    expect(server.ranges).toHaveLength(1);
    expect(Number(/^bytes=(\d+)-$/.exec(server.ranges[0]!)![1])).toBeGreaterThan(0);
    expect(fs.existsSync(part)).toBe(false);
    expect(d.entries).toBe(4004);
  });

  it('fails at once offline, saying where to get the file and how to import it', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await open({ endpoint: `http://127.0.0.1:${port}/arrival/dictionaries`, timeoutMs: 2000 });
    const error = await fails('dictionaries.download', { srcLang: 'en', tgtLang: 'es' });
    expect(error.code).toBe('OFFLINE');
    expect(error.message).toMatch(
      /^cannot reach 127\.0\.0\.1:\d+ to download MUSE en-es \(ECONNREFUSED\): this computer seems to be offline/,
    );
    expect(error.message).toContain(`download http://127.0.0.1:${port}/arrival/dictionaries/en-es.txt (CC BY-NC 4.0`);
    expect(error.message).toContain('import the file under Projects ▸ Dictionaries with en as source and es as target');
    expect(await h.core['dictionaries.list']({})).toEqual([]);
  });

  it('says NOT_FOUND for a pair the server lacks or that is not published, and imports nothing from a bad file', async () => {
    await open({ endpoint, timeoutMs: 5000 });
    await h.core['languages.upsert']({ code: 'fr', name: 'French', direction: 'ltr' });
    expect(await fails('dictionaries.download', { srcLang: 'en', tgtLang: 'fr' })).toMatchObject({ code: 'NOT_FOUND' });
    expect((await fails('dictionaries.download', { srcLang: 'es', tgtLang: 'ja' })).message).toMatch(
      /no published dictionary is known for es → ja/,
    );
    server.bad = true;
    const bad = await fails('dictionaries.download', { srcLang: 'en', tgtLang: 'es' });
    expect(bad).toMatchObject({ code: 'IMPORT_ERROR', line: 2 });
    expect(await h.core['dictionaries.list']({})).toEqual([]);
    expect(fs.readdirSync(path.join(h.dir, 'p.sqlite.crosstag', 'dictionaries'))).toEqual([]);
  });
});
