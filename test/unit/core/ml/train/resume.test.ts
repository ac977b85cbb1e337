import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeSwitchDigest,
  initBackend,
  trainTeacher,
  TrainingCancelled,
  type NerModel,
  type TeacherOptions,
} from '../../../../../src-main/core/ml/index.js';
import { TINY, tempDir, tinyCorpus } from '../../../../support/ml.js';
import { expectNoLeak } from '../../../../support/leaks.js';

const tmp = tempDir();
beforeAll(async () => {
  await initBackend();
});
afterAll(() => tmp.cleanup());

function weights(model: NerModel): Map<string, Float32Array> {
  return new Map([...model.named()].map(([n, v]) => [n, Float32Array.from(v.dataSync() as Float32Array)]));
}

function expectIdentical(a: Map<string, Float32Array>, b: Map<string, Float32Array>): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [name, values] of a) {
    const other = b.get(name)!;
    // Bit-for-bit: compare the raw bytes, not approximately.
    expect(Buffer.from(other.buffer).equals(Buffer.from(values.buffer)), name).toBe(true);
  }
}

const base = (dir: string): TeacherOptions => ({
  train: tinyCorpus(24),
  dev: tinyCorpus(6, 41),
  encoder: { ...TINY, wordDropout: 0.2 },
  epochs: 2,
  evaluatorEpochs: 2,
  batchSize: 8,
  seed: 11,
  checkpointDir: dir,
});

describe('checkpoints and resume', () => {
  let reference: Map<string, Float32Array>;

  beforeAll(async () => {
    const model = await trainTeacher(base(path.join(tmp.dir, 'whole')));
    reference = weights(model);
    model.dispose();
  });

  it('stopping after epoch 1 and resuming gives the uninterrupted weights bit for bit', async () => {
    await expectNoLeak(async () => {
      const dir = path.join(tmp.dir, 'epoch');
      const abort = new AbortController();
      const stopped = trainTeacher({
        ...base(dir),
        signal: abort.signal,
        onProgress: (p) => {
          if (p.stage === 'teacher-recognizer' && p.epoch === 1 && p.step === p.steps) abort.abort();
        },
      });
      await expect(stopped).rejects.toBeInstanceOf(TrainingCancelled);
      // The epoch-end save and the save at the stop, the first kept as the previous checkpoint.
      expect(readdirSync(dir).sort()).toEqual(['teacher-recognizer.ckpt', 'teacher-recognizer.ckpt.prev']);
      const resumed = await trainTeacher({ ...base(dir), resume: true });
      expectIdentical(reference, weights(resumed));
      resumed.dispose();
      expect(readdirSync(dir).sort()).toEqual([
        'teacher-evaluator.ckpt',
        'teacher-evaluator.ckpt.prev',
        'teacher-recognizer.ckpt',
        'teacher-recognizer.ckpt.prev',
      ]);
    });
  });

  it('stopping in the middle of an epoch of the second stage also resumes exactly', async () => {
    const dir = path.join(tmp.dir, 'mid');
    const abort = new AbortController();
    const stopped = trainTeacher({
      ...base(dir),
      signal: abort.signal,
      onProgress: (p) => {
        if (p.stage === 'teacher-evaluator' && p.epoch === 2 && p.step === 1) abort.abort();
      },
    });
    await expect(stopped).rejects.toThrow(/cancelled during teacher-evaluator, epoch 2, after step 1/);
    const resumed = await trainTeacher({ ...base(dir), resume: true });
    expectIdentical(reference, weights(resumed));
    resumed.dispose();
  });

  it('a checkpoint written every N steps resumes exactly, as after a crash', async () => {
    const dir = path.join(tmp.dir, 'steps');
    const crashed = path.join(tmp.dir, 'crashed');
    mkdirSync(crashed);
    // Batches of 4: six steps per epoch, a checkpoint after steps 2 and 4.
    const opts = { ...base(dir), batchSize: 4, checkpointEvery: 2 };
    let copied = false;
    const whole = await trainTeacher({
      ...opts,
      onProgress: (p) => {
        // At step 3 of epoch 2 the newest checkpoint is the one of step 2: keep a copy, as a
        // crash at this point would leave it.
        if (p.stage === 'teacher-recognizer' && p.epoch === 2 && p.step === 3) {
          copyFileSync(path.join(dir, 'teacher-recognizer.ckpt'), path.join(crashed, 'teacher-recognizer.ckpt'));
          copied = true;
        }
      },
    });
    const expected = weights(whole);
    whole.dispose();
    expect(copied).toBe(true);
    const resumed = await trainTeacher({ ...opts, checkpointDir: crashed, resume: true });
    expectIdentical(expected, weights(resumed));
    resumed.dispose();
  });

  it('resuming a finished run returns the same model without training again', async () => {
    const steps: number[] = [];
    const again = await trainTeacher({ ...base(path.join(tmp.dir, 'whole')), resume: true, onProgress: (p) => steps.push(p.step) });
    expect(steps).toEqual([]);
    expectIdentical(reference, weights(again));
    again.dispose();
  });

  it('refuses a checkpoint written with other settings', async () => {
    await expect(trainTeacher({ ...base(path.join(tmp.dir, 'whole')), epochs: 3, resume: true })).rejects.toThrow(
      /checkpoint was written with different settings/,
    );
  });

  it('refuses a checkpoint trained with another code-switching p or dictionary, and resumes with the same one', async () => {
    const dir = path.join(tmp.dir, 'switched');
    const dictionary = new Map([
      ['went', ['fue']],
      ['met', ['conoció']],
      ['the', ['el', 'la']],
    ]);
    const opts = { ...base(dir), epochs: 1, evaluatorEpochs: 1, codeSwitch: { dictionary, p: 0.6 } };
    const first = await trainTeacher(opts);
    first.dispose();
    const refused = /checkpoint was written with different settings/;
    await expect(trainTeacher({ ...opts, codeSwitch: { dictionary, p: 0.9 }, resume: true })).rejects.toThrow(refused);
    const other = new Map([...dictionary, ['met', ['encontró']]]);
    await expect(trainTeacher({ ...opts, codeSwitch: { dictionary: other, p: 0.6 }, resume: true })).rejects.toThrow(refused);
    await expect(trainTeacher({ ...opts, codeSwitch: undefined, resume: true })).rejects.toThrow(refused);
    // The same dictionary read in another order is the same dictionary.
    const reordered = new Map([...dictionary].reverse());
    expect(codeSwitchDigest({ dictionary: reordered, p: 0.6 })).toBe(codeSwitchDigest({ dictionary, p: 0.6 }));
    const steps: number[] = [];
    const again = await trainTeacher({
      ...opts,
      codeSwitch: { dictionary: reordered, p: 0.6 },
      resume: true,
      onProgress: (p) => steps.push(p.step),
    });
    again.dispose();
    expect(steps).toEqual([]);
  });

  it('a different seed gives different weights (the comparison can fail)', async () => {
    const other = await trainTeacher({ ...base(path.join(tmp.dir, 'seed')), seed: 12, epochs: 1, evaluatorEpochs: 1 });
    const w = weights(other);
    other.dispose();
    const name = 'recognizer/head/w';
    expect(Buffer.from(w.get(name)!.buffer).equals(Buffer.from(reference.get(name)!.buffer))).toBe(false);
    expect(existsSync(path.join(tmp.dir, 'seed', 'teacher-recognizer.ckpt'))).toBe(true);
  });
});

describe('resume with dictionary code-switching', () => {
  const dictionary = new Map([
    ['went', ['fue']],
    ['to', ['a']],
    ['the', ['el', 'la']],
    ['in', ['en']],
    ['today', ['hoy']],
  ]);
  const switched = (dir: string): TeacherOptions => ({ ...base(dir), codeSwitch: { dictionary, p: 0.5 } });

  it('stopping in the middle of each stage and resuming gives the uninterrupted weights bit for bit', async () => {
    await expectNoLeak(async () => {
      const whole = await trainTeacher(switched(path.join(tmp.dir, 'cs-whole')));
      const expected = weights(whole);
      whole.dispose();
      // The switched words reach training: the same run without them ends elsewhere.
      const plain = await trainTeacher(base(path.join(tmp.dir, 'cs-plain')));
      expect(
        Buffer.from(weights(plain).get('recognizer/head/w')!.buffer).equals(Buffer.from(expected.get('recognizer/head/w')!.buffer)),
      ).toBe(false);
      plain.dispose();

      for (const [stage, epoch] of [
        ['teacher-recognizer', 2],
        ['teacher-evaluator', 2],
      ] as const) {
        const dir = path.join(tmp.dir, `cs-${stage}`);
        const abort = new AbortController();
        const stopped = trainTeacher({
          ...switched(dir),
          signal: abort.signal,
          onProgress: (p) => {
            if (p.stage === stage && p.epoch === epoch && p.step === 1) abort.abort();
          },
        });
        await expect(stopped).rejects.toBeInstanceOf(TrainingCancelled);
        const resumed = await trainTeacher({ ...switched(dir), resume: true });
        expectIdentical(expected, weights(resumed));
        resumed.dispose();
      }
    });
  });
});
