// Loss parity across engines: the PyTorch trainer (resources/trainer) and Crosstag's own
// TensorFlow.js engine train the same bundle from the same tiny checkpoint (BERT, XLM-R, DistilBERT)
// and seed, with dropout off; every step's recognizer, evaluator and student loss must agree within 1e-4. The
// batch plans, pair samples, code-switched words and the initial head come from the same
// generators on both sides, so this compares the whole trajectory, not one batch.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { distillStudent, initBackend, trainTeacher, type NerModel, type Progress } from '../../../src-main/core/ml/index.js';
import { SafetensorsFile } from '../../../src-main/core/ml/io/safetensors.js';
import { expectNoLeak } from '../../support/leaks.js';
import { tempDir } from '../../support/ml.js';
import { describeWithTorch } from '../../support/with-torch.js';
import { runPython } from '../../support/python.js';
import { CONFIG, DEV, DICTIONARY, editRun, LINKS, progressOf, TARGET, tinyBundle, TRAIN } from './helpers.js';

const TOLERANCE = 1e-4;
const PRETRAINED = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'pretrained');

const ENCODERS = [
  { name: 'BERT', encoder: CONFIG.encoder, family: 'bert' },
  { name: 'XLM-R', encoder: `xlm-roberta:${path.join(PRETRAINED, 'xlm-roberta')}`, family: 'xlm-roberta' },
  { name: 'DistilBERT', encoder: `distilbert:${path.join(PRETRAINED, 'distilbert')}`, family: 'distilbert' },
];

describeWithTorch('PyTorch trainer against the TensorFlow.js engine', () => {
  const tmp = tempDir('crosstag-parity-');

  beforeAll(async () => {
    await initBackend();
  });
  afterAll(() => tmp.cleanup());

  it.each(ENCODERS)(
    '$name: every step of the recognizer, the evaluator and the student has the same loss, from the same initial head',
    async ({ name, encoder: given, family }) => {
      const bundle = path.join(tmp.dir, family, 'bundle');
      const run = path.join(tmp.dir, family, 'run');
      tinyBundle(bundle, `${given}#dropout=0`);
      editRun(bundle, (r) => {
        r['teacher']!['headDropout'] = 0;
      });
      const steps: Progress[] = [];
      const onProgress = (p: Progress) => steps.push(p);
      const common = { dev: DEV, batchSize: 4, seed: 1, onProgress };
      let teacherHead: Float32Array | null = null;
      await expectNoLeak(async () => {
        let teacher: NerModel | null = null;
        let student: NerModel | null = null;
        try {
          const encoder = `${family}:${path.join(bundle, 'encoder')}#dropout=0`;
          teacher = await trainTeacher({
            ...common,
            train: TRAIN,
            selectOn: 'target-dev',
            links: LINKS,
            encoder,
            epochs: 2,
            evaluatorEpochs: 1,
            headDropout: 0,
            codeSwitch: { dictionary: DICTIONARY, p: 0.5 },
          });
          teacherHead = Float32Array.from(teacher.recognizer.head.get('w').dataSync() as Float32Array);
          student = await distillStudent({ ...common, teacher, target: TARGET, epochs: 2, types: { gazetteer: TRAIN } });
        } finally {
          teacher?.dispose();
          student?.dispose();
        }
      });

      const py = runPython([path.join(bundle, 'train.py'), bundle, '--out', run]);
      expect(py.status, py.stderr + py.stdout).toBe(0);
      const records = progressOf(run);
      const compared = new Map<string, number>();
      let worst = 0;
      for (const p of steps) {
        // The engine reports an epoch's last step as the epoch's mean loss; the trainer records both.
        const last = p.step === p.steps;
        const r = records.find((e) => e.stage === p.stage && e.epoch === p.epoch && (last ? e.end === true : e.step === p.step && !e.end));
        expect(r, `${p.stage} epoch ${p.epoch} step ${p.step}`).toBeDefined();
        worst = Math.max(worst, Math.abs(r!.loss - p.loss));
        expect(Math.abs(r!.loss - p.loss), `${p.stage} epoch ${p.epoch} step ${p.step}: ${p.loss} vs ${r!.loss}`).toBeLessThan(TOLERANCE);
        compared.set(p.stage, (compared.get(p.stage) ?? 0) + 1);
      }
      // 6 recognizer steps x 2 epochs, 7 evaluator steps (6 labelled batches and the links), 4 student steps x 2.
      expect(Object.fromEntries(compared)).toEqual({ 'teacher-recognizer': 12, 'teacher-evaluator': 7, student: 8 });
      console.info(`${name}: largest loss difference between the engines over ${steps.length} steps: ${worst.toExponential(2)}`);

      // The selected teacher's classifier ends where the engine's head ends ([labels x hidden] = w transposed).
      const st = SafetensorsFile.open(path.join(run, 'teacher', 'model.safetensors'));
      try {
        const [K, H] = st.get('classifier.weight')!.shape as [number, number];
        const w = st.readFloat32('classifier.weight');
        let diff = 0;
        for (let h = 0; h < H; h++) for (let k = 0; k < K; k++) diff = Math.max(diff, Math.abs(w[k * H + h]! - teacherHead![h * K + k]!));
        expect(diff).toBeLessThan(1e-4);
      } finally {
        st.close();
      }
      const summary = JSON.parse(readFileSync(path.join(run, 'summary.json'), 'utf8')) as { stages: { stage: string }[] };
      expect(summary.stages.map((s) => s.stage)).toEqual(['teacher-recognizer', 'teacher-evaluator', 'student']);
    },
    120_000,
  );
});
