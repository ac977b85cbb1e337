// Distributed for real: torchrun with two gloo processes ends with the weights one process reaches
// for the same global batch and seed (dropout on: its masks are keyed to each sentence, not to the
// process), and a two-process run killed mid-epoch resumes to the weights of an uninterrupted one.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SafetensorsFile } from '../../../src-main/core/ml/io/safetensors.js';
import { tempDir } from '../../support/ml.js';
import { describeWithTorch } from '../../support/with-torch.js';
import { runPython, runPythonUntil, torchrunArgs } from '../../support/python.js';
import { maxWeightDiff, MODEL_FILES, tinyBundle } from './helpers.js';

describeWithTorch('the PyTorch trainer under torchrun', () => {
  const tmp = tempDir('crosstag-ddp-');
  const bundle = path.join(tmp.dir, 'bundle');
  const train = (out: string, ...extra: string[]) => [path.join(bundle, 'train.py'), bundle, '--out', path.join(tmp.dir, out), ...extra];

  beforeAll(() => {
    tinyBundle(bundle);
    const one = runPython(train('one'));
    expect(one.status, one.stderr + one.stdout).toBe(0);
    const two = runPython([...torchrunArgs(2), ...train('two')]);
    expect(two.status, two.stderr + two.stdout).toBe(0);
    expect(two.stdout).toContain('2 processes (gloo)');
  }, 300_000);
  afterAll(() => tmp.cleanup());

  it('ends with the weights of one process (within 1e-5) for the teacher, its evaluator and the student', () => {
    for (const file of MODEL_FILES) {
      const { diff, tensors } = maxWeightDiff(path.join(tmp.dir, 'one', file), path.join(tmp.dir, 'two', file));
      console.info(`${file}: ${tensors} tensors, largest difference ${diff.toExponential(2)}`);
      expect(diff, file).toBeLessThan(1e-5);
    }
  });

  it('writes the teacher and the student as Hugging Face token-classification folders, and the run summary', () => {
    const out = path.join(tmp.dir, 'one');
    const labels = ['O', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-PER', 'I-PER'];
    for (const kind of ['teacher', 'student']) {
      const dir = path.join(out, kind);
      const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
      expect(config['architectures']).toEqual(['BertForTokenClassification']);
      expect(config['model_type']).toBe('bert');
      expect(config['id2label']).toEqual(Object.fromEntries(labels.map((l, i) => [String(i), l])));
      expect(config['label2id']).toEqual(Object.fromEntries(labels.map((l, i) => [l, i])));
      expect(config['hidden_size']).toBe(32);
      const st = SafetensorsFile.open(path.join(dir, 'model.safetensors'));
      try {
        expect(st.get('classifier.weight')!.shape).toEqual([7, 32]);
        expect(st.get('classifier.bias')!.shape).toEqual([7]);
        expect([...st.tensors.keys()].filter((n) => !n.startsWith('classifier.')).every((n) => n.startsWith('bert.'))).toBe(true);
        expect(st.get('bert.encoder.layer.1.output.LayerNorm.weight')!.shape).toEqual([32]);
      } finally {
        st.close();
      }
      expect(readdirSync(dir)).toEqual(expect.arrayContaining(['vocab.txt', 'tokenizer_config.json', 'crosstag.json']));
      const info = JSON.parse(readFileSync(path.join(dir, 'crosstag.json'), 'utf8')) as Record<string, unknown>;
      expect(info).toMatchObject({ kind, labels, evaluator: kind === 'teacher' ? 'evaluator' : null });
    }
    const evaluator = JSON.parse(readFileSync(path.join(out, 'teacher', 'evaluator', 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(evaluator['architectures']).toEqual(['BertModel']);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as {
      seed: number;
      trainSentences: number;
      stages: {
        stage: string;
        epochs: number;
        bestEpoch: number;
        metric: string;
        selectedOn: string;
        history: { epoch: number; loss: number }[];
      }[];
    };
    expect(summary.seed).toBe(1);
    expect(summary.trainSentences).toBe(16);
    expect(summary.stages.map((s) => [s.stage, s.epochs, s.metric, s.selectedOn, s.history.length])).toEqual([
      ['teacher-recognizer', 2, 'f1', 'target-dev', 2],
      ['teacher-evaluator', 1, 'pair-accuracy', 'target-dev', 1],
      ['student', 2, 'f1', 'target-dev', 2],
    ]);
  });

  it('resumes after being killed mid-epoch and reaches the uninterrupted weights', async () => {
    const args = [...torchrunArgs(2), ...train('killed', '--checkpoint-every', '1', '--log-every', '1')];
    const { killedAfter } = await runPythonUntil(args, /teacher-recognizer epoch 2\/2 step 2\//);
    expect(killedAfter).toContain('epoch 2/2 step 2/');
    const killed = path.join(tmp.dir, 'killed');
    expect(existsSync(path.join(killed, 'teacher')), 'no teacher folder from the killed run').toBe(false);
    expect(readdirSync(path.join(killed, 'checkpoints'))).toContain('teacher-recognizer.ckpt');
    const resumed = runPython(args);
    expect(resumed.status, resumed.stderr + resumed.stdout).toBe(0);
    const at = /teacher-recognizer: resuming at epoch (\d+), step (\d+)/.exec(resumed.stdout);
    expect(at, resumed.stdout).not.toBeNull();
    // Mid-epoch: the kill came during the second epoch, after its first steps were checkpointed.
    expect(Number(at![1])).toBe(2);
    expect(Number(at![2])).toBeGreaterThan(1);
    for (const file of MODEL_FILES) {
      const { diff } = maxWeightDiff(path.join(tmp.dir, 'two', file), path.join(killed, file));
      expect(diff, file).toBeLessThan(1e-6);
    }
    const progress = readFileSync(path.join(killed, 'progress.jsonl'), 'utf8');
    expect(progress).toContain('"stage": "student"');
  }, 300_000);

  it('refuses a damaged bundle naming the file and line, and writes nothing', () => {
    const bad = path.join(tmp.dir, 'bad');
    tinyBundle(bad);
    const source = path.join(bad, 'data', 'source.jsonl');
    const lines = readFileSync(source, 'utf8').split('\n');
    lines[2] = '{"id": 2, "tokens": ["John", ""], "ner_tags": [5, 0]}';
    writeFileSync(source, lines.join('\n'));
    const r = runPython([path.join(bad, 'train.py'), bad, '--out', path.join(tmp.dir, 'bad-run')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${source}:3: token 2 is empty`);
    expect(existsSync(path.join(tmp.dir, 'bad-run'))).toBe(false);
  });
});
