// TrainingState and EvaluateState over a real core whose ML service trains tiny models in worker
// processes: the events the screens draw from, cancel and resume, and evaluation side by side.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppState } from '../../../../../src-renderer/lib/state/app.svelte.js';
import { EvaluateState } from '../../../../../src-renderer/lib/state/evaluate.svelte.js';
import { ModelsState } from '../../../../../src-renderer/lib/state/models.svelte.js';
import { TrainingState } from '../../../../../src-renderer/lib/state/training.svelte.js';
import { isLive } from '../../../../../src-renderer/lib/training.js';
import { tinyProject } from '../../../../support/training.js';
import { openTestCore, type TestCore } from '../../support/core-client.js';

let t: TestCore;
let app: AppState;
let models: ModelsState;
let training: TrainingState;
let off: () => void;
let formReadyBeforeLoad: boolean | null = null;

async function until(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  t = await openTestCore('training', { ml: true });
  await tinyProject(t.core, t.dir);
  app = new AppState(t.client);
  await app.init('#/train');
  models = new ModelsState(app);
  training = new TrainingState(app, models);
  off = training.connect();
  // Until the project's defaults are in, the form is not editable: nothing typed can be replaced.
  formReadyBeforeLoad = training.formReady;
  await training.load();
});

afterAll(async () => {
  off?.();
  await t?.close();
});

describe('TrainingState over a real training engine', () => {
  it('starts from defaults that fit the project and refuses a form that cannot train', async () => {
    expect(formReadyBeforeLoad).toBe(false);
    expect(training.formReady).toBe(true);
    expect(training.form).toMatchObject({
      sourceLangs: ['en'],
      sourceSplits: ['train'],
      targetLang: 'es',
      selectOn: 'target-dev',
      mode: 'pipeline',
    });
    expect(training.data).toEqual({ source: 16, targetGold: 0, target: 10, targetDev: 4, sourceDev: 4 });
    expect(training.problem).toBeNull();
    training.toggleSourceLang('en', false);
    expect(training.problem).toBe('Choose at least one source language.');
    expect(await training.start()).toBeNull();
    expect(training.error?.error.message).toBe('Choose at least one source language.');
    expect(t.calls).not.toContain('training.start');
    training.toggleSourceLang('en', true);
    expect(training.problem).toBeNull();
  });

  it('follows a run from its events: progress per stage, time left, status, figures and models', async () => {
    training.form.epochs = 2;
    training.form.evaluatorEpochs = 1;
    training.form.studentEpochs = 1;
    const run = await training.start();
    expect(run?.status).toBe('running');
    expect(training.shown?.id).toBe(run!.id);
    expect(training.liveRun?.id).toBe(run!.id);
    await until('the run to end', () => training.runs?.find((r) => r.id === run!.id)?.status === 'completed');
    const done = training.runs!.find((r) => r.id === run!.id)!;
    expect(done.metrics.map((m) => `${m.stage}/${m.epoch}`)).toEqual([
      'teacher-recognizer/1',
      'teacher-recognizer/2',
      'teacher-evaluator/1',
      'student/1',
    ]);
    expect(training.liveRun).toBeNull();
    expect(training.progress[run!.id]?.stage).toBe('predict');
    // The time estimate followed the run to its last stage, and says nothing once it is over.
    expect(training.tracks[run!.id]!.recent.at(-1)!.progress.stage).toBe('predict');
    expect(training.eta(done)).toEqual({ stage: null, total: null });
    await until('the models to be listed', () => (models.models ?? []).length === 2);
    expect(models.models!.map((m) => m.runId)).toEqual([run!.id, run!.id]);
    // Predictions changed the counts the form shows.
    await until('the counts to follow the predictions', () =>
      training.counts.some((c) => c.lang === 'es' && c.split === 'unlabelled' && c.predicted === 10),
    );
  });

  it('cancels a run at the next step and resumes it from its checkpoint', async () => {
    training.form.epochs = 300;
    training.form.mode = 'teacher';
    const run = (await training.start())!;
    await until('progress', () => (training.progress[run.id]?.step ?? 0) > 0);
    await training.cancel(run.id);
    const cancelled = training.runs!.find((r) => r.id === run.id)!;
    expect(cancelled.status).toBe('cancelled');
    const stoppedAt = training.progress[run.id]!;

    await training.resume(run.id);
    expect(training.resumed[run.id]).toEqual({ waiting: true });
    expect(training.selected).toBe(run.id);
    await until('the resumed run to report', () => training.resumed[run.id]?.waiting === false);
    const from = training.resumed[run.id];
    if (from === undefined || from.waiting) throw new Error('not resumed');
    // It picks up where it stopped, not at the first epoch.
    expect([from.progress.epoch, from.progress.step]).not.toEqual([1, 1]);
    expect(from.progress.epoch * 1000 + from.progress.step).toBeGreaterThanOrEqual(stoppedAt.epoch * 1000 + stoppedAt.step - 4);
    await training.cancel(run.id);
    expect(isLive(training.runs!.find((r) => r.id === run.id)!)).toBe(false);
    expect(training.error).toBeNull();
  });

  it('never replaces a run with an older event, and shows a refused resume as an error', async () => {
    const newest = training.runs![0]!;
    training.onStatus({ ...newest, status: 'running', updatedAt: '2000-01-01T00:00:00.000Z' });
    expect(training.runs![0]!.status).toBe(newest.status);
    const completed = training.runs!.find((r) => r.status === 'completed')!;
    await training.resume(completed.id);
    expect(training.error?.error.code).toBe('CONFLICT');
    expect(training.resumed[completed.id]).toBeUndefined();
  });
});

describe('EvaluateState', () => {
  it('picks the newest teacher and student and the target dev split, and scores both side by side', async () => {
    const evaluate = new EvaluateState(app, models);
    await evaluate.load();
    const completed = training.runs!.find((r) => r.status === 'completed')!;
    const teacher = models.models!.find((m) => m.kind === 'teacher' && m.runId === completed.id)!;
    const student = models.models!.find((m) => m.kind === 'student')!;
    expect([evaluate.teacherId, evaluate.studentId]).toEqual([teacher.id, student.id]);
    expect([evaluate.lang, evaluate.split]).toEqual(['es', 'dev']);
    expect(evaluate.options.map((o) => `${o.lang}/${o.split}`)).toEqual(['en/dev', 'es/dev', 'en/train']);
    expect(evaluate.runs.map((r) => r.id)).toEqual([completed.id]);

    await evaluate.run();
    expect(evaluate.errors).toEqual({ teacher: null, student: null });
    expect(evaluate.scored).toEqual({ lang: 'es', split: 'dev' });
    expect(evaluate.results.teacher?.modelId).toBe(teacher.id);
    expect(evaluate.results.student?.modelId).toBe(student.id);
    const per = evaluate.rows.find((r) => r.label === 'PER')!;
    expect(per.teacher?.support).toBe(6);
    expect(per.student?.support).toBe(6);
    // The same micro F1 as the core's own evaluation.
    const direct = await t.client.call('evaluate.run', { modelId: student.id, lang: 'es', split: 'dev' });
    expect(evaluate.results.student?.report.f1).toBe(direct.report.f1);

    evaluate.chooseSplit('en/dev');
    expect([evaluate.lang, evaluate.split]).toEqual(['en', 'dev']);
    evaluate.openSentence(42);
    expect([app.screen, app.routeId]).toEqual(['annotate', 42]);
  });
});

describe('another project', () => {
  it('gets its own form defaults and none of the previous project’s runs, progress or curves', async () => {
    expect(Object.keys(training.tracks).length).toBeGreaterThan(0);
    const other = await t.client.call('projects.create', { path: `${t.dir}/other.sqlite`, name: 'Other' });
    app.setProject(other);
    await training.load();
    expect(training.runs).toEqual([]);
    expect([training.progress, training.tracks, training.resumed]).toEqual([{}, {}, {}]);
    expect(training.form.sourceLangs).toEqual([]);
    expect(training.problem).toBe('Choose at least one source language.');
    expect(training.shown).toBeNull();
  });
});
