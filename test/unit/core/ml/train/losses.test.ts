import { beforeAll, describe, expect, it } from 'vitest';
import { getTf, initBackend } from '../../../../../src-main/core/ml/index.js';
import { crossEntropy, kdLoss, mtmtPairLoss, pairLoss, type MtmtWeights } from '../../../../../src-main/core/ml/train/losses.js';
import type { Tensor2D } from '../../../../../src-main/core/ml/runtime/tf-types.js';
import { expectNoLeak } from '../../../../support/leaks.js';

beforeAll(async () => {
  await initBackend();
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const cos = (a: number[], b: number[]) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
const mse = (a: number[], b: number[]) => a.reduce((s, x, i) => s + (x - b[i]!) ** 2, 0) / a.length;
const bce = (p: number, y: number) => -(y * Math.log(p) + (1 - y) * Math.log(1 - p));

// Sentence A has 3 tokens, sentence B has 2: the loss must range over all 3 x 2 token pairs.
const pSA = [
  [0.7, 0.2, 0.1],
  [0.1, 0.8, 0.1],
  [0.3, 0.3, 0.4],
];
const pSB = [
  [0.6, 0.3, 0.1],
  [0.2, 0.2, 0.6],
];
const pTA = [
  [0.9, 0.05, 0.05],
  [0.2, 0.7, 0.1],
  [0.4, 0.4, 0.2],
];
const pTB = [
  [0.5, 0.4, 0.1],
  [0.1, 0.1, 0.8],
];
const hSA = [
  [1, 0, 2, 0],
  [0, 1, 1, 1],
  [2, 1, 0, -1],
];
const hSB = [
  [1, 1, 0, 0],
  [-1, 0, 1, 2],
];
const sT = [
  [0.8, 0.3],
  [0.6, 0.45],
  [0.2, 0.7],
];

/** The formula of docs/ARCHITECTURE.md ("The MTMT losses"), written out as a double loop over token pairs (i, j). */
function reference(w: MtmtWeights, studentA = pSA): number {
  let total = 0;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 2; j++) {
      const s = sT[i]![j]!;
      const alphaI = w.alpha ? Math.max(...pTA[i]!) ** 2 : 1;
      const alphaJ = w.alpha ? Math.max(...pTB[j]!) ** 2 : 1;
      const beta = w.beta ? Math.min(1, (2 * s - 1) ** 2 + 0.5) : 1;
      const gamma = w.gamma ? 1 - Math.abs(sigmoid(cos(pTA[i]!, pTB[j]!)) - s) : 1;
      const sS = sigmoid(cos(hSA[i]!, hSB[j]!));
      total += gamma * (alphaI * mse(studentA[i]!, pTA[i]!) + alphaJ * mse(pSB[j]!, pTB[j]!) + beta * bce(sS, s));
    }
  }
  return total;
}

function computed(
  w: MtmtWeights,
  studentA = pSA,
  mask = [
    [1, 1],
    [1, 1],
    [1, 1],
  ],
): number {
  const tf = getTf();
  return tf.tidy(
    () =>
      mtmtPairLoss(
        tf,
        {
          pSA: tf.tensor2d(studentA),
          pSB: tf.tensor2d(pSB),
          pTA: tf.tensor2d(pTA),
          pTB: tf.tensor2d(pTB),
          hSA: tf.tensor2d(hSA),
          hSB: tf.tensor2d(hSB),
          sT: tf.tensor2d(sT),
          mask: tf.tensor2d(mask),
        },
        w,
      ).dataSync()[0]!,
  );
}

describe('MTMT student loss', () => {
  const combos: MtmtWeights[] = [
    { alpha: true, beta: true, gamma: true },
    { alpha: false, beta: true, gamma: true },
    { alpha: true, beta: false, gamma: true },
    { alpha: true, beta: true, gamma: false },
    { alpha: false, beta: false, gamma: false },
  ];

  it.each(combos)('matches the hand-computed double loop over token pairs (%o)', async (w) => {
    await expectNoLeak(async () => {
      expect(computed(w)).toBeCloseTo(reference(w), 4);
    });
  });

  it('switching a weight off changes the value (each weight is really applied)', () => {
    const all = computed(combos[0]!);
    for (const w of combos.slice(1)) expect(Math.abs(computed(w) - all)).toBeGreaterThan(1e-4);
  });

  it('takes α from the teacher: a student whose confidence differs leaves α unchanged', () => {
    // A student that is far more confident on token 0 of A: with α from the teacher, the result
    // is still the reference with the teacher's α; with α from the student it would differ.
    const confident = [[0.98, 0.01, 0.01], pSA[1]!, pSA[2]!];
    const w = { alpha: true, beta: false, gamma: false };
    expect(computed(w, confident)).toBeCloseTo(reference(w, confident), 4);
    let studentAlpha = 0;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 2; j++) {
        studentAlpha += Math.max(...confident[i]!) ** 2 * mse(confident[i]!, pTA[i]!) + Math.max(...pSB[j]!) ** 2 * mse(pSB[j]!, pTB[j]!);
        studentAlpha += bce(sigmoid(cos(hSA[i]!, hSB[j]!)), sT[i]![j]!);
      }
    }
    expect(Math.abs(computed(w, confident) - studentAlpha)).toBeGreaterThan(1e-3);
  });

  it('compares token pairs, not equal positions: masking pair (2, 0) removes exactly its term', () => {
    const w = combos[0]!;
    const s = sT[2]![0]!;
    const term =
      (1 - Math.abs(sigmoid(cos(pTA[2]!, pTB[0]!)) - s)) *
      (Math.max(...pTA[2]!) ** 2 * mse(pSA[2]!, pTA[2]!) +
        Math.max(...pTB[0]!) ** 2 * mse(pSB[0]!, pTB[0]!) +
        Math.min(1, (2 * s - 1) ** 2 + 0.5) * bce(sigmoid(cos(hSA[2]!, hSB[0]!)), s));
    const masked = computed(w, pSA, [
      [1, 1],
      [1, 1],
      [0, 1],
    ]);
    expect(masked).toBeCloseTo(reference(w) - term, 4);
  });
});

describe('other losses', () => {
  it('cross-entropy applies softmax once, to raw logits (no double softmax)', () => {
    const tf = getTf();
    const logits = [
      [2, 0.5, -1],
      [0, 3, 1],
    ];
    const target = [
      [1, 0, 0],
      [0, 0, 1],
    ];
    const logSoftmax = (r: number[]) => r.map((x) => x - Math.log(r.reduce((s, v) => s + Math.exp(v), 0)));
    const once = -(logSoftmax(logits[0]!)[0]! + logSoftmax(logits[1]!)[2]!) / 2;
    const softmax = (r: number[]) => logSoftmax(r).map(Math.exp);
    const twice = -(logSoftmax(softmax(logits[0]!))[0]! + logSoftmax(softmax(logits[1]!))[2]!) / 2;
    const value = tf.tidy(() => crossEntropy(tf, tf.tensor2d(logits), tf.tensor2d(target), 2).dataSync()[0]!);
    expect(value).toBeCloseTo(once, 5);
    expect(Math.abs(value - twice)).toBeGreaterThan(0.1);
  });

  it('the evaluator loss is BCE of sigmoid(cos) over row pairs', () => {
    const tf = getTf();
    const a = [
      [1, 2, 0],
      [0, 1, 1],
    ];
    const b = [
      [1, 2, 0.5],
      [1, -1, 0],
    ];
    const y = [1, 0];
    const expected = (bce(sigmoid(cos(a[0]!, b[0]!)), 1) + bce(sigmoid(cos(a[1]!, b[1]!)), 0)) / 2;
    const value = tf.tidy(() => pairLoss(tf, tf.tensor2d(a), tf.tensor2d(b), tf.tensor1d(y)).dataSync()[0]!);
    expect(value).toBeCloseTo(expected, 5);
  });

  it('plain KD: MSE and KL(p_T || p_S) averaged over unmasked tokens', () => {
    const tf = getTf();
    const logits = [
      [1, 0, 0],
      [0, 2, 0],
      [5, 5, 5],
    ];
    const pT = [
      [0.6, 0.3, 0.1],
      [0.1, 0.8, 0.1],
      [0.2, 0.2, 0.6],
    ];
    const softmax = (r: number[]) => {
      const e = r.map(Math.exp);
      const s = e.reduce((x, v) => x + v, 0);
      return e.map((v) => v / s);
    };
    const pS = logits.map(softmax);
    const expMse = (mse(pS[0]!, pT[0]!) + mse(pS[1]!, pT[1]!)) / 2;
    const kl = (p: number[], q: number[]) => p.reduce((s, x, k) => s + x * Math.log(x / q[k]!), 0);
    const expKl = (kl(pT[0]!, pS[0]!) + kl(pT[1]!, pS[1]!)) / 2;
    const run = (kind: 'mse' | 'kl') =>
      tf.tidy(() => kdLoss(tf, kind, tf.tensor2d(logits) as Tensor2D, tf.tensor2d(pT), tf.tensor1d([1, 1, 0]), 2).dataSync()[0]!);
    expect(run('mse')).toBeCloseTo(expMse, 5);
    expect(run('kl')).toBeCloseTo(expKl, 5);
  });
});
