import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../../src-main/core/errors.js';
import { downloadEncoder, type DownloadProgress } from '../../../../../../src-main/core/ml/encoders/index.js';
import { startHubServer, type HubBehaviour, type HubServer } from '../../../../../support/hub-server.js';
import { fixtureDir, pretrainedDir } from './fixture.js';

const temp = mkdtempSync(path.join(tmpdir(), 'crosstag-hub-'));
const weights = readFileSync(path.join(fixtureDir('tiny'), 'model.safetensors'));
let hubServer: HubServer;
let endpoint: string;
let hub: HubBehaviour;

/** A repository folder with some of the tiny BERT's files and any others given. */
function repo(name: string, copy: string[], extra: Record<string, string> = {}): string {
  const dir = path.join(temp, 'repos', name);
  mkdirSync(dir, { recursive: true });
  for (const f of copy) copyFileSync(path.join(fixtureDir('tiny'), f), path.join(dir, f));
  for (const [f, text] of Object.entries(extra)) writeFileSync(path.join(dir, f), text);
  return dir;
}

beforeAll(async () => {
  hubServer = await startHubServer(
    {
      'org/tiny': fixtureDir('tiny'),
      'org/xlmr': pretrainedDir('xlm-roberta'),
      'org/gpt2': repo('gpt2', ['vocab.txt', 'model.safetensors'], { 'config.json': JSON.stringify({ model_type: 'gpt2' }) }),
      'org/no-tokenizer': repo('no-tokenizer', ['config.json', 'model.safetensors']),
      'org/bin-only': repo('bin-only', ['config.json', 'vocab.txt'], { 'pytorch_model.bin': 'weights' }),
    },
    { renamed: { 'old-name': 'org/tiny' } },
  );
  endpoint = hubServer.endpoint;
  hub = hubServer.behaviour;
});

afterAll(async () => {
  await hubServer.close();
  rmSync(temp, { recursive: true, force: true });
});

beforeEach(() => hubServer.reset());

describe('downloadEncoder', () => {
  it('downloads, verifies every checksum, reports progress and validates the folder', async () => {
    const dir = path.join(temp, 'whole');
    const progress: DownloadProgress[] = [];
    const report = await downloadEncoder({ repo: 'org/tiny', dir, endpoint, timeoutMs: 5000, onProgress: (p) => progress.push(p) });
    expect(report.files.map((f) => [f.name, f.verified])).toEqual([
      ['config.json', 'git-sha1'],
      ['tokenizer_config.json', 'git-sha1'],
      ['vocab.txt', 'git-sha1'],
      ['model.safetensors', 'sha256'],
    ]);
    expect(report.encoder).toMatchObject({ layers: 2, hidden: 32, prefix: 'bert.' });
    expect(readFileSync(path.join(dir, 'model.safetensors')).equals(weights)).toBe(true);
    expect(existsSync(path.join(dir, 'tokenizer.json'))).toBe(false);
    const last = progress.filter((p) => p.file === 'model.safetensors').at(-1)!;
    expect(last).toEqual({ file: 'model.safetensors', received: weights.length, total: weights.length });
  });

  it('follows a renamed repository', async () => {
    const report = await downloadEncoder({ repo: 'old-name', dir: path.join(temp, 'renamed'), endpoint, timeoutMs: 5000 });
    expect(report.files).toHaveLength(4);
  });

  it('fetches the tokenizer files an XLM-R repository has: tokenizer.json, the SentencePiece model and the special tokens', async () => {
    const dir = path.join(temp, 'xlmr');
    const report = await downloadEncoder({ repo: 'org/xlmr', dir, endpoint, timeoutMs: 5000 });
    expect(report.files.map((f) => f.name)).toEqual([
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'special_tokens_map.json',
      'sentencepiece.bpe.model',
      'model.safetensors',
    ]);
    expect(report.encoder).toMatchObject({ kind: 'xlm-roberta', modelType: 'xlm-roberta', tokenizer: 'Unigram', prefix: 'roberta.' });
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

  it('refuses an architecture it cannot run before the weights arrive, and a repo without a tokenizer or safetensors weights', async () => {
    const gpt2 = path.join(temp, 'gpt2');
    await expect(downloadEncoder({ repo: 'org/gpt2', dir: gpt2, endpoint, timeoutMs: 5000 })).rejects.toThrow(
      /config\.json: model_type "gpt2" is not supported \(supported: bert, distilbert, roberta, xlm-roberta\)/,
    );
    expect(existsSync(path.join(gpt2, 'model.safetensors'))).toBe(false);
    expect(existsSync(path.join(gpt2, 'model.safetensors.part'))).toBe(false);
    await expect(downloadEncoder({ repo: 'org/no-tokenizer', dir: path.join(temp, 'nt'), endpoint, timeoutMs: 5000 })).rejects.toThrow(
      'org/no-tokenizer has neither tokenizer.json nor vocab.txt on the hub',
    );
    await expect(downloadEncoder({ repo: 'org/bin-only', dir: path.join(temp, 'bin'), endpoint, timeoutMs: 5000 })).rejects.toThrow(
      /org\/bin-only has no model\.safetensors on the hub: Crosstag reads safetensors weights only/,
    );
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
    expect(error.message).toContain('tokenizer files (tokenizer.json, or vocab.txt)');
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
