// Named trainable variables with seeded initialisation.

import type { Rng } from './rng.js';
import type { Tf, Variable } from './tf-types.js';

export type Init = 'glorot' | 'zeros' | 'ones' | { normal: number } | { uniform: number } | { values: Float32Array };

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

  names(): string[] {
    return [...this.vars.keys()].sort();
  }

  count(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
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
