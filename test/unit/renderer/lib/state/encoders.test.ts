// EncodersState over a real core: the list the Settings section and the Train form show, adding
// and removing the tiny BERT fixture, and a hub download followed by its progress events, cancelled
// half way, resumed, and refused at once when the hub cannot be reached.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppState } from '../../../../../src-renderer/lib/state/app.svelte.js';
import { EncodersState } from '../../../../../src-renderer/lib/state/encoders.svelte.js';
import { openTestCore, type TestCore } from '../../support/core-client.js';

const TINY = path.resolve(import.meta.dirname, '../../../../fixtures/bert/tiny');
const files = Object.fromEntries(['config.json', 'vocab.txt', 'model.safetensors'].map((f) => [f, fs.readFileSync(path.join(TINY, f))]));
const weights = files['model.safetensors']!;

let t: TestCore;
let encoders: EncodersState;
let off: () => void;

async function open(hub: { endpoint: string; timeoutMs: number } | undefined = undefined): Promise<void> {
  t = await openTestCore('encoders', hub ? { hub } : {});
  await t.client.call('projects.create', { path: path.join(t.dir, 'p.sqlite'), name: 'Encoders' });
  const app = new AppState(t.client);
  await app.init('#/settings');
  encoders = new EncodersState(app);
  off = encoders.connect();
  await encoders.load();
}

afterEach(async () => {
  off?.();
  await t?.close();
});

describe('EncodersState', () => {
  it('lists the small encoders, adds the fixture folder with its summary, and removes it', async () => {
    await open();
    expect(encoders.small.map((e) => e.value)).toEqual(['small', 'small-transformer', 'small-cnn']);
    expect(encoders.pretrained).toEqual([]);
    encoders.addPath = `  ${TINY}  `;
    encoders.addName = 'Tiny';
    expect(await encoders.add()).toBe(true);
    expect(encoders.pretrained).toHaveLength(1);
    expect(encoders.pretrained[0]).toMatchObject({ name: 'Tiny', value: `bert:${TINY}`, summary: { layers: 2, hidden: 32 } });
    expect([encoders.addPath, encoders.addName, encoders.addError]).toEqual(['', '', null]);
    expect(await encoders.add(TINY)).toBe(false);
    expect(encoders.addError?.code).toBe('CONFLICT');
    await encoders.remove(encoders.pretrained[0]!.id!);
    expect(encoders.pretrained).toEqual([]);
    expect(encoders.error).toBeNull();
    await encoders.remove(999);
    expect(encoders.error).toMatchObject({ action: 'Removing the encoder', error: { code: 'NOT_FOUND' } });
  });

  it('shows an OFFLINE error at once when the hub cannot be reached, and nothing is downloading after', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await open({ endpoint: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
    encoders.repo = 'google-bert/bert-base-multilingual-cased';
    expect(await encoders.download()).toBe(false);
    expect(encoders.downloadError?.code).toBe('OFFLINE');
    expect(encoders.downloadError?.message).toContain('Add pretrained encoder… (folder)');
    expect([encoders.downloading, encoders.progress, encoders.repo]).toEqual([null, null, 'google-bert/bert-base-multilingual-cased']);
  });
});

describe('EncodersState downloading', () => {
  let hub: Server;
  let endpoint: string;
  /** Weights requests held after their first bytes, until released. */
  const held: ServerResponse[] = [];
  let hold = true;
  const ranges: string[] = [];

  beforeAll(async () => {
    hub = createServer((req, res) => {
      const m = /^\/org\/tiny\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const body = m ? files[m[1]!] : undefined;
      if (!body) {
        res.writeHead(404);
        return res.end();
      }
      const etag = `"${createHash('sha256').update(body).digest('hex')}"`;
      if (req.method === 'HEAD' || body !== weights) {
        res.writeHead(200, { etag, 'content-length': body.length });
        return res.end(req.method === 'HEAD' ? undefined : body);
      }
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (req.headers.range) ranges.push(req.headers.range);
      const start = range ? Number(range[1]) : 0;
      res.writeHead(range ? 206 : 200, { 'content-length': body.length - start });
      if (!hold) return res.end(body.subarray(start));
      res.write(body.subarray(start, start + 4096));
      held.push(res);
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(hub.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    for (const r of held) r.destroy();
    hub.closeAllConnections();
    await new Promise<void>((resolve) => hub.close(() => resolve()));
  });

  it('follows the progress events, cancels half way, and resumes from the bytes that arrived', async () => {
    await open({ endpoint, timeoutMs: 10_000 });
    encoders.repo = 'org/tiny';
    const first = encoders.download();
    expect(encoders.downloading).toBe('org/tiny');
    await expect.poll(() => (encoders.progress?.file === 'model.safetensors' ? encoders.progress.received : 0)).toBeGreaterThan(0);
    expect(encoders.progress).toMatchObject({ repo: 'org/tiny', file: 'model.safetensors', total: weights.length });
    expect(encoders.progress!.received).toBeLessThanOrEqual(4096);
    await encoders.cancelDownload();
    expect(await first).toBe(false);
    expect(encoders.downloadError?.message).toMatch(/was cancelled/);
    expect(encoders.downloading).toBeNull();

    hold = false;
    expect(await encoders.download()).toBe(true);
    expect(ranges).toEqual(['bytes=4096-']);
    expect(encoders.downloadError).toBeNull();
    expect(encoders.done).toBe('Downloaded org/tiny: choose it under Encoder on the Train screen.');
    expect(encoders.pretrained).toHaveLength(1);
    expect(encoders.pretrained[0]).toMatchObject({ repo: 'org/tiny', problem: null, summary: { parameters: 21610 } });
    expect(fs.readFileSync(path.join(encoders.pretrained[0]!.dir!, 'model.safetensors')).equals(weights)).toBe(true);
  });
});
