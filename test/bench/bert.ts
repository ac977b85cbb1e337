// BERT-base-sized speed on this machine's best TensorFlow.js backend: forward and forward+backward
// sentences/s at 64 word pieces per sentence, and peak memory (process RSS, tf.memory().numBytes).
// The model has mBERT's shape (12 layers, hidden 768, 12 heads, intermediate 3072, 512 positions,
// vocabulary 119547) with random weights (BERT's N(0, 0.02) init), built from a config.json and a
// synthetic vocab.txt in a temporary folder. CROSSTAG_BENCH_BERT_VOCAB caps the vocabulary for
// smaller machines; CROSSTAG_BENCH_BERT_BATCH (sentences per batch, default 4) and
// CROSSTAG_BENCH_BERT_STEPS (timed batches, default 2) size the run: on 2 wasm cores one
// forward+backward batch takes tens of seconds. On wasm everything lives in one heap of at most
// 4 GB; batches of 8 sentences of 64 pieces already exceed it during the backward pass.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BERT } from '../../src-main/core/ml/encoders/bert/index.js';
import { PretrainedEncoder } from '../../src-main/core/ml/encoders/pretrained/encoder.js';
import type { WindowBatch } from '../../src-main/core/ml/encoders/pretrained/network.js';
import { getTf, initBackend } from '../../src-main/core/ml/index.js';
import { Rng } from '../../src-main/core/ml/runtime/rng.js';
import type { Tensor } from '../../src-main/core/ml/runtime/tf-types.js';
import type { Bench, Figures } from './lib/harness.js';
import { round, sharedDataDir } from './lib/harness.js';

const MBERT_VOCAB = 119_547;
const VOCAB = Number(process.env['CROSSTAG_BENCH_BERT_VOCAB'] ?? MBERT_VOCAB);
const BATCH = Number(process.env['CROSSTAG_BENCH_BERT_BATCH'] ?? 4);
const STEPS = Number(process.env['CROSSTAG_BENCH_BERT_STEPS'] ?? 2);
const LENGTH = 64;

const MBERT_CONFIG = {
  model_type: 'bert',
  architectures: ['BertForMaskedLM'],
  vocab_size: VOCAB,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  hidden_act: 'gelu',
  hidden_dropout_prob: 0.1,
  attention_probs_dropout_prob: 0.1,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  initializer_range: 0.02,
  layer_norm_eps: 1e-12,
};

function mb(bytes: number): number {
  return round(bytes / 2 ** 20, 0);
}

function windows(rng: Rng, padId: number, special: { cls: number; sep: number }): WindowBatch {
  const ids = new Int32Array(BATCH * LENGTH).fill(padId);
  for (let b = 0; b < BATCH; b++) {
    ids[b * LENGTH] = special.cls;
    for (let p = 1; p < LENGTH - 1; p++) ids[b * LENGTH + p] = 5 + rng.int(VOCAB - 5);
    ids[b * LENGTH + LENGTH - 1] = special.sep;
  }
  return { count: BATCH, length: LENGTH, lengths: new Array<number>(BATCH).fill(LENGTH), ids };
}

export const bench: Bench = {
  description: 'BERT-base (mBERT shape, random weights) forward and forward+backward sentences/s at 64 pieces, peak memory',
  async run(ctx) {
    const report = await initBackend();
    const tf = getTf();
    ctx.log(`backend ${report.chosen} (${report.reason})`);
    const dir = mkdtempSync(join(tmpdir(), 'crosstag-bench-bert-'));
    let peakTf = 0;
    const sample = () => {
      peakTf = Math.max(peakTf, tf.memory().numBytes);
    };
    try {
      writeFileSync(join(dir, 'config.json'), JSON.stringify(MBERT_CONFIG));
      const pieces = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
      for (let i = pieces.length; i < VOCAB; i++) pieces.push(`p${i}`);
      writeFileSync(join(dir, 'vocab.txt'), `${pieces.join('\n')}\n`);
      const t0 = performance.now();
      const encoder = new PretrainedEncoder(
        tf,
        BERT,
        { kind: 'bert', dir, init: 'random' },
        { words: ['<pad>', '<unk>'], chars: ['<pad>', '<unk>'] },
        new Rng(1),
      );
      const initSec = (performance.now() - t0) / 1000;
      const params = encoder.params.count();
      ctx.log(
        `model: ${(params / 1e6).toFixed(1)}M parameters (vocabulary ${VOCAB}${VOCAB < MBERT_VOCAB ? `, capped from ${MBERT_VOCAB}` : ''}), random init in ${initSec.toFixed(1)} s`,
      );
      sample();
      const rng = new Rng(2);
      const input = windows(rng, encoder.padId, { cls: encoder.tokenizer.prefix[0]!, sep: encoder.tokenizer.suffix[0]! });
      const vars = encoder.params.names().map((n) => encoder.params.get(n));

      const forward = () => {
        const h = tf.tidy(() => encoder.hidden(input, null));
        sample();
        h.dataSync();
        h.dispose();
      };
      const train = () => {
        // Dropout on, as in fine-tuning; the loss is a stand-in that reaches every weight.
        const { value, grads } = tf.variableGrads(
          () => tf.mean(tf.square(encoder.hidden(input, rng))) as ReturnType<typeof tf.scalar>,
          vars,
        );
        sample();
        value.dataSync();
        value.dispose();
        tf.dispose(Object.values(grads) as Tensor[]);
      };
      const time = (fn: () => void): number => {
        fn();
        const t = performance.now();
        for (let i = 0; i < STEPS; i++) fn();
        return (performance.now() - t) / 1000 / STEPS;
      };
      const before = tf.memory().numTensors;
      const fwdSec = time(forward);
      ctx.log(`  forward: ${fwdSec.toFixed(2)} s per batch of ${BATCH} x ${LENGTH} pieces = ${(BATCH / fwdSec).toFixed(2)} sentences/s`);
      const trainSec = time(train);
      ctx.log(
        `  forward+backward: ${trainSec.toFixed(2)} s per batch = ${(BATCH / trainSec).toFixed(2)} sentences/s (${(trainSec / fwdSec).toFixed(2)}x a forward pass)`,
      );
      const leaked = tf.memory().numTensors - before;
      // The true peak lies inside the backward pass; one profiled step records it.
      const profile = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(
          () => tf.mean(tf.square(encoder.hidden(input, rng))) as ReturnType<typeof tf.scalar>,
          vars,
        );
        tf.dispose([value, ...(Object.values(grads) as Tensor[])]);
      });
      peakTf = Math.max(peakTf, profile.peakBytes);
      encoder.params.dispose();
      const rss = process.resourceUsage().maxRSS * 1024;
      ctx.log(`  peak memory: process RSS ${mb(rss)} MB, tf.memory().numBytes ${mb(peakTf)} MB; tensors left over: ${leaked}`);
      const figures: Figures = {
        bert_backend: report.chosen,
        bert_vocab: VOCAB,
        bert_params_m: round(params / 1e6, 1),
        bert_forward_sent_s: round(BATCH / fwdSec, 2),
        bert_train_sent_s: round(BATCH / trainSec, 2),
        bert_forward_tok_s: round((BATCH * LENGTH) / fwdSec, 0),
        bert_train_tok_s: round((BATCH * LENGTH) / trainSec, 0),
        bert_peak_rss_mb: mb(rss),
        bert_peak_tf_mb: mb(peakTf),
      };
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

// `npx tsx test/bench/bert.ts` runs this bench alone, as `npm run bench -- --json bert` does.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await bench.run({ log: (line) => console.log(line), dataDir: sharedDataDir() });
  console.log(JSON.stringify(figures));
}
