import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  distillStudent,
  initBackend,
  loadModel,
  predict,
  saveModel,
  similarity,
  trainTeacher,
  type NerModel,
  type Progress,
  type TaggedSentence,
} from '../../../../../../src-main/core/ml/index.js';
import { SafetensorsFile } from '../../../../../../src-main/core/ml/io/safetensors.js';
import { fixtureDir } from './fixture.js';
import { expectNoLeak } from '../../../../../support/leaks.js';

const PEOPLE = ['John', 'Smith', 'José', 'García', 'محمد'];
const PLACES = ['Paris', 'Berlin', 'Madrid', 'Málaga', 'Zürich', 'Köln', 'القاهرة', 'مصر', '北京'];

/** Sentences over words of the fixture vocabulary; the fourth kind is long enough to need windows at maxLength 8. */
function corpus(count: number, seed: number): TaggedSentence[] {
  let s = seed;
  const pick = <T>(xs: T[]): T => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return xs[(s >>> 8) % xs.length]!;
  };
  const out: TaggedSentence[] = [];
  for (let k = 0; k < count; k++) {
    const per = pick(PEOPLE);
    const loc = pick(PLACES);
    if (k % 4 === 0) out.push({ tokens: [per, 'lives', 'in', loc], tags: ['B-PER', 'O', 'O', 'B-LOC'] });
    else if (k % 4 === 1) out.push({ tokens: ['the', per, 'visitó', loc, '.'], tags: ['O', 'B-PER', 'O', 'B-LOC', 'O'] });
    else if (k % 4 === 2) out.push({ tokens: [per, 'يعيش', 'في', loc], tags: ['B-PER', 'O', 'O', 'B-LOC'] });
    else
      out.push({
        tokens: [per, 'lives', 'in', loc, 'and', pick(PEOPLE), 'lives', 'in', 'New', 'York'],
        tags: ['B-PER', 'O', 'O', 'B-LOC', 'O', 'B-PER', 'O', 'O', 'B-LOC', 'I-LOC'],
      });
  }
  return out;
}

const temp = mkdtempSync(path.join(tmpdir(), 'crosstag-bert-train-'));
const checkpoint = path.join(temp, 'checkpoint');
const sentences = [
  ['José', 'lives', 'in', 'Köln'],
  ['محمد', 'يعيش', 'في', 'القاهرة'],
  ['Smith', 'lives', 'in', 'Paris', 'and', 'John', 'lives', 'in', 'New', 'York', 'xyz'],
];

beforeAll(async () => {
  await initBackend();
  cpSync(fixtureDir('tiny'), checkpoint, { recursive: true });
});

afterAll(() => rmSync(temp, { recursive: true, force: true }));

function values(model: NerModel, prefix: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [n, v] of model.named())
    if (n.startsWith(prefix)) out.set(n.slice(prefix.length), Float32Array.from(v.dataSync() as Float32Array));
  return out;
}

function same(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer).equals(Buffer.from(b.buffer));
}

describe('fine-tuning a BERT encoder', () => {
  it('trains teacher and student end to end, saves self-contained folders that reload identically, and leaks no tensors', async () => {
    await expectNoLeak(async () => {
      const progress: Progress[] = [];
      const encoder = { kind: 'bert' as const, dir: checkpoint, maxLength: 8, stride: 2 };
      const teacher = await trainTeacher({
        train: corpus(24, 5),
        encoder,
        epochs: 3,
        evaluatorEpochs: 1,
        batchSize: 8,
        lr: 3e-3,
        warmupSteps: 2,
        seed: 2,
        onProgress: (p) => progress.push(p),
      });
      let student: NerModel | null = null;
      try {
        const rec = progress.filter((p) => p.stage === 'teacher-recognizer' && p.step === p.steps);
        expect(rec).toHaveLength(3);
        expect(rec.at(-1)!.loss).toBeLessThan(rec[0]!.loss);
        expect(progress.some((p) => p.stage === 'teacher-evaluator')).toBe(true);

        // Every layer moved from the checkpoint by default.
        const trained = values(teacher, 'recognizer/encoder/');
        const st = SafetensorsFile.open(path.join(checkpoint, 'model.safetensors'));
        try {
          expect(same(trained.get('emb/ln/g')!, st.readFloat32('bert.embeddings.LayerNorm.weight'))).toBe(false);
          expect(same(trained.get('l0/ln1/b')!, st.readFloat32('bert.encoder.layer.0.attention.output.LayerNorm.bias'))).toBe(false);
          expect(same(trained.get('l1/ln2/b')!, st.readFloat32('bert.encoder.layer.1.output.LayerNorm.bias'))).toBe(false);
        } finally {
          st.close();
        }

        student = await distillStudent({
          teacher,
          target: corpus(16, 9).map((s) => ({ tokens: s.tokens })),
          epochs: 1,
          batchSize: 8,
          lr: 1e-3,
        });
        expect(student.recognizer.encoder.config).toMatchObject({ kind: 'bert', maxLength: 8 });

        await saveModel(teacher, path.join(temp, 'teacher'));
        await saveModel(student, path.join(temp, 'student'));
        const teacherProbs = (await predict(teacher, sentences)).map((p) => Float32Array.from(p.probs.flat()));
        const studentProbs = (await predict(student, sentences)).map((p) => Float32Array.from(p.probs.flat()));
        const sim = await similarity(teacher, sentences[0]!, sentences[2]!);
        expect(sim).toHaveLength(4);
        expect(sim[0]).toHaveLength(11);

        // The model folders must not need the checkpoint any more.
        rmSync(checkpoint, { recursive: true });
        const saved = JSON.parse(readFileSync(path.join(temp, 'student', 'config.json'), 'utf8')) as { encoder: Record<string, unknown> };
        expect(saved.encoder).toMatchObject({ kind: 'bert', dir: 'encoder', maxLength: 8, stride: 2, source: checkpoint });
        expect(saved.encoder['init']).toBeUndefined();
        for (const f of ['config.json', 'vocab.txt', 'tokenizer_config.json'])
          expect(existsSync(path.join(temp, 'student', 'encoder', f))).toBe(true);

        for (const [name, want] of [
          ['teacher', teacherProbs],
          ['student', studentProbs],
        ] as const) {
          const loaded = loadModel(path.join(temp, name));
          try {
            const got = (await predict(loaded, sentences)).map((p) => Float32Array.from(p.probs.flat()));
            got.forEach((g, i) => expect(same(g, want[i]!), `${name} sentence ${i}`).toBe(true));
            if (name === 'teacher') expect(await similarity(loaded, sentences[0]!, sentences[2]!)).toEqual(sim);
          } finally {
            loaded.dispose();
          }
        }
      } finally {
        teacher.dispose();
        student?.dispose();
        cpSync(fixtureDir('tiny'), checkpoint, { recursive: true });
      }
    });
  });

  it('keeps the embeddings and the lower layers fixed when freezing', async () => {
    await expectNoLeak(async () => {
      const fresh = await trainTeacher({ train: corpus(8, 3), encoder: { kind: 'bert', dir: checkpoint }, epochs: 0, evaluatorEpochs: 0 });
      const frozen = await trainTeacher({
        train: corpus(8, 3),
        encoder: { kind: 'bert', dir: checkpoint, freezeLayers: 1 },
        epochs: 1,
        evaluatorEpochs: 1,
        batchSize: 4,
        lr: 3e-3,
      });
      try {
        for (const part of ['recognizer/encoder/', 'evaluator/encoder/']) {
          const a = values(fresh, part);
          const b = values(frozen, part);
          for (const [name, value] of a) {
            const fixed = name.startsWith('emb/') || name.startsWith('l0/');
            expect(same(value, b.get(name)!), `${part}${name}`).toBe(fixed);
          }
        }
      } finally {
        fresh.dispose();
        frozen.dispose();
      }
    });
  });

  it('refuses to freeze every layer', async () => {
    await expect(
      trainTeacher({ train: corpus(4, 3), encoder: { kind: 'bert', dir: checkpoint, freezeLayers: 2 }, epochs: 1 }),
    ).rejects.toThrow(/freezeLayers must be an integer from 0 to 1, not 2/);
  });
});
