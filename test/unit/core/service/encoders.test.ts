// encoders.* through the core's validating dispatch, on a real project file: the built-in small
// encoders, adding, checking and removing the tiny BERT checkpoint of test/fixtures/bert, and
// downloading from a local stand-in for the hub, a hub that never answers, and a closed port.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecommendedEncoder, EncoderInfo } from '../../../../src-main/contract/entities.js';
import type { ApiError } from '../../../../src-main/contract/errors.js';
import type { EncoderDownloadProgress } from '../../../../src-main/contract/events.js';
import { smallEncoders } from '../../../../src-main/core/ml/encoders/index.js';
import { dispatch, downloadDir, type HubOptions } from '../../../../src-main/core/service/index.js';
import { SCHEMA_VERSION } from '../../../../src-main/core/store/index.js';
import { harness, type Harness } from './fixtures.js';

const TINY = path.resolve(import.meta.dirname, '../../../fixtures/bert/tiny');
const TINY_FILES = ['config.json', 'model.safetensors', 'tokenizer_config.json', 'vocab.txt'];
const TINY_BYTES = TINY_FILES.reduce((n, f) => n + fs.statSync(path.join(TINY, f)).size, 0);

let h: Harness;
let progress: EncoderDownloadProgress[];

async function call<T>(method: string, params: unknown): Promise<T> {
  const reply = await dispatch(h.core, method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

async function fails(method: string, params: unknown): Promise<ApiError> {
  const reply = await dispatch(h.core, method, params);
  expect(reply.ok, `${method} should fail`).toBe(false);
  return (reply as { ok: false; error: ApiError }).error;
}

async function open(hub: HubOptions = {}): Promise<void> {
  h = harness({ hub });
  progress = [];
  h.core.on('encoders.progress', (p) => progress.push(p));
  await call('projects.create', { path: 'p.sqlite', name: 'P' });
}

/** A copy of the tiny checkpoint under the harness folder, optionally changed. */
function copyTiny(name: string, change: (dir: string) => void = () => undefined): string {
  const dir = path.join(h.dir, name);
  fs.cpSync(TINY, dir, { recursive: true });
  change(dir);
  return dir;
}

describe('encoders in a project', () => {
  beforeEach(() => open());
  afterEach(() => h.cleanup());

  it('lists the engine’s small encoders, even before a project is open', async () => {
    const names = smallEncoders().map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['small', 'small-transformer', 'small-cnn']));
    const list = await call<EncoderInfo[]>('encoders.list', {});
    expect(list.map((e) => e.value)).toEqual(names);
    expect(list.every((e) => e.kind === 'small' && e.id === null && e.dir === null && e.problem === null)).toBe(true);
    expect(list[0]!.description).toMatch(/BiLSTM \(1 layer of 128 per direction\)/);
    const bare = harness();
    try {
      const reply = await dispatch(bare.core, 'encoders.list', {});
      expect(reply).toMatchObject({ ok: true, value: list });
      expect(await dispatch(bare.core, 'encoders.add', { dir: TINY })).toMatchObject({ ok: false, error: { code: 'NO_PROJECT' } });
    } finally {
      await bare.cleanup();
    }
  });

  it('adds a checkpoint folder with its summary, lists it for training, and keeps it across reopening', async () => {
    const added = await call<EncoderInfo>('encoders.add', { dir: TINY, name: 'Tiny BERT' });
    expect(added).toMatchObject({ kind: 'pretrained', name: 'Tiny BERT', value: `bert:${TINY}`, dir: TINY, repo: null, problem: null });
    expect(added.id).toBeGreaterThan(0);
    expect(added.summary).toEqual({
      modelType: 'bert',
      layers: 2,
      hidden: 32,
      heads: 4,
      vocabSize: 183,
      maxPositions: 64,
      cased: true,
      tokenizer: 'WordPiece',
      parameters: 21610,
      bytes: TINY_BYTES,
      dtypes: ['F32'],
    });
    expect(added.description).toBe('bert, 2 layers, hidden 32, 22k parameters, cased, WordPiece tokenizer');
    // A relative folder resolves against the shell's base folder; its name defaults to the folder's.
    const copy = copyTiny('ckpt');
    const relative = await call<EncoderInfo>('encoders.add', { dir: 'ckpt' });
    expect(relative).toMatchObject({ name: 'ckpt', dir: copy, value: `bert:${copy}` });

    const conflict = await fails('encoders.add', { dir: TINY });
    expect(conflict).toMatchObject({ code: 'CONFLICT' });
    expect(conflict.message).toContain('already registered as encoder "Tiny BERT"');

    const info = await call<{ path: string; schemaVersion: number }>('projects.current', {});
    expect(info.schemaVersion).toBe(SCHEMA_VERSION);
    await call('projects.open', { path: info.path });
    const list = await call<EncoderInfo[]>('encoders.list', {});
    expect(list.filter((e) => e.kind === 'pretrained')).toEqual([added, relative]);
  });

  it('refuses a folder that is not a usable checkpoint, naming the file and tensor, and registers nothing', async () => {
    const noVocab = copyTiny('no-vocab', (d) => fs.rmSync(path.join(d, 'vocab.txt')));
    expect((await fails('encoders.add', { dir: noVocab })).message).toContain(`${noVocab}: no tokenizer.json or vocab.txt`);

    const deeper = copyTiny('deeper', (d) => {
      const config = JSON.parse(fs.readFileSync(path.join(d, 'config.json'), 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(path.join(d, 'config.json'), JSON.stringify({ ...config, num_hidden_layers: 3 }));
    });
    const missing = await fails('encoders.add', { dir: deeper });
    expect(missing.code).toBe('BAD_REQUEST');
    expect(missing.message).toMatch(
      new RegExp(`^${path.join(deeper, 'model.safetensors').replace(/[.]/g, '\\.')}: tensor bert\\.encoder\\.layer\\.2\\.\\S+ is missing`),
    );

    const notFolder = await fails('encoders.add', { dir: path.join(TINY, 'config.json') });
    expect(notFolder.message).toMatch(/not a folder/);
    expect(await fails('encoders.add', { dir: path.join(h.dir, 'nowhere') })).toMatchObject({ code: 'NOT_FOUND' });
    const hashed = copyTiny('a#b');
    expect((await fails('encoders.add', { dir: hashed })).message).toMatch(/contains '#'/);
    expect(await fails('encoders.add', { dir: '' })).toMatchObject({ code: 'BAD_REQUEST' });

    const list = await call<EncoderInfo[]>('encoders.list', {});
    expect(list.filter((e) => e.kind === 'pretrained')).toEqual([]);
  });

  it('says what is wrong with a registered folder that changed, keeping its last summary', async () => {
    const dir = copyTiny('changing');
    const added = await call<EncoderInfo>('encoders.add', { dir });
    fs.truncateSync(path.join(dir, 'model.safetensors'), 1000);
    let [listed] = (await call<EncoderInfo[]>('encoders.list', {})).filter((e) => e.kind === 'pretrained');
    expect(listed!.problem).toContain(path.join(dir, 'model.safetensors'));
    expect(listed!.summary).toEqual(added.summary);
    fs.rmSync(dir, { recursive: true });
    [listed] = (await call<EncoderInfo[]>('encoders.list', {})).filter((e) => e.kind === 'pretrained');
    expect(listed!.problem).toMatch(/no such folder/);
    fs.cpSync(TINY, dir, { recursive: true });
    [listed] = (await call<EncoderInfo[]>('encoders.list', {})).filter((e) => e.kind === 'pretrained');
    expect(listed).toEqual(added);
  });

  it('removes a registration but never a folder the user added', async () => {
    const dir = copyTiny('kept');
    const added = await call<EncoderInfo>('encoders.add', { dir });
    expect(await call('encoders.remove', { id: added.id })).toEqual({ ok: true });
    expect((await call<EncoderInfo[]>('encoders.list', {})).some((e) => e.id === added.id)).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(TINY_FILES);
    expect(await fails('encoders.remove', { id: added.id })).toMatchObject({ code: 'NOT_FOUND' });
    // Registered again, it gets a new id.
    expect((await call<EncoderInfo>('encoders.add', { dir })).id).toBeGreaterThan(added.id!);
  });

  it('recommends multilingual encoders with their size, parameters, teacher memory and published scores', async () => {
    const list = await call<RecommendedEncoder[]>('encoders.recommended', {});
    expect(list.map((r) => [r.repo, r.kind])).toEqual([
      ['FacebookAI/xlm-roberta-base', 'xlm-roberta'],
      ['FacebookAI/xlm-roberta-large', 'xlm-roberta'],
      ['google-bert/bert-base-multilingual-cased', 'bert'],
      ['distilbert/distilbert-base-multilingual-cased', 'distilbert'],
    ]);
    // Encoder parameters of mBERT's published shape: embeddings (119547 + 512 + 2 rows of 768, and
    // a LayerNorm) and 12 layers of 7,087,872.
    const mbert = list[2]!;
    expect(mbert.parameters).toBe((119547 + 512 + 2) * 768 + 2 * 768 + 12 * 7_087_872);
    expect(mbert.published).toMatchObject({ de: 69.56, es: 74.96, nl: 77.57 });
    expect(mbert.published!.source).toMatch(/^Wu and Dredze \(2019\)/);
    expect(list[0]!.published).toBeNull();
    expect(list[0]!.publishedNote).toMatch(/could not be checked/);
    for (const r of list) {
      expect(r.memory.map((m) => m.backend)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm']);
      const [gpu, , wasm] = r.memory;
      // Two encoders' weights at least, and the wasm figure never above the all-layers one.
      expect(gpu!.bytes).toBeGreaterThan(8 * r.parameters);
      expect(wasm!.bytes).toBeLessThanOrEqual(gpu!.bytes);
      expect(r.downloadBytes).toBeGreaterThan(4 * r.parameters);
    }
  });

  it('refuses malformed hub repository names at the boundary', async () => {
    for (const repo of ['../etc', 'a/b/c', '', 'org/..', 'org/name with space']) {
      expect(await fails('encoders.download', { repo }), repo).toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(await fails('encoders.download', { repo: 'org/x', revision: '../main' })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await call('encoders.cancel', { repo: 'org/x' })).toEqual({ cancelled: false });
  });
});

describe('downloading from the hub', () => {
  const files = Object.fromEntries(['config.json', 'vocab.txt', 'model.safetensors'].map((f) => [f, fs.readFileSync(path.join(TINY, f))]));
  let hub: Server;
  let endpoint: string;
  let blackhole: TcpServer;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Every file answered directly with its SHA-256 as ETag; tokenizer_config.json is absent.
    hub = createServer((req, res) => {
      const m = /^\/org\/tiny\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const body = m ? files[m[1]!] : undefined;
      if (!body) {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { etag: `"${createHash('sha256').update(body).digest('hex')}"`, 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(hub.address() as { port: number }).port}`;
    // Takes connections and never answers, like a host behind a firewall that drops packets.
    blackhole = createTcpServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => hub.close(() => resolve()));
    await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  });

  afterEach(() => h.cleanup());

  it('downloads into the project’s data folder with progress, registers it, and deletes it on removal', async () => {
    await open({ endpoint, timeoutMs: 5000 });
    const info = await call<EncoderInfo>('encoders.download', { repo: 'org/tiny' });
    const dir = downloadDir(path.join(h.dir, 'p.sqlite'), 'org/tiny');
    expect(dir).toBe(path.join(h.dir, 'p.sqlite.crosstag', 'encoders', 'org--tiny'));
    expect(info).toMatchObject({ kind: 'pretrained', name: 'org/tiny', repo: 'org/tiny', dir, value: `bert:${dir}`, problem: null });
    expect(info.summary).toMatchObject({ layers: 2, hidden: 32, parameters: 21610 });
    expect(fs.readdirSync(dir).sort()).toEqual(['config.json', 'model.safetensors', 'vocab.txt']);
    const weights = progress.filter((p) => p.file === 'model.safetensors');
    expect(weights.at(-1)).toEqual({
      repo: 'org/tiny',
      file: 'model.safetensors',
      received: files['model.safetensors']!.length,
      total: files['model.safetensors']!.length,
    });
    // Downloading again keeps the verified files and the one registration.
    const again = await call<EncoderInfo>('encoders.download', { repo: 'org/tiny' });
    expect(again.id).toBe(info.id);
    expect((await call<EncoderInfo[]>('encoders.list', {})).filter((e) => e.kind === 'pretrained')).toHaveLength(1);
    await call('encoders.remove', { id: info.id });
    expect(fs.existsSync(dir)).toBe(false);

    const absent = await fails('encoders.download', { repo: 'org/absent' });
    expect(absent).toMatchObject({ code: 'NOT_FOUND' });
    expect(fs.existsSync(downloadDir(path.join(h.dir, 'p.sqlite'), 'org/absent'))).toBe(false);
  });

  it('fails at once with OFFLINE, saying to add a downloaded folder instead, and leaves nothing behind', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await open({ endpoint: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
    const t0 = performance.now();
    const error = await fails('encoders.download', { repo: 'google-bert/bert-base-multilingual-cased' });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(error.code).toBe('OFFLINE');
    expect(error.message).toMatch(
      /^cannot reach 127\.0\.0\.1:\d+ to download google-bert\/bert-base-multilingual-cased \(ECONNREFUSED\): this computer seems to be offline/,
    );
    expect(error.message).toContain('add it with "Add pretrained encoder… (folder)"');
    expect(fs.existsSync(path.join(h.dir, 'p.sqlite.crosstag', 'encoders'))).toBe(false);
    expect((await call<EncoderInfo[]>('encoders.list', {})).filter((e) => e.kind === 'pretrained')).toEqual([]);
  });

  it('gives up on a hub that never answers after the timeout, and a cancel ends a download at once', async () => {
    const port = (blackhole.address() as { port: number }).port;
    await open({ endpoint: `http://127.0.0.1:${port}`, timeoutMs: 300 });
    const timedOut = await fails('encoders.download', { repo: 'org/tiny' });
    expect(timedOut.code).toBe('OFFLINE');
    expect(timedOut.message).toMatch(/\(no answer in time\)/);
    await h.cleanup();

    await open({ endpoint: `http://127.0.0.1:${port}`, timeoutMs: 60_000 });
    const pending = dispatch(h.core, 'encoders.download', { repo: 'org/tiny' });
    await expect.poll(() => sockets.length).toBeGreaterThan(1);
    expect(await fails('encoders.download', { repo: 'org/tiny' })).toMatchObject({ code: 'CONFLICT' });
    const t0 = performance.now();
    expect(await call('encoders.cancel', { repo: 'org/tiny' })).toEqual({ cancelled: true });
    const reply = await pending;
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(reply).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((reply as { ok: false; error: ApiError }).error.message).toMatch(/was cancelled/);
  });
});
