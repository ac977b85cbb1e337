// A registered pretrained encoder trains through the core like `small`: encoders.list gives the
// value training.start takes, and the worker fine-tunes the tiny BERT checkpoint of
// test/fixtures/bert with its lower layer frozen, to a completed run and a registered model.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncoderInfo, RunInfo } from '../../../../src-main/contract/entities.js';
import { dispatch } from '../../../../src-main/core/service/index.js';
import { trainingConfig as config, mlHarness, statusOf, tinyProject, type MlHarness } from '../../../support/training.js';

const TINY = path.resolve(import.meta.dirname, '../../../fixtures/bert/tiny');

let h: MlHarness;

beforeAll(async () => {
  h = mlHarness();
  await tinyProject(h.core, h.dir);
});
afterAll(async () => {
  await h?.cleanup();
});

describe('training with a registered pretrained encoder', () => {
  it('refuses to export a small-encoder model as a Hugging Face checkpoint, saying why', async () => {
    const reply = await dispatch(
      h.core,
      'training.start',
      config({ mode: 'teacher', encoder: 'small', epochs: 1, studentEpochs: 0, predictAfter: false, selectOn: 'source-dev' }),
    );
    if (!reply.ok) throw new Error(reply.error.message);
    expect((await statusOf(h.core, (reply.value as RunInfo).id, ['completed', 'failed', 'cancelled'])).status).toBe('completed');
    const small = (await h.core['models.list']({})).find((m) => m.encoder === 'small')!;
    const target = path.join(h.dir, 'small-hf');
    const refused = await dispatch(h.core, 'models.export', { id: small.id, path: target, format: 'huggingface' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((refused as { error: { message: string } }).error.message).toMatch(
      /small encoder cannot be exported as a Hugging Face checkpoint/,
    );
    expect(fs.existsSync(target)).toBe(false);
  });

  it('completes a run on the tiny BERT with a frozen lower layer and registers its model', async () => {
    const added = await h.core['encoders.add']({ dir: TINY, name: 'tiny' });
    const offered = (await h.core['encoders.list']({})).find((e: EncoderInfo) => e.id === added.id)!;
    expect(offered.value).toBe(`bert:${TINY}`);
    const encoder = `${offered.value}#freeze=1,max-length=16,stride=4`;
    const reply = await dispatch(
      h.core,
      'training.start',
      config({ mode: 'teacher', encoder, epochs: 1, studentEpochs: 0, predictAfter: false, selectOn: 'source-dev' }),
    );
    if (!reply.ok) throw new Error(reply.error.message);
    const run = await statusOf(h.core, (reply.value as RunInfo).id, ['completed', 'failed', 'cancelled']);
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    expect(run.config['encoder']).toBe(encoder);
    expect(run.metrics.map((m) => `${m.stage}/${m.epoch}`)).toEqual(['teacher-recognizer/1', 'teacher-evaluator/1']);
    expect(Number.isFinite(run.metrics[0]!.loss)).toBe(true);
    const model = (await h.core['models.list']({})).find((m) => m.runId === run.id);
    expect(model).toMatchObject({ kind: 'teacher', encoder, runId: run.id });
    // The model folder is self-contained: the checkpoint's vocabulary and config travel with it.
    const saved = JSON.parse(fs.readFileSync(path.join(model!.dir, 'config.json'), 'utf8')) as {
      encoder?: { kind?: string; freezeLayers?: number };
    };
    expect(saved.encoder).toMatchObject({ kind: 'bert', freezeLayers: 1 });
    // Models ▸ Export ▸ Hugging Face: a token-classification folder, written from the model's files.
    const hf = path.join(h.dir, 'exported-hf');
    expect(await h.core['models.export']({ id: model!.id, path: hf, format: 'huggingface' })).toEqual({ path: hf });
    const hfConfig = JSON.parse(fs.readFileSync(path.join(hf, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(hfConfig).toMatchObject({ model_type: 'bert', architectures: ['BertForTokenClassification'] });
    expect(fs.readdirSync(hf).sort()).toEqual(['README.md', 'config.json', 'model.safetensors', 'tokenizer_config.json', 'vocab.txt']);
    // A finished run does not hold the encoder.
    expect(await h.core['encoders.remove']({ id: added.id! })).toEqual({ ok: true });
  });

  it('keeps an encoder registered while a run trains on it', async () => {
    const added = await h.core['encoders.add']({ dir: TINY });
    const run = await h.core['training.start'](
      config({ mode: 'teacher', encoder: `${added.value}#max-length=16`, epochs: 500, studentEpochs: 0, predictAfter: false }),
    );
    try {
      const refused = await dispatch(h.core, 'encoders.remove', { id: added.id });
      expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect((refused as { error: { message: string } }).error.message).toBe(
        `encoder "tiny" is in use by run ${run.id}; cancel it or wait for it to finish`,
      );
    } finally {
      await h.core['training.cancel']({ runId: run.id });
    }
    expect((await statusOf(h.core, run.id, ['cancelled', 'failed', 'completed'])).status).toBe('cancelled');
    expect(await h.core['encoders.remove']({ id: added.id! })).toEqual({ ok: true });
  });
});
