// exportHfCheckpoint / loadHfCheckpoint: a model in memory written as a Hugging Face
// token-classification folder and read back predicts the same; folders that are not such a
// checkpoint are refused with the file and the reason; openModel takes either kind of folder.

import { readFileSync, writeFileSync, existsSync, cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportHfCheckpoint,
  initBackend,
  loadHfCheckpoint,
  openModel,
  predict,
  saveModel,
  trainTeacher,
  type NerModel,
} from '../../../../../src-main/core/ml/index.js';
import { SafetensorsFile, writeSafetensors, type TensorToWrite } from '../../../../../src-main/core/ml/io/safetensors.js';
import { expectNoLeak } from '../../../../support/leaks.js';
import { TINY, tempDir, tinyCorpus } from '../../../../support/ml.js';

const XLMR = path.resolve(__dirname, '../../../../fixtures/pretrained/xlm-roberta');
const { dir: temp, cleanup } = tempDir('crosstag-hf-');
let teacher: NerModel;
const probe = tinyCorpus(6, 11).map((s) => s.tokens);

beforeAll(async () => {
  await initBackend({ force: 'cpu' });
  teacher = await trainTeacher({
    train: tinyCorpus(12),
    encoder: { kind: 'xlm-roberta', dir: XLMR },
    epochs: 1,
    evaluatorEpochs: 0,
    seed: 2,
  });
}, 120_000);
afterAll(() => {
  teacher.dispose();
  cleanup();
});

async function probsClose(a: NerModel, b: NerModel): Promise<number> {
  const pa = await predict(a, probe);
  const pb = await predict(b, probe);
  return Math.max(...pa.flatMap((p, i) => p.probs.flatMap((row, t) => row.map((x, k) => Math.abs(x - pb[i]!.probs[t]![k]!)))));
}

describe('Hugging Face token-classification folders', () => {
  it('round-trips a teacher in memory: same labels, same probabilities, no evaluator', async () => {
    const out = path.join(temp, 'hf');
    const report = await exportHfCheckpoint(teacher, out);
    expect(report).toMatchObject({
      modelType: 'xlm-roberta',
      architecture: 'XLMRobertaForTokenClassification',
      labels: [...teacher.labels],
    });
    const st = SafetensorsFile.open(path.join(out, 'model.safetensors'));
    try {
      expect(st.get('classifier.weight')!.shape).toEqual([teacher.labels.length, 32]);
      expect(st.get('roberta.embeddings.position_embeddings.weight')!.shape).toEqual([66, 32]);
      expect([...st.tensors.keys()].filter((n) => !n.startsWith('roberta.') && !n.startsWith('classifier.'))).toEqual([]);
    } finally {
      st.close();
    }
    await expectNoLeak(async () => {
      const back = loadHfCheckpoint(out);
      try {
        expect(back.kind).toBe('student');
        expect(back.evaluator).toBeNull();
        expect(back.labels).toEqual(teacher.labels);
        expect(await probsClose(teacher, back)).toBeLessThan(1e-5);
      } finally {
        back.dispose();
      }
    });
  });

  it('opens either kind of folder, and a loaded checkpoint saves as a Crosstag model', async () => {
    const crosstag = path.join(temp, 'crosstag');
    await saveModel(teacher, crosstag);
    await expectNoLeak(async () => {
      const a = openModel(crosstag);
      const b = openModel(path.join(temp, 'hf'));
      try {
        expect(a.kind).toBe('teacher');
        expect(b.kind).toBe('student');
        await saveModel(b, path.join(temp, 'resaved'));
        const saved = JSON.parse(readFileSync(path.join(temp, 'resaved', 'config.json'), 'utf8')) as { encoder: unknown };
        expect(saved.encoder).toMatchObject({ kind: 'xlm-roberta', dir: 'encoder' });
        expect(existsSync(path.join(temp, 'resaved', 'encoder', 'tokenizer.json'))).toBe(true);
      } finally {
        a.dispose();
        b.dispose();
      }
    });
  });

  it('refuses labels that are not IOB2, a missing id2label or classifier, and a small model', async () => {
    const copy = (name: string, edit: (config: Record<string, unknown>) => Record<string, unknown>) => {
      const dir = path.join(temp, name);
      cpSync(path.join(temp, 'hf'), dir, { recursive: true });
      const file = path.join(dir, 'config.json');
      writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)));
      return dir;
    };
    const bioes = copy('bioes', (c) => ({ ...c, id2label: { ...(c['id2label'] as object), '1': 'S-LOC' } }));
    expect(() => loadHfCheckpoint(bioes)).toThrow(/config\.json: label "S-LOC" is not IOB2 \(O, B-<type>, I-<type>\)/);
    const noLabels = copy('no-labels', (c) => ({ ...c, id2label: undefined }));
    expect(() => loadHfCheckpoint(noLabels)).toThrow(/config\.json: id2label: no id2label: not a token-classification checkpoint/);
    const masked = copy('masked-lm', (c) => c);
    const st = SafetensorsFile.open(path.join(masked, 'model.safetensors'));
    const tensors: TensorToWrite[] = [...st.tensors]
      .filter(([n]) => !n.startsWith('classifier.'))
      .map(([name, info]) => ({ name, dtype: 'F32', shape: info.shape, data: st.readFloat32(name) }));
    st.close();
    writeSafetensors(path.join(masked, 'model.safetensors'), tensors);
    expect(() => loadHfCheckpoint(masked)).toThrow(/model\.safetensors: no classifier\.weight and classifier\.bias/);
    const small = await trainTeacher({ train: tinyCorpus(6), encoder: TINY, epochs: 1, evaluatorEpochs: 0 });
    try {
      await expect(exportHfCheckpoint(small, path.join(temp, 'small'))).rejects.toThrow(
        /the small encoder cannot be exported as a Hugging Face checkpoint/,
      );
      expect(existsSync(path.join(temp, 'small'))).toBe(false);
    } finally {
      small.dispose();
    }
  });
});
