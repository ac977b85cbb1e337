import { describe, expect, it } from 'vitest';
import { bucketBatches, tokenBatches } from '../../../../../src-main/core/ml/data/batching.js';
import { Rng } from '../../../../../src-main/core/ml/runtime/rng.js';

describe('batching', () => {
  const lengths = Array.from({ length: 500 }, (_, i) => 1 + ((i * 37) % 60));

  it('covers every sentence once, in batches of similar length, reproducibly', () => {
    const batches = bucketBatches(lengths, 32, new Rng(4));
    expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    expect(batches.every((b) => b.length <= 32)).toBe(true);
    const spread = batches.map((b) => Math.max(...b.map((i) => lengths[i]!)) - Math.min(...b.map((i) => lengths[i]!)));
    expect(Math.max(...spread)).toBeLessThan(10);
    expect(bucketBatches(lengths, 32, new Rng(4))).toEqual(batches);
    expect(bucketBatches(lengths, 32, new Rng(5))).not.toEqual(batches);
  });

  it('keeps a batch of long sentences under the padded-token budget', () => {
    const long = [...lengths, 1238, 900, 700, 400];
    const batches = bucketBatches(long, 32, new Rng(1), 2048);
    for (const b of batches)
      expect(b.length * Math.max(...b.map((i) => long[i]!))).toBeLessThanOrEqual(Math.max(2048, ...b.map((i) => long[i]!)));
    expect(batches.find((b) => b.includes(500))).toEqual([500]);
  });

  it('inference batches are length-sorted and bounded by padded tokens', () => {
    const batches = tokenBatches([5, 100, 3, 400, 50], 200);
    expect(batches).toEqual([[2, 0, 4], [1], [3]]);
  });
});
