// Adam with global-norm gradient clipping. Its state (step count and both moment estimates) is
// plain data so a checkpoint can restore it exactly; tf.train.adam keeps part of it private.

import type { NamedTensorMap, Tensor, Tf, Variable } from '../runtime/tf-types.js';

export interface AdamConfig {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Clip the global gradient norm to this value; 0 disables clipping. */
  clipNorm: number;
}

export const ADAM_DEFAULTS: AdamConfig = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, clipNorm: 5 };

export interface AdamState {
  step: number;
  m: Record<string, Float32Array>;
  v: Record<string, Float32Array>;
}

export class Adam {
  step = 0;
  private readonly m = new Map<string, Variable>();
  private readonly v = new Map<string, Variable>();

  constructor(
    private readonly tf: Tf,
    private readonly vars: ReadonlyMap<string, Variable>,
    readonly config: AdamConfig,
  ) {
    for (const [name, variable] of vars) {
      this.m.set(
        name,
        tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
      );
      this.v.set(
        name,
        tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
      );
    }
  }

  /** Applies one update from gradients keyed by tf variable name (as tf.variableGrads returns). */
  apply(grads: NamedTensorMap, lr: number): void {
    const tf = this.tf;
    const c = this.config;
    this.step += 1;
    const t = this.step;
    tf.tidy(() => {
      const pairs: [string, Variable, Tensor][] = [];
      for (const [name, variable] of this.vars) {
        const g = grads[variable.name];
        if (g) pairs.push([name, variable, g]);
      }
      let scale: Tensor | null = null;
      if (c.clipNorm > 0) {
        const norm = tf.sqrt(tf.addN(pairs.map(([, , g]) => tf.sum(tf.square(g)))));
        scale = tf.div(c.clipNorm, tf.maximum(norm, c.clipNorm));
      }
      const stepSize = (lr * Math.sqrt(1 - c.beta2 ** t)) / (1 - c.beta1 ** t);
      for (const [name, variable, g0] of pairs) {
        const g = scale ? tf.mul(g0, scale) : g0;
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(tf.add(tf.mul(m, c.beta1), tf.mul(g, 1 - c.beta1)));
        v.assign(tf.add(tf.mul(v, c.beta2), tf.mul(tf.square(g), 1 - c.beta2)));
        variable.assign(tf.sub(variable, tf.mul(tf.div(m, tf.add(tf.sqrt(v), c.eps)), stepSize)));
      }
    });
  }

  async state(): Promise<AdamState> {
    const m: Record<string, Float32Array> = {};
    const v: Record<string, Float32Array> = {};
    for (const name of this.vars.keys()) {
      m[name] = Float32Array.from((await this.m.get(name)!.data()) as Float32Array);
      v[name] = Float32Array.from((await this.v.get(name)!.data()) as Float32Array);
    }
    return { step: this.step, m, v };
  }

  load(state: AdamState): void {
    const tf = this.tf;
    this.step = state.step;
    for (const [name, variable] of this.vars) {
      const m = state.m[name];
      const v = state.v[name];
      if (!m || !v || m.length !== variable.size || v.length !== variable.size) {
        throw new Error(`optimizer state for ${name} is missing or has the wrong size`);
      }
      tf.tidy(() => {
        this.m.get(name)!.assign(tf.tensor(m, variable.shape));
        this.v.get(name)!.assign(tf.tensor(v, variable.shape));
      });
    }
  }

  dispose(): void {
    for (const x of this.m.values()) x.dispose();
    for (const x of this.v.values()) x.dispose();
    this.m.clear();
    this.v.clear();
  }
}
