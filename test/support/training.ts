// A tiny two-language project built through the core, the training config every test run starts
// from, a core whose ML service starts real worker processes (core/jobs' nodeSpawner) with the
// tiny model sizes, and waiting on run events.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TrainingConfig } from '../../src-main/contract/api.js';
import type { RunInfo } from '../../src-main/contract/entities.js';
import type { EventName, Events } from '../../src-main/contract/events.js';
import { nodeSpawner } from '../../src-main/core/jobs/index.js';
import { createCore, type Core } from '../../src-main/core/service/index.js';
import { createMlService, type MlEngine, type MlServiceOptions } from '../../src-main/core/service/ml-service.js';
import { tinyProjectFiles } from './corpus.js';
import { TINY_TUNING } from './ml.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Creates `name`.sqlite in `dir` from tinyProjectFiles(), labels PER, LOC and ORG. */
export async function tinyProject(core: Core, dir: string, name = 'p'): Promise<string> {
  const file = path.join(dir, `${name}.sqlite`);
  await core['projects.create']({ path: file, name, labels: ['PER', 'LOC', 'ORG'] });
  for (const f of tinyProjectFiles()) {
    await core['imports.run']({
      source: { kind: 'bytes', name: f.name, base64: b64(f.text) },
      lang: f.lang,
      split: f.split,
      unlabelled: f.unlabelled,
      format: f.unlabelled ? 'text' : 'conll',
    });
  }
  return file;
}

/** Teacher, student and prediction write-back, en→es, two teacher epochs and one student epoch. */
export function trainingConfig(over: Partial<TrainingConfig> = {}): TrainingConfig {
  return {
    sourceLangs: ['en'],
    sourceSplits: ['train'],
    targetLang: 'es',
    mode: 'pipeline',
    encoder: 'small',
    epochs: 2,
    studentEpochs: 1,
    alpha: true,
    beta: true,
    gamma: true,
    kd: false,
    selectOn: 'target-dev',
    useTargetGold: false,
    seed: 1,
    predictAfter: true,
    ...over,
  };
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
