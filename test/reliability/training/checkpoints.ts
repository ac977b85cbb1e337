// What a run's checkpoint folder says about where a resume will go on from, read the way the
// engine reads it: per stage, the newest readable file of `<stage>.ckpt` and its `.prev`, and a
// stage whose model folder is saved is not trained again.

import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunStage } from '../../../src-main/contract/entities.js';
import { previousCheckpoint } from '../../../src-main/core/ml/index.js';
import { readTensorFile } from '../../../src-main/core/ml/io/tensor-file.js';
import type { Rng } from '../rng.js';

export interface CheckpointMeta {
  stage: RunStage;
  /** Epochs done. */
  epoch: number;
  /** Steps done in the epoch after those. */
  step: number;
}

/** A progress position as the engine reports it: 1-based epoch, steps done in it. */
export interface Position {
  stage: RunStage;
  epoch: number;
  step: number;
}

export interface StagePlan {
  stage: RunStage;
  epochs: number;
  /** Steps per epoch, as the reference run reported them. */
  steps: number;
  /** The model folder (under the run's folder) that holds the stage's result once saved. */
  model: 'teacher' | 'student';
}

export const describe = (p: Position | null): string =>
  p === null ? 'prediction write-back' : `${p.stage} epoch ${p.epoch} step ${p.step}`;

function readMeta(file: string): CheckpointMeta | null {
  try {
    const { meta } = readTensorFile(file);
    const m = meta as CheckpointMeta;
    return { stage: m.stage, epoch: m.epoch, step: m.step };
  } catch {
    return null;
  }
}

/** The checkpoint the engine will resume a stage from: the newest readable one, or null. */
export function usableCheckpoint(file: string): { file: string; meta: CheckpointMeta } | null {
  for (const f of [file, previousCheckpoint(file)]) {
    if (!existsSync(f)) continue;
    const meta = readMeta(f);
    if (meta !== null) return { file: f, meta };
  }
  return null;
}

/** The first progress a resume of the run in `runDir` will report, or null when it goes straight to prediction. */
export function resumePoint(runDir: string, plan: readonly StagePlan[]): Position | null {
  for (const s of plan) {
    if (existsSync(path.join(runDir, s.model, 'config.json'))) continue;
    const used = usableCheckpoint(path.join(runDir, 'checkpoints', `${s.stage}.ckpt`));
    if (used === null) return { stage: s.stage, epoch: 1, step: 1 };
    const { epoch, step } = used.meta;
    if (epoch >= s.epochs) continue;
    // The last step of an epoch is reported once, at the epoch's end, as step === steps.
    return { stage: s.stage, epoch: epoch + 1, step: Math.min(step + 1, s.steps) };
  }
  return null;
}

/**
 * The newest checkpoint file (by modification time) that a resume will read and that has a
 * previous one to fall back to, or null.
 */
export function corruptibleCheckpoint(runDir: string, plan: readonly StagePlan[]): string | null {
  const dir = path.join(runDir, 'checkpoints');
  if (!existsSync(dir)) return null;
  const read = plan.filter((s) => !existsSync(path.join(runDir, s.model, 'config.json'))).map((s) => `${s.stage}.ckpt`);
  const candidates = readdirSync(dir)
    .filter((f) => read.includes(f) && existsSync(previousCheckpoint(path.join(dir, f))))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return candidates[0] ?? null;
}

export type Damage = 'truncate' | 'flip-bytes' | 'empty' | 'garbage-header';

/** Damages `file` in a seeded way; returns what was done. */
export function damage(file: string, rng: Rng): { kind: Damage; detail: string } {
  const bytes = readFileSync(file);
  const kind = rng.pick<Damage>(['truncate', 'flip-bytes', 'flip-bytes', 'empty', 'garbage-header']);
  switch (kind) {
    case 'truncate': {
      const at = rng.int(1, bytes.length - 1);
      truncateSync(file, at);
      return { kind, detail: `cut to ${at} of ${bytes.length} bytes` };
    }
    case 'flip-bytes': {
      const n = rng.int(1, 8);
      const at: number[] = [];
      for (let k = 0; k < n; k++) {
        const i = rng.int(4, bytes.length - 1);
        bytes[i] = bytes[i]! ^ rng.int(1, 255);
        at.push(i);
      }
      writeFileSync(file, bytes);
      return { kind, detail: `${n} byte(s) changed at ${at.join(', ')} of ${bytes.length}` };
    }
    case 'empty':
      truncateSync(file, 0);
      return { kind, detail: `emptied (was ${bytes.length} bytes)` };
    case 'garbage-header': {
      for (let i = 0; i < Math.min(16, bytes.length); i++) bytes[i] = rng.int(0, 255);
      writeFileSync(file, bytes);
      return { kind, detail: 'first 16 bytes overwritten' };
    }
  }
}
