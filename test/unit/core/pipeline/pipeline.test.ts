// The one teacher→student run every shell trains with: which stages run, where models are saved,
// what a resumed run reuses, and that a failure frees every model it made.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, TrainingCancelled } from '../../../../src-main/core/ml/index.js';
import { modelFolders, runPipeline, type PipelineOptions } from '../../../../src-main/core/pipeline/index.js';
import { expectNoLeak } from '../../../support/leaks.js';
import { TINY, tempDir, tinyCorpus } from '../../../support/ml.js';

const target = tinyCorpus(12, 41).map((s) => ({ tokens: s.tokens }));
const dev = tinyCorpus(6, 9);

function options(over: Partial<PipelineOptions> = {}): PipelineOptions {
  return {
    data: { sources: [{ name: 'a', sentences: tinyCorpus(12, 1) }], dev, selectOn: 'dev', target },
    teachers: { train: { encoder: TINY, epochs: 1, evaluatorEpochs: 1 } },
    student: { epochs: 1 },
    batchSize: 8,
    seed: 4,
    ...over,
  };
}

let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  await initBackend();
});
afterEach(() => tmp?.cleanup());

describe('runPipeline', () => {
  it('trains a teacher, distils the student from it and saves both, telling the caller in order', async () => {
    tmp = tempDir('crosstag-pipeline-');
    const saved: string[] = [];
    await expectNoLeak(async () => {
      const run = await runPipeline(
        options({
          folders: {
            ...modelFolders(tmp.dir),
            onSaved: (role, model, dir, k) => saved.push(`${role} ${k} ${model.kind} ${path.basename(dir)}`),
          },
        }),
      );
      try {
        expect(run.teachers).toHaveLength(1);
        expect(run.student?.kind).toBe('student');
        expect(run.student!.summary!.stages.map((s) => s.stage)).toEqual(['teacher-recognizer', 'teacher-evaluator', 'student']);
        expect(run.student!.summary!.stages.every((s) => s.selectedOn === 'dev')).toBe(true);
      } finally {
        run.dispose();
      }
    });
    expect(saved).toEqual(['teacher 0 teacher teacher', 'student 0 student student']);
    expect(existsSync(path.join(tmp.dir, 'student', 'config.json'))).toBe(true);
  });

  it('trains one teacher per source in folders of their own, and the teachers only without a student stage', async () => {
    tmp = tempDir('crosstag-pipeline-');
    const sources = [
      { name: 'a', sentences: tinyCorpus(8, 1) },
      { name: 'b', sentences: tinyCorpus(10, 2) },
    ];
    await expectNoLeak(async () => {
      const run = await runPipeline(
        options({
          data: { ...options().data, sources },
          teachers: { train: { encoder: TINY, epochs: 1, evaluatorEpochs: 1, perSource: true } },
          student: null,
          checkpointDir: path.join(tmp.dir, 'ckpt'),
          folders: modelFolders(tmp.dir),
        }),
      );
      expect(run.student).toBeNull();
      expect(run.teachers.map((t) => t.summary!.trainSentences)).toEqual([8, 10]);
      run.dispose();
    });
    for (const f of ['teacher-1', 'teacher-2']) {
      expect(existsSync(path.join(tmp.dir, f, 'config.json'))).toBe(true);
      expect(existsSync(path.join(tmp.dir, 'ckpt', f, 'teacher-recognizer.ckpt'))).toBe(true);
    }
    expect(existsSync(path.join(tmp.dir, 'student'))).toBe(false);
  });

  it('concatenates several sources for one teacher, each with its own range', async () => {
    await expectNoLeak(async () => {
      const sources = [
        { name: 'a', sentences: tinyCorpus(8, 1) },
        { name: 'b', sentences: tinyCorpus(10, 2) },
      ];
      const run = await runPipeline(options({ data: { ...options().data, sources }, student: null }));
      expect(run.teachers[0]!.summary!.options['sources']).toEqual([
        { name: 'a', sentences: 8, codeSwitch: null },
        { name: 'b', sentences: 10, codeSwitch: null },
      ]);
      run.dispose();
    });
  });

  it('distils from given teachers without freeing them', async () => {
    await expectNoLeak(async () => {
      const first = await runPipeline(options({ student: null }));
      const run = await runPipeline(
        options({ data: { ...options().data, sources: [] }, teachers: { given: first.teachers }, student: { loss: 'kd-kl' } }),
      );
      expect(run.teachers).toEqual(first.teachers);
      expect(run.student!.summary!.options['loss']).toBe('kd-kl');
      run.dispose();
      expect(first.teachers[0]!.recognizer.named().size).toBeGreaterThan(0);
      first.dispose();
    });
  });

  it('on resume with reuse, loads the models an earlier attempt saved instead of training them again', async () => {
    tmp = tempDir('crosstag-pipeline-');
    await expectNoLeak(async () => {
      (await runPipeline(options({ student: null, folders: modelFolders(tmp.dir) }))).dispose();
      const progress: string[] = [];
      const run = await runPipeline(
        options({ resume: true, folders: { ...modelFolders(tmp.dir), reuse: true }, onProgress: (p) => progress.push(p.stage) }),
      );
      // The teacher came from its folder: only the student trained.
      expect(new Set(progress)).toEqual(new Set(['student']));
      run.dispose();
    });
  });

  it('refuses an unknown loss before training, and frees the teachers it trained when the student stage is cancelled', async () => {
    const progress: string[] = [];
    await expect(runPipeline(options({ student: { loss: 'nope' }, onProgress: (p) => progress.push(p.stage) }))).rejects.toThrow(
      /unknown distillation loss "nope"/,
    );
    expect(progress).toEqual([]);
    await expectNoLeak(async () => {
      const controller = new AbortController();
      const run = runPipeline(
        options({
          signal: controller.signal,
          onProgress: (p) => {
            if (p.stage === 'student') controller.abort();
          },
        }),
      );
      await expect(run).rejects.toBeInstanceOf(TrainingCancelled);
    });
  });

  it('refuses to train a teacher without sources', async () => {
    await expect(runPipeline(options({ data: { ...options().data, sources: [] } }))).rejects.toThrow(/at least one labelled source/);
  });
});
