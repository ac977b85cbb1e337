// A tiny two-language project built through the core, a core whose ML service starts real worker
// processes (core/jobs' nodeSpawner) with tiny model sizes, and waiting on run events.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TrainingConfig } from '../../../../src-main/contract/api.js';
import type { RunInfo } from '../../../../src-main/contract/entities.js';
import type { EventName, Events } from '../../../../src-main/contract/events.js';
import { nodeSpawner, type EngineTuning } from '../../../../src-main/core/jobs/index.js';
import { createCore, type Core } from '../../../../src-main/core/service/index.js';
import { faultConfig } from '../../../reliability/training/fault-project.js';
import { createMlService, type MlEngine, type MlServiceOptions } from '../../../../src-main/core/service/ml-service.js';

export const TINY_TUNING: EngineTuning = {
  encoderOverrides: {
    wordDim: 8,
    wordMinCount: 1,
    wordDropout: 0,
    charDim: 4,
    charFilters: 6,
    featureDropout: 0.1,
    sequence: { type: 'bilstm', hidden: 8, layers: 1, dropout: 0.1 },
  },
  batchSize: 4,
  evaluatorEpochs: 1,
  predictBatch: 4,
};

const PEOPLE = ['Alice', 'Bruno', 'Chen', 'Dora', 'Emil', 'Fatima'];
const PLACES = ['Paris', 'Lima', 'Oslo', 'Quito', 'Rome', 'Kyiv'];

type Tagged = [string, string][];

/** Sentences in a fixed pattern per language, so a tiny model learns them in a couple of epochs. */
function sentences(lang: 'en' | 'es', count: number, seed: number): Tagged[] {
  let s = seed;
  const pick = <T>(xs: readonly T[]): T => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return xs[(s >>> 8) % xs.length]!;
  };
  const out: Tagged[] = [];
  for (let k = 0; k < count; k++) {
    const per = pick(PEOPLE);
    const loc = pick(PLACES);
    const other = pick(PEOPLE);
    const words =
      lang === 'en'
        ? k % 2 === 0
          ? [
              [per, 'B-PER'],
              ['went', 'O'],
              ['to', 'O'],
              [loc, 'B-LOC'],
            ]
          : [
              [per, 'B-PER'],
              ['met', 'O'],
              [other, 'B-PER'],
              ['in', 'O'],
              [loc, 'B-LOC'],
              ['today', 'O'],
            ]
        : k % 2 === 0
          ? [
              [per, 'B-PER'],
              ['fue', 'O'],
              ['a', 'O'],
              [loc, 'B-LOC'],
            ]
          : [
              [per, 'B-PER'],
              ['vio', 'O'],
              ['a', 'O'],
              [other, 'B-PER'],
              ['en', 'O'],
              [loc, 'B-LOC'],
            ];
    out.push(words as Tagged);
  }
  return out;
}

export function conll(data: Tagged[]): string {
  return data.map((s) => s.map(([w, t]) => `${w} ${t}`).join('\n')).join('\n\n') + '\n';
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * Creates `name`.sqlite in `dir`: English train (16 gold) and dev (4 gold), Spanish dev (4 gold)
 * and 10 unlabelled Spanish sentences, labels PER, LOC and ORG.
 */
export async function tinyProject(core: Core, dir: string, name = 'p'): Promise<string> {
  const file = path.join(dir, `${name}.sqlite`);
  await core['projects.create']({ path: file, name, labels: ['PER', 'LOC', 'ORG'] });
  const load = async (n: string, text: string, lang: string, split: 'train' | 'dev' | 'unlabelled', unlabelled = false) => {
    await core['imports.run']({
      source: { kind: 'bytes', name: n, base64: b64(text) },
      lang,
      split,
      unlabelled,
      format: unlabelled ? 'text' : 'conll',
    });
  };
  await load('en-train.conll', conll(sentences('en', 16, 1)), 'en', 'train');
  await load('en-dev.conll', conll(sentences('en', 4, 2)), 'en', 'dev');
  await load('es-dev.conll', conll(sentences('es', 4, 3)), 'es', 'dev');
  const esText = sentences('es', 10, 4)
    .map((s) => s.map(([w]) => w).join(' '))
    .join('\n');
  await load('es.txt', `${esText}\n`, 'es', 'unlabelled', true);
  return file;
}

export function config(over: Partial<TrainingConfig> = {}): TrainingConfig {
  return { ...faultConfig(), ...over };
}

export interface MlHarness {
  dir: string;
  core: Core;
  ml: MlEngine;
  events: { [E in EventName]?: Events[E][] };
  cleanup(): Promise<void>;
}

export function mlHarness(extra: Partial<MlServiceOptions> = {}): MlHarness {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosstag-jobs-'));
  const ml = createMlService({ spawner: nodeSpawner(), tuning: TINY_TUNING, cancelGraceMs: 20_000, ...extra });
  const core = createCore({ shell: 'web', recentFile: path.join(dir, 'recent.json'), baseDir: dir, ml });
  const events: MlHarness['events'] = {};
  for (const name of ['training.progress', 'training.status', 'sentences.changed'] as const) {
    core.on(name, (payload) => {
      ((events[name] ??= []) as unknown[]).push(payload);
    });
  }
  return {
    dir,
    core,
    ml,
    events,
    cleanup: async () => {
      await core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the first training.status of `runId` whose status is one of `statuses`. */
export function statusOf(core: Core, runId: number, statuses: readonly RunInfo['status'][]): Promise<RunInfo> {
  return new Promise((resolve, reject) => {
    const off = core.on('training.status', (run) => {
      if (run.id === runId && statuses.includes(run.status)) {
        off();
        resolve(run);
      }
    });
    // The run may have got there before anyone listened.
    core['training.get']({ runId }).then((run) => {
      if (statuses.includes(run.status)) {
        off();
        resolve(run);
      }
    }, reject);
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The saved config.json (with its summary) of each model of `kind` the project at `dbPath` registered. */
export async function savedModels<T>(core: Core, dbPath: string, kind: 'teacher' | 'student'): Promise<T[]> {
  return (await core['models.list']({}))
    .map(
      (m) => JSON.parse(fs.readFileSync(path.join(path.resolve(path.dirname(dbPath), m.dir), 'config.json'), 'utf8')) as { kind: string },
    )
    .filter((m) => m.kind === kind) as T[];
}
