import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Api } from '../../../../src-main/contract/api.js';
import type { MlService } from '../../../../src-main/core/service/index.js';
import { dispatch, METHODS, ML_METHODS } from '../../../../src-main/core/service/index.js';
import type { Harness } from './fixtures.js';
import { b64, EN_CONLL, harness } from './fixtures.js';

let h: Harness;
beforeEach(async () => {
  h = harness();
  await dispatch(h.core, 'projects.create', { path: 'p.sqlite', name: 'P' });
  await dispatch(h.core, 'imports.run', { source: { kind: 'bytes', name: 'en.conll', base64: b64(EN_CONLL) }, lang: 'en', split: 'train' });
});
afterEach(async () => {
  await h.cleanup();
});

async function badRequest(method: string, payload: unknown, message: RegExp): Promise<void> {
  const reply = await dispatch(h.core, method, payload);
  expect(reply.ok).toBe(false);
  if (reply.ok) return;
  expect(reply.error.code).toBe('BAD_REQUEST');
  expect(reply.error.message).toMatch(message);
}

describe('dispatch', () => {
  it('lists every contract method once', () => {
    const all: Record<keyof Api, true> = {} as Record<keyof Api, true>;
    for (const m of METHODS) all[m] = true;
    expect(METHODS).toHaveLength(new Set(METHODS).size);
    expect(METHODS).toContain('sentences.list');
    expect(METHODS).toContain('evaluate.run');
  });

  it('answers a valid call with the value', async () => {
    const reply = await dispatch(h.core, 'sentences.get', { id: 1 });
    expect(reply).toMatchObject({ ok: true, value: { id: 1, text: 'John Smith lives in Paris .' } });
    expect(await dispatch(h.core, 'edits.undo', undefined)).toEqual({ ok: true, value: { edit: null, sentence: null, pair: null } });
  });

  it('refuses unknown methods, including object prototype names and core internals', async () => {
    for (const m of ['nope', '__proto__', 'constructor', 'toString', 'close', 'on', 'currentStore']) {
      expect(await dispatch(h.core, m, {})).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method "${m}"` } });
    }
  });

  it('refuses malformed payloads with a readable, typed error', async () => {
    await badRequest('sentences.get', { id: 1.5 }, /^sentences\.get: id: /);
    await badRequest('sentences.get', { id: '1' }, /id: .*number/);
    await badRequest('sentences.get', { id: 0 }, /id: /);
    await badRequest('sentences.get', {}, /id: /);
    await badRequest('sentences.get', null, /params: /);
    await badRequest('sentences.get', { id: 1, extra: true }, /Unrecognized key.*extra/);
    await badRequest('sentences.get', JSON.parse('{"id": 1, "__proto__": {"polluted": true}}'), /Unrecognized key.*__proto__/);
    await badRequest(
      'sentences.list',
      { filter: { lang: 'en', constructor: 'x' }, sort: 'document', offset: 0, limit: 10 },
      /filter: Unrecognized key.*constructor/,
    );
    await badRequest('sentences.list', { filter: {}, sort: 'document', offset: 0, limit: 100_000 }, /limit: /);
    await badRequest('sentences.list', { filter: { q: 'x'.repeat(501) }, sort: 'document', offset: 0, limit: 10 }, /filter\.q: /);
    await badRequest('projects.update', { name: 'x'.repeat(201) }, /name: /);
    await badRequest('projects.open', { path: '/tmp/a\0b' }, /path: path contains a NUL byte/);
    await badRequest('annotations.set', { sentenceId: 1, start: 0, end: 1, label: 'PER; DROP TABLE' }, /label: /);
    await badRequest(
      'imports.run',
      { source: { kind: 'bytes', name: 'x', base64: '***' }, lang: 'en', split: 'train' },
      /source\.base64: must be base64/,
    );
    await badRequest('imports.run', { source: { kind: 'url', url: 'http://x' }, lang: 'en', split: 'train' }, /source/);
    await badRequest('languages.upsert', { code: 'English', name: 'English', direction: 'ltr' }, /code: must be a language code/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps an error short when the payload is huge, instead of repeating it back', async () => {
    const manyKeys = Object.fromEntries(Array.from({ length: 10_000 }, (_, k) => [`k${k}`, k]));
    const longKey = { id: 1, ['x'.repeat(100_000)]: 1 };
    for (const payload of [manyKeys, longKey, { id: 'x'.repeat(1_000_000) }]) {
      const reply = await dispatch(h.core, 'sentences.get', payload);
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('BAD_REQUEST');
        expect(reply.error.message.length).toBeLessThan(2_000);
      }
    }
  });

  it('maps errors thrown by the core to ApiError with their code, file and line', async () => {
    expect(await dispatch(h.core, 'sentences.get', { id: 999 })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no sentence 999' },
    });
    const reply = await dispatch(h.core, 'imports.run', {
      source: { kind: 'bytes', name: 'b.conll', base64: b64('a O\nb B-\n') },
      lang: 'en',
      split: 'train',
    });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatchObject({ code: 'IMPORT_ERROR', file: 'b.conll', line: 2 });
    const projectless = harness();
    try {
      expect(await dispatch(projectless.core, 'stats.splits', {})).toMatchObject({ ok: false, error: { code: 'NO_PROJECT' } });
    } finally {
      await projectless.cleanup();
    }
  });
});

describe('the ML seam', () => {
  it('delegates ML methods to the engine with the open store and resolved paths', async () => {
    const calls: { method: string; params: unknown; project: string }[] = [];
    const ml = Object.fromEntries(
      ML_METHODS.map((m) => [
        m,
        async (params: unknown, ctx: Parameters<MlService['models.list']>[1]) => {
          calls.push({ method: m, params, project: ctx.projectPath() });
          if (m === 'models.import') {
            return ctx
              .store()
              .models.create({ name: 'imported', kind: 'teacher', encoder: 'small', dir: (params as { path: string }).path });
          }
          return ctx.store().models.list();
        },
      ]),
    ) as unknown as MlService;
    const withMl = harness({ ml });
    try {
      await withMl.core['projects.create']({ path: 'p.sqlite', name: 'P' });
      const model = await withMl.core['models.import']({ path: 'models/t1' });
      expect(model.dir).toBe(path.join(withMl.dir, 'models', 't1'));
      expect(await dispatch(withMl.core, 'models.list', {})).toMatchObject({ ok: true, value: [{ name: 'imported' }] });
      const config = {
        sourceLangs: ['en'],
        sourceSplits: ['train'],
        targetLang: 'es',
        mode: 'teacher',
        encoder: 'bert:ckpt/tiny#freeze=1',
        epochs: 1,
        studentEpochs: 0,
      };
      const flags = {
        alpha: true,
        beta: true,
        gamma: true,
        kd: false,
        selectOn: 'source-dev',
        useTargetGold: false,
        seed: 1,
        predictAfter: false,
      };
      expect(await dispatch(withMl.core, 'training.start', { ...config, ...flags })).toMatchObject({ ok: true });
      expect(calls.map((c) => c.method)).toEqual(['models.import', 'models.list', 'training.start']);
      // The evaluator's epochs: optional, a whole number from 0.
      expect(await dispatch(withMl.core, 'training.start', { ...config, ...flags, evaluatorEpochs: -1 })).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(/evaluatorEpochs/) },
      });
      // The batch size: optional, a whole number from 1.
      expect(await dispatch(withMl.core, 'training.start', { ...config, ...flags, batchSize: 0 })).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(/batchSize/) },
      });
      expect(calls).toHaveLength(3);
      expect((calls[2]!.params as { encoder: string }).encoder).toBe(`bert:${path.join(withMl.dir, 'ckpt', 'tiny')}#freeze=1`);
      // Only the folder is a path: `..` before the options is resolved, and no folder stays none.
      await dispatch(withMl.core, 'training.start', { ...config, ...flags, evaluatorEpochs: 0, encoder: 'bert:ckpt/..#freeze=1' });
      await dispatch(withMl.core, 'training.start', { ...config, ...flags, encoder: 'bert:#freeze=1' });
      expect((calls[3]!.params as { evaluatorEpochs: number }).evaluatorEpochs).toBe(0);
      expect(calls.slice(3).map((c) => (c.params as { encoder: string }).encoder)).toEqual([
        `bert:${withMl.dir}#freeze=1`,
        'bert:#freeze=1',
      ]);
      expect(calls[0]!.project).toBe(path.join(withMl.dir, 'p.sqlite'));
      expect(fs.existsSync(calls[0]!.project)).toBe(true);
    } finally {
      await withMl.cleanup();
    }
  });
});
