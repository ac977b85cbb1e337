// Damaged checkpoints: every flipped byte is refused on read, and a resume whose newest checkpoint
// is damaged or missing goes on from the previous one, says so, and still reaches the
// uninterrupted weights bit for bit.

import { existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../src-main/core/errors.js';
import {
  initBackend,
  previousCheckpoint,
  trainTeacher,
  TrainingCancelled,
  type NerModel,
  type TeacherOptions,
} from '../../../../../src-main/core/ml/index.js';
import { readTensorFile, writeTensorFile } from '../../../../../src-main/core/ml/io/tensor-file.js';
import { TINY, tempDir, tinyCorpus } from '../../../../support/ml.js';
import { expectNoLeak } from '../../../../support/leaks.js';

const tmp = tempDir();
beforeAll(async () => {
  await initBackend();
});
afterAll(() => tmp.cleanup());

function weights(model: NerModel): Map<string, Buffer> {
  return new Map([...model.named()].map(([n, v]) => [n, Buffer.from(Float32Array.from(v.dataSync() as Float32Array).buffer)]));
}

function expectIdentical(a: Map<string, Buffer>, b: Map<string, Buffer>): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [name, bytes] of a) expect(b.get(name)!.equals(bytes), name).toBe(true);
}

// Batches of 4 over 24 sentences: six steps per epoch, a checkpoint after steps 2 and 4.
const base = (dir: string): TeacherOptions => ({
  train: tinyCorpus(24),
  dev: tinyCorpus(6, 41),
  encoder: { ...TINY, wordDropout: 0.2 },
  epochs: 2,
  evaluatorEpochs: 1,
  batchSize: 4,
  checkpointEvery: 2,
  seed: 5,
  checkpointDir: dir,
});

/** Trains until epoch 2, step 3 of the recognizer and stops there: the newest checkpoint is after step 3, the previous after step 2. */
async function stopMidEpoch(dir: string): Promise<string> {
  const abort = new AbortController();
  const stopped = trainTeacher({
    ...base(dir),
    signal: abort.signal,
    onProgress: (p) => {
      if (p.stage === 'teacher-recognizer' && p.epoch === 2 && p.step === 3) abort.abort();
    },
  });
  await expect(stopped).rejects.toBeInstanceOf(TrainingCancelled);
  return path.join(dir, 'teacher-recognizer.ckpt');
}

function flipByte(file: string, at: number): void {
  const bytes = readFileSync(file);
  bytes[at] = bytes[at]! ^ 0x10;
  writeFileSync(file, bytes);
}

describe('tensor files', () => {
  it('refuse a flipped byte anywhere after the magic, and a cut-short file', () => {
    const file = path.join(tmp.dir, 'flip.bin');
    writeTensorFile(file, { epoch: 3 }, { a: Float32Array.from([1, 2, 3]), b: Float32Array.from([4]) });
    const good = readFileSync(file);
    expect(readTensorFile(file).arrays['a']).toEqual(Float32Array.from([1, 2, 3]));
    for (let at = 4; at < good.length; at++) {
      writeFileSync(file, good);
      flipByte(file, at);
      expect(() => readTensorFile(file), `byte ${at}`).toThrow(CoreError);
    }
    writeFileSync(file, good);
    truncateSync(file, good.length - 4);
    expect(() => readTensorFile(file)).toThrow(/flip\.bin: checksum mismatch/);
  });

  it('keep the file they replace when asked, and still read version 1 files', () => {
    const file = path.join(tmp.dir, 'rotate.bin');
    writeTensorFile(file, { n: 1 }, { a: Float32Array.from([1]) }, `${file}.old`);
    expect(existsSync(`${file}.old`)).toBe(false);
    writeTensorFile(file, { n: 2 }, { a: Float32Array.from([2]) }, `${file}.old`);
    expect(readTensorFile(file).meta).toEqual({ n: 2 });
    expect(readTensorFile(`${file}.old`).meta).toEqual({ n: 1 });

    // Version 1: magic, version, header length, the header padded to 4 bytes, then the values.
    const header = Buffer.from(JSON.stringify({ meta: { old: true }, entries: [{ name: 'x', length: 2, offset: 0 }] }));
    const padded = Math.ceil((12 + header.length) / 4) * 4;
    const v1 = Buffer.alloc(padded + 8);
    v1.write('CTTF', 0, 'latin1');
    v1.writeUInt32LE(1, 4);
    v1.writeUInt32LE(header.length, 8);
    header.copy(v1, 12);
    v1.writeFloatLE(1.5, padded);
    v1.writeFloatLE(-2, padded + 4);
    writeFileSync(path.join(tmp.dir, 'v1.bin'), v1);
    expect(readTensorFile(path.join(tmp.dir, 'v1.bin'))).toEqual({ meta: { old: true }, arrays: { x: Float32Array.from([1.5, -2]) } });
  });
});

describe('resuming past a damaged checkpoint', () => {
  let reference: Map<string, Buffer>;

  beforeAll(async () => {
    const model = await trainTeacher(base(path.join(tmp.dir, 'whole')));
    reference = weights(model);
    model.dispose();
  });

  it('goes on from the previous checkpoint when the newest has a flipped byte, and ends at the uninterrupted weights', async () => {
    await expectNoLeak(async () => {
      const dir = path.join(tmp.dir, 'flipped');
      const newest = await stopMidEpoch(dir);
      expect(readTensorFile(newest).meta).toMatchObject({ epoch: 1, step: 3 });
      expect(readTensorFile(previousCheckpoint(newest)).meta).toMatchObject({ epoch: 1, step: 2 });
      flipByte(newest, readFileSync(newest).length - 3);

      const notes: string[] = [];
      const steps: string[] = [];
      const resumed = await trainTeacher({
        ...base(dir),
        resume: true,
        onNote: (n) => notes.push(n),
        onProgress: (p) => steps.push(`${p.stage} ${p.epoch}.${p.step}`),
      });
      expectIdentical(reference, weights(resumed));
      resumed.dispose();
      expect(notes).toEqual([
        `teacher-recognizer: the newest checkpoint cannot be read (${newest}: checksum mismatch (the file is damaged or was cut short)); resumed from the previous one (saved after 1 epochs and 2 steps)`,
      ]);
      // Step 3 of epoch 2 is replayed: the run went on from the previous checkpoint, not from the start.
      expect(steps[0]).toBe('teacher-recognizer 2.3');
    });
  });

  it('goes on from the previous checkpoint when the newest is missing, as after a crash between the renames', async () => {
    const dir = path.join(tmp.dir, 'missing');
    const newest = await stopMidEpoch(dir);
    rmSync(newest);
    const notes: string[] = [];
    const resumed = await trainTeacher({ ...base(dir), resume: true, onNote: (n) => notes.push(n) });
    expectIdentical(reference, weights(resumed));
    resumed.dispose();
    expect(notes).toEqual([
      'teacher-recognizer: the newest checkpoint is missing (the run stopped while replacing it); resumed from the previous one (saved after 1 epochs and 2 steps)',
    ]);
  });

  it('refuses, naming the newest file, when both checkpoints are damaged', async () => {
    const dir = path.join(tmp.dir, 'both');
    const newest = await stopMidEpoch(dir);
    truncateSync(newest, readFileSync(newest).length - 100);
    flipByte(previousCheckpoint(newest), 40);
    const notes: string[] = [];
    const failed = trainTeacher({ ...base(dir), resume: true, onNote: (n) => notes.push(n) });
    await expect(failed).rejects.toThrow(`${newest}: checksum mismatch`);
    expect(notes).toEqual([]);
  });
});
