import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEncoderFolder } from '../../../../../../src-main/core/ml/encoders/index.js';
import { getTf, initBackend } from '../../../../../../src-main/core/ml/index.js';
import { SafetensorsFile, writeSafetensors, type TensorToWrite } from '../../../../../../src-main/core/ml/io/safetensors.js';
import { bertEncoder, expected, fixtureDir } from './fixture.js';
import { expectNoLeak } from '../../../../../support/leaks.js';

const temp = mkdtempSync(path.join(tmpdir(), 'crosstag-pretrained-folder-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend();
});

/** A copy of the tiny checkpoint with its tensors (and optionally its config) rewritten. */
function variant(name: string, edit: (tensors: TensorToWrite[]) => TensorToWrite[], config: Record<string, unknown> = {}): string {
  const dir = path.join(temp, name);
  mkdirSync(dir);
  copyFileSync(path.join(fixtureDir('tiny'), 'vocab.txt'), path.join(dir, 'vocab.txt'));
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...expected.config, ...config }));
  const st = SafetensorsFile.open(path.join(fixtureDir('tiny'), 'model.safetensors'));
  const tensors: TensorToWrite[] = [];
  for (const [n, info] of st.tensors)
    if (info.dtype === 'F32') tensors.push({ name: n, dtype: 'F32', shape: info.shape, data: st.readFloat32(n) });
  st.close();
  writeSafetensors(path.join(dir, 'model.safetensors'), edit(tensors));
  return dir;
}

describe('validateEncoderFolder', () => {
  it('describes a valid checkpoint folder from its configs and header', () => {
    const report = validateEncoderFolder(fixtureDir('tiny'));
    expect(report).toMatchObject({
      modelType: 'bert',
      layers: 2,
      hidden: 32,
      heads: 4,
      intermediate: 37,
      vocabSize: 183,
      maxPositions: 64,
      lowerCase: false,
      prefix: 'bert.',
      dtypes: ['F32'],
    });
    const H = 32;
    const perLayer = 3 * H * H + 3 * H + H * H + H + 2 * H + H * 37 + 37 + 37 * H + H + 2 * H;
    expect(report.parameters).toBe((183 + 64 + 2) * H + 2 * H + 2 * perLayer);
    expect(validateEncoderFolder(fixtureDir('tiny-f16'))).toMatchObject({ prefix: '', dtypes: ['F16'] });
    expect(validateEncoderFolder(fixtureDir('tiny-bf16'))).toMatchObject({ prefix: 'bert.', dtypes: ['BF16'] });
  });

  it('refuses architectures it cannot run, naming config.json and what is supported', () => {
    const deberta = variant('deberta', (t) => t, { model_type: 'deberta-v2' });
    expect(() => validateEncoderFolder(deberta)).toThrow(
      `${path.join(deberta, 'config.json')}: model_type "deberta-v2" is not supported (supported: bert, distilbert, roberta, xlm-roberta)`,
    );
    const relu = variant('relu', (t) => t, { hidden_act: 'relu' });
    expect(() => validateEncoderFolder(relu)).toThrow(/config\.json: hidden_act "relu" is not supported/);
    const relative = variant('relative', (t) => t, { position_embedding_type: 'relative_key' });
    expect(() => validateEncoderFolder(relative)).toThrow(/position_embedding_type "relative_key" is not supported/);
    const heads = variant('heads', (t) => t, { num_attention_heads: 5 });
    expect(() => validateEncoderFolder(heads)).toThrow(/hidden size 32 is not a multiple of the 5 attention heads/);
    const missing = variant('no-layers', (t) => t, { num_hidden_layers: undefined });
    expect(() => validateEncoderFolder(missing)).toThrow(/config\.json: num_hidden_layers: /);
  });

  it('names the file and tensor of a missing tensor, a wrong shape or an unsupported dtype', () => {
    const file = (dir: string) => path.join(dir, 'model.safetensors');
    const missing = variant('missing', (t) => t.filter((x) => x.name !== 'bert.encoder.layer.1.attention.self.key.bias'));
    expect(() => validateEncoderFolder(missing)).toThrow(
      `${file(missing)}: tensor bert.encoder.layer.1.attention.self.key.bias is missing`,
    );
    const shape = variant('shape', (t) => t, { intermediate_size: 38 });
    expect(() => validateEncoderFolder(shape)).toThrow(
      `${file(shape)}: tensor bert.encoder.layer.0.intermediate.dense.weight has shape [37, 32] but config.json implies [38, 32]`,
    );
    const layers = variant('layers', (t) => t, { num_hidden_layers: 3 });
    expect(() => validateEncoderFolder(layers)).toThrow(/tensor bert\.encoder\.layer\.2\.attention\.self\.query\.weight is missing/);
    const notBert = variant('not-bert', (t) => t.map((x) => ({ ...x, name: x.name.replace(/^bert\./, 'roberta.') })));
    expect(() => validateEncoderFolder(notBert)).toThrow(
      /tensor bert\.embeddings\.word_embeddings\.weight \(or embeddings\.word_embeddings\.weight\) is missing: not a bert checkpoint/,
    );
    // An integer tensor where a weight belongs: rewrite one header entry's dtype, keeping the bytes.
    const dtype = variant('dtype', (t) => t);
    const bytes = readFileSync(file(dtype));
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = bytes.subarray(8, 8 + headerLength).toString('utf8');
    const edited = header.replace(/("bert\.embeddings\.LayerNorm\.bias":\{"dtype":)"F32"/, '$1"I32"');
    expect(edited).not.toBe(header);
    writeFileSync(file(dtype), Buffer.concat([bytes.subarray(0, 8), Buffer.from(edited), bytes.subarray(8 + headerLength)]));
    expect(() => validateEncoderFolder(dtype)).toThrow(
      `${file(dtype)}: tensor bert.embeddings.LayerNorm.bias has dtype I32; only F32, F16, BF16, F64 weights are supported`,
    );
  });

  it('refuses a vocabulary larger than vocab_size, and folders that are not folders', () => {
    const big = variant('big-vocab', (t) => t);
    appendFileSync(path.join(big, 'vocab.txt'), 'extra\n');
    expect(() => validateEncoderFolder(big)).toThrow(/vocab\.txt: 184 tokens, more than vocab_size 183 in config\.json/);
    expect(() => validateEncoderFolder(path.join(temp, 'absent'))).toThrow(/absent: no such folder/);
    expect(() => validateEncoderFolder(path.join(fixtureDir('tiny'), 'vocab.txt'))).toThrow(/not a folder/);
    const noWeights = variant('no-weights', (t) => t);
    rmSync(path.join(noWeights, 'model.safetensors'));
    expect(() => validateEncoderFolder(noWeights)).toThrow(/model\.safetensors: cannot open \(no such file\)/);
  });

  it('accepts TensorFlow-style LayerNorm gamma/beta names, with the same forward pass', async () => {
    const legacy = variant('gamma-beta', (t) =>
      t.map((x) => ({ ...x, name: x.name.replace(/LayerNorm\.weight$/, 'LayerNorm.gamma').replace(/LayerNorm\.bias$/, 'LayerNorm.beta') })),
    );
    expect(validateEncoderFolder(legacy).prefix).toBe('bert.');
    const tf = getTf();
    await expectNoLeak(async () => {
      const a = bertEncoder({ dir: legacy });
      const b = bertEncoder({ dir: fixtureDir('tiny') });
      try {
        const s = expected.models.tiny.sentences[0]!;
        const ids = Int32Array.from(s.ids);
        const windows = { count: 1, length: ids.length, lengths: [ids.length], ids };
        const ha = tf.tidy(() => a.hidden(windows, null));
        const hb = tf.tidy(() => b.hidden(windows, null));
        expect(Array.from(ha.dataSync())).toEqual(Array.from(hb.dataSync()));
        ha.dispose();
        hb.dispose();
      } finally {
        a.params.dispose();
        b.params.dispose();
      }
    });
  });
});
