// The first run a new user makes: the bundled demo project, trained with the Train form's default
// settings (teacher then student, predictions afterwards) through the real core and its worker
// process, as the app does. Prints the teacher's and the student's dev F1, the run's wall time,
// and how the whole-run time estimate the Train screen shows (lib/eta.ts) compared with the real
// time, at the first estimate and at 25%, 50% and 75% of the run.
//
//   npm run bench -- demo-run
//   CROSSTAG_DEMO_DICTIONARY=path/to/en-es.txt npm run bench -- demo-run   (MUSE en-es, code-switching)
//
// CROSSTAG_DEMO_TRACE=file.json also writes every progress event with its arrival time.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TrainingConfig } from '../../src-main/contract/api.js';
import type { DictionaryInfo, RunInfo, SplitCount } from '../../src-main/contract/entities.js';
import type { RunProgress } from '../../src-main/contract/events.js';
import { createDemoProject } from '../../src-main/cli/commands/demo.js';
import { nodeSpawner } from '../../src-main/core/jobs/index.js';
import { createCore, dispatch, type Core } from '../../src-main/core/service/index.js';
import { replayEta, type TimedProgress } from '../../src-renderer/lib/eta.js';
import { defaultConfig } from '../../src-renderer/lib/training.js';
import type { Bench, Figures } from './lib/harness.js';
import { round } from './lib/harness.js';

async function call<T>(core: Core, method: string, params: unknown): Promise<T> {
  const reply = await dispatch(core, method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.value as T;
}

function best(run: RunInfo, stage: 'teacher-recognizer' | 'student'): number | null {
  const scores = run.metrics.filter((m) => m.stage === stage && m.devF1 !== null).map((m) => m.devF1!);
  return scores.length === 0 ? null : Math.max(...scores);
}

async function trainDemo(
  core: Core,
  dictionary: string | undefined,
  log: (line: string) => void,
): Promise<{ run: RunInfo; trace: TimedProgress[]; seconds: number }> {
  const project = await call<{ languages: { code: string }[] }>(core, 'projects.current', {});
  const counts = await call<SplitCount[]>(core, 'stats.splits', {});
  const config: TrainingConfig = defaultConfig(
    project.languages.map((l) => l.code),
    counts,
  );
  if (dictionary !== undefined) {
    const dict = await call<DictionaryInfo>(core, 'dictionaries.import', {
      source: { kind: 'path', path: path.resolve(dictionary) },
      srcLang: 'en',
      tgtLang: 'es',
    });
    config.dictionaryIds = [dict.id];
    log(`dictionary ${dict.name}: ${dict.words} source words, ${dict.entries} pairs`);
  }
  const trace: TimedProgress[] = [];
  const t0 = performance.now();
  let lastStage = '';
  core.on('training.progress', (p: RunProgress) => {
    trace.push({ at: (performance.now() - t0) / 1000, progress: p });
    if (p.stage !== lastStage) {
      lastStage = p.stage;
      log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s: ${p.stage}`);
    }
  });
  const done = new Promise<RunInfo>((resolve) => {
    core.on('training.status', (r: RunInfo) => {
      if (r.status !== 'running' && r.status !== 'queued') resolve(r);
    });
  });
  await call<RunInfo>(core, 'training.start', config);
  const run = await done;
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== 'completed') throw new Error(`the demo run ended ${run.status}: ${run.error ?? ''}`);
  return { run, trace, seconds };
}

export const bench: Bench = {
  description: 'the demo project trained with the Train form defaults: dev F1 of teacher and student, time, ETA accuracy',
  async run(ctx): Promise<Figures> {
    const dictionary = process.env['CROSSTAG_DEMO_DICTIONARY'] || undefined;
    const dir = mkdtempSync(path.join(tmpdir(), 'crosstag-demo-run-'));
    const core = createCore({ shell: 'web', recentFile: path.join(dir, 'recent.json'), baseDir: dir, spawner: nodeSpawner() });
    try {
      const db = path.join(dir, 'demo.sqlite');
      await createDemoProject(db);
      await call(core, 'projects.open', { path: db });
      const { run, trace, seconds } = await trainDemo(core, dictionary, ctx.log);
      const teacher = best(run, 'teacher-recognizer');
      const student = best(run, 'student');
      const eta = replayEta(run, trace, seconds);
      const traceFile = process.env['CROSSTAG_DEMO_TRACE'];
      if (traceFile) writeFileSync(traceFile, JSON.stringify({ run, seconds, trace }));
      const pct = (x: number | null) => (x === null ? '–' : (x * 100).toFixed(1));
      ctx.log(`demo run ${dictionary ? 'with the dictionary' : 'without a dictionary'} on ${run.backend ?? '?'}: ${seconds.toFixed(1)} s`);
      ctx.log(`  teacher es dev F1 ${pct(teacher)}, student es dev F1 ${pct(student)}`);
      for (const e of eta) {
        ctx.log(
          `  at ${e.at.toFixed(1)} s (${Math.round(e.share * 100)}% of the run): whole-run estimate ${e.remaining.toFixed(1)} s left, really ${e.actual.toFixed(1)} s (x${(e.remaining / Math.max(1e-6, e.actual)).toFixed(2)})`,
        );
      }
      const prefix = dictionary ? 'demo_dict' : 'demo';
      const figures: Figures = {
        [`${prefix}_seconds`]: round(seconds, 1),
        [`${prefix}_teacher_f1`]: teacher === null ? null : round(teacher * 100, 1),
        [`${prefix}_student_f1`]: student === null ? null : round(student * 100, 1),
      };
      const first = eta[0];
      if (first) figures[`${prefix}_first_eta_ratio`] = round(first.remaining / Math.max(1e-6, first.actual), 2);
      return figures;
    } finally {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
