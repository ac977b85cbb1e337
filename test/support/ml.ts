// The tiny model sizes every model test trains with (the engine's own `tiny` preset, so tests and
// the CROSSTAG_TUNING=tiny shells share one definition), a tiny tagged corpus, and temp folders.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EngineTuning } from '../../src-main/core/jobs/index.js';
import type { SmallEncoderConfig, TaggedSentence } from '../../src-main/core/ml/index.js';
import { SMALL_DEFAULTS } from '../../src-main/core/ml/index.js';
import { TUNING_PRESETS } from '../../src-main/core/service/tuning.js';
import { PEOPLE, PLACES, seededPicker } from './corpus.js';

const PRESET = TUNING_PRESETS['tiny']!;

/** The small encoder at the tiny preset's sizes: a few hundred weights. */
export const TINY: SmallEncoderConfig = { ...SMALL_DEFAULTS, ...structuredClone(PRESET.encoderOverrides) } as SmallEncoderConfig;

/** The tiny preset for training runs through the ML service, checkpointing at epoch ends only. */
export const TINY_TUNING: EngineTuning = (({ checkpointEvery: _every, ...rest }) => structuredClone(rest))(PRESET);

/** Teacher settings that learn tinyCorpus() well: many short epochs at a high learning rate. */
export const TINY_TEACHER = { encoder: TINY, epochs: 20, evaluatorEpochs: 3, batchSize: 8, lr: 0.03, warmupSteps: 5, seed: 3 };

const FILLER = ['went', 'to', 'saw', 'the', 'met', 'in', 'today', 'with'];

/**
 * Sentences where people and places follow a fixed pattern ("<PER> went to <LOC>", "<PER> met
 * <PER> in <LOC>", and two-word places "New <LOC>"), so a working model learns them in a few epochs.
 */
export function tinyCorpus(count: number, seed = 7): TaggedSentence[] {
  const pick = seededPicker(seed);
  const people = PEOPLE.slice(0, 6);
  const places = PLACES.slice(0, 6);
  const out: TaggedSentence[] = [];
  for (let k = 0; k < count; k++) {
    const per = pick(people);
    const loc = pick(places);
    switch (k % 3) {
      case 0:
        out.push({ tokens: [per, 'went', 'to', loc], tags: ['B-PER', 'O', 'O', 'B-LOC'] });
        break;
      case 1: {
        const other = pick(people);
        out.push({ tokens: [per, 'met', other, 'in', loc, 'today'], tags: ['B-PER', 'O', 'B-PER', 'O', 'B-LOC', 'O'] });
        break;
      }
      default:
        out.push({
          tokens: ['the', pick(FILLER), 'New', loc, 'with', per],
          tags: ['O', 'O', 'B-LOC', 'I-LOC', 'O', 'B-PER'],
        });
    }
  }
  return out;
}

export function tempDir(prefix = 'crosstag-ml-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
