// Named trainable variables with seeded initialisation, and their float32 values as plain arrays
// for checkpoints and the model file.

import type { Rng } from './rng.js';
import type { Tf, Variable } from './tf-types.js';

export type Init = 'glorot' | 'zeros' | 'ones' | { normal: number } | { uniform: number } | { values: Float32Array };

export interface ParamValues {
  shapes: Record<string, number[]>;
  values: Record<string, Float32Array>;
}

export class Params {
  private readonly vars = new Map<string, Variable>();

  constructor(private readonly tf: Tf) {}

  /** Creates a variable. Glorot-uniform draws from `rng` in row-major order. */
  add(name: string, shape: number[], init: Init, rng: Rng): Variable {
    if (this.vars.has(name)) throw new Error(`parameter ${name} defined twice`);
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (init === 'ones') data.fill(1);
    else if (init === 'glorot') {
      const fanIn = shape.length > 1 ? shape[shape.length - 2]! : shape[0]!;
      const fanOut = shape[shape.length - 1]!;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) data[i] = (rng.next() * 2 - 1) * limit;
    } else if (typeof init === 'object' && 'normal' in init) {
      for (let i = 0; i < size; i++) data[i] = rng.normal() * init.normal;
    } else if (typeof init === 'object' && 'uniform' in init) {
      for (let i = 0; i < size; i++) data[i] = (rng.next() * 2 - 1) * init.uniform;
    } else if (typeof init === 'object' && 'values' in init) {
      if (init.values.length !== size) throw new Error(`parameter ${name}: ${init.values.length} initial values for ${size}`);
      data.set(init.values);
    }
    const v = this.tf.tidy(() => this.tf.variable(this.tf.tensor(data, shape), true, `${name}_${uniqueSuffix()}`));
    this.vars.set(name, v);
    return v;
  }

  get(name: string): Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`unknown parameter ${name}`);
    return v;
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  names(): string[] {
    return [...this.vars.keys()].sort();
  }

  list(): Variable[] {
    return this.names().map((n) => this.vars.get(n)!);
  }

  count(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  read(): ParamValues {
    const shapes: Record<string, number[]> = {};
    const values: Record<string, Float32Array> = {};
    for (const name of this.names()) {
      const v = this.vars.get(name)!;
      shapes[name] = [...v.shape];
      values[name] = Float32Array.from(v.dataSync() as Float32Array);
    }
    return { shapes, values };
  }

  /** Overwrites values; every name must exist with the same size. */
  write(values: Record<string, Float32Array>, opts: { prefix?: string; allowMissing?: boolean } = {}): void {
    const prefix = opts.prefix ?? '';
    for (const name of this.names()) {
      const data = values[prefix + name];
      const v = this.vars.get(name)!;
      if (!data) {
        if (opts.allowMissing) continue;
        throw new Error(`no value for parameter ${prefix + name}`);
      }
      if (data.length !== v.size) throw new Error(`parameter ${prefix + name} has ${data.length} values, expected ${v.size}`);
      this.tf.tidy(() => v.assign(this.tf.tensor(data, v.shape)));
    }
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

let counter = 0;
function uniqueSuffix(): number {
  counter += 1;
  return counter;
}
