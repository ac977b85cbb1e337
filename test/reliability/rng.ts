// A seeded generator for every reliability harness, so a failing run can be replayed exactly from
// the seed it prints. mulberry32: tiny, fast and well spread for test-case generation (not crypto).

export class Rng {
  private a: number;

  constructor(readonly seed: number) {
    this.a = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: no items');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    return entries[entries.length - 1]![0];
  }

  /** A new generator derived from this one, for an independent stream (one per case). */
  fork(): Rng {
    return new Rng(this.int(0, 2 ** 31 - 1));
  }
}

/** The seed from CROSSTAG_SEED when set (to replay a failure), else a fresh one. */
export function seedFromEnv(fallback?: number): number {
  const raw = process.env['CROSSTAG_SEED'];
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`CROSSTAG_SEED must be a non-negative integer, not ${raw}`);
    return n;
  }
  return fallback ?? Math.floor(Math.random() * 2 ** 31);
}
