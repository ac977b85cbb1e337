// The tensor-leak check every model test makes: the number of live tensors is the same after the
// work as before it (docs/ARCHITECTURE.md, "No tensor leaks").

import { expect } from 'vitest';
import { getTf } from '../../src-main/core/ml/index.js';

/** Runs `work` and fails the test if it leaves tensors behind; returns what `work` returned. */
export async function expectNoLeak<T>(work: () => T | Promise<T>): Promise<T> {
  const tf = getTf();
  const before = tf.memory().numTensors;
  const result = await work();
  expect(tf.memory().numTensors, 'live tensors after the work').toBe(before);
  return result;
}
