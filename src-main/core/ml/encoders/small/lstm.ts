// A bidirectional LSTM as one fused op per direction. The recurrence is written with a
// hand-derived backward pass: autograd over T unrolled steps would record about 25 small kernels
// per step and a dense pad per sliced gate, while this backward needs 9 elementwise kernels and one
// 2-D product per step, and computes the recurrent weight gradient in a single product at the end.
//
// Sequences are laid out time-major for the recurrence. The backward direction reads each
// sentence reversed within its own length, so padding always comes after the real tokens and the
// recurrence never needs a mask.

import { customOp, dense, gatherRows } from '../../runtime/ops.js';
import type { Params } from '../../runtime/params.js';
import type { Rng } from '../../runtime/rng.js';
import type { Tensor2D, Tf } from '../../runtime/tf-types.js';

/** Runs an LSTM over zx (input projections, time-major [T*B, 4H], gate order i,f,o,g). */
export function lstmSequence(tf: Tf, zx: Tensor2D, wh: Tensor2D, T: number, B: number): Tensor2D {
  const H = wh.shape[0];
  const op = customOp(tf, ([zIn, whIn], save) => {
    const zs = tf.split(zIn as Tensor2D, T, 0);
    let h: Tensor2D = tf.zeros([B, H]);
    let c: Tensor2D = tf.zeros([B, H]);
    const ifos: Tensor2D[] = [];
    const gs: Tensor2D[] = [];
    const cs: Tensor2D[] = [];
    const tcs: Tensor2D[] = [];
    const hs: Tensor2D[] = [];
    for (let t = 0; t < T; t++) {
      const z = tf.add(zs[t]!, tf.matMul(h, whIn as Tensor2D)) as Tensor2D;
      const ifo = tf.sigmoid(tf.slice(z, [0, 0], [B, 3 * H]));
      const g = tf.tanh(tf.slice(z, [0, 3 * H], [B, H]));
      const [i, f, o] = tf.split(ifo, 3, 1) as [Tensor2D, Tensor2D, Tensor2D];
      c = tf.add(tf.mul(f, c), tf.mul(i, g));
      const tc = tf.tanh(c);
      h = tf.mul(o, tc);
      ifos.push(ifo);
      gs.push(g);
      cs.push(c);
      tcs.push(tc);
      hs.push(h);
    }
    const out = tf.concat(hs, 0);
    save([tf.concat(ifos, 0), tf.concat(gs, 0), tf.concat(cs, 0), tf.concat(tcs, 0), out, whIn!]);
    return {
      value: out,
      gradFunc: (dy, saved) => {
        const [IFO, G, C, TC, HS, W] = saved as Tensor2D[];
        const [I, F, O] = tf.split(IFO!, 3, 1) as [Tensor2D, Tensor2D, Tensor2D];
        const cPrev = tf.concat([tf.zeros([B, H]), tf.slice(C!, [0, 0], [(T - 1) * B, H])], 0);
        const hPrev = tf.concat([tf.zeros([B, H]), tf.slice(HS!, [0, 0], [(T - 1) * B, H])], 0);
        // d[i,f,o] = [dc*g, dc*c_prev, dh*tanh(c)] * ifo*(1-ifo)
        const kd = tf.mul(tf.concat([G!, cPrev, TC!], 1), tf.mul(IFO!, tf.sub(1, IFO!)));
        const odtc = tf.mul(O, tf.sub(1, tf.square(TC!)));
        const ig1 = tf.mul(I, tf.sub(1, tf.square(G!)));
        const whT = tf.transpose(W!);
        const kds = tf.split(kd, T, 0);
        const odtcs = tf.split(odtc, T, 0);
        const ig1s = tf.split(ig1, T, 0);
        const fs = tf.split(F, T, 0);
        const dys = tf.split(dy as Tensor2D, T, 0);
        const dzs: Tensor2D[] = new Array<Tensor2D>(T);
        let dh: Tensor2D | null = null;
        let dc: Tensor2D | null = null;
        for (let t = T - 1; t >= 0; t--) {
          const dht = (dh ? tf.add(dys[t]!, dh) : dys[t]!) as Tensor2D;
          const dct = (dc ? tf.add(dc, tf.mul(dht, odtcs[t]!)) : tf.mul(dht, odtcs[t]!)) as Tensor2D;
          const difo = tf.mul(tf.concat([dct, dct, dht], 1), kds[t]!) as Tensor2D;
          const dz = tf.concat([difo, tf.mul(dct, ig1s[t]!) as Tensor2D], 1);
          dzs[t] = dz;
          dh = tf.matMul(dz, whT as Tensor2D) as Tensor2D;
          dc = tf.mul(dct, fs[t]!) as Tensor2D;
        }
        const dZ = tf.concat(dzs, 0);
        return [dZ, tf.matMul(tf.transpose(hPrev), dZ)];
      },
    };
  });
  return op(zx, wh) as Tensor2D;
}

/** Gather indices between batch-major rows (b*T+t) and time-major rows (t*B+b). */
export function directionIndices(
  lengths: readonly number[],
  T: number,
): { fwdIn: Int32Array; bwdIn: Int32Array; fwdOut: Int32Array; bwdOut: Int32Array } {
  const B = lengths.length;
  const fwdIn = new Int32Array(B * T);
  const bwdIn = new Int32Array(B * T);
  const fwdOut = new Int32Array(B * T);
  const bwdOut = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    const len = lengths[b]!;
    for (let t = 0; t < T; t++) {
      const rev = t < len ? len - 1 - t : t;
      fwdIn[t * B + b] = b * T + t;
      bwdIn[t * B + b] = b * T + rev;
      fwdOut[b * T + t] = t * B + b;
      bwdOut[b * T + t] = rev * B + b;
    }
  }
  return { fwdIn, bwdIn, fwdOut, bwdOut };
}

export function addBiLstmParams(params: Params, prefix: string, inDim: number, hidden: number, rng: Rng): void {
  params.add(`${prefix}/wx`, [inDim, 8 * hidden], 'glorot', rng);
  // Forget-gate bias 1 (Jozefowicz et al. 2015); gate order per direction is i, f, o, g.
  const bias = new Float32Array(8 * hidden);
  for (const base of [0, 4 * hidden]) bias.fill(1, base + hidden, base + 2 * hidden);
  params.add(`${prefix}/b`, [8 * hidden], { values: bias }, rng);
  params.add(`${prefix}/whf`, [hidden, 4 * hidden], 'glorot', rng);
  params.add(`${prefix}/whb`, [hidden, 4 * hidden], 'glorot', rng);
}

/** Bidirectional LSTM over batch-major rows x [B*T, D]; returns [B*T, 2H]. */
export function biLstm(tf: Tf, params: Params, prefix: string, x: Tensor2D, lengths: readonly number[], T: number): Tensor2D {
  const B = lengths.length;
  const H = params.get(`${prefix}/whf`).shape[0]!;
  const idx = directionIndices(lengths, T);
  const z = dense(tf, x, params.get(`${prefix}/wx`) as Tensor2D, params.get(`${prefix}/b`));
  const zf = tf.slice(z, [0, 0], [B * T, 4 * H]);
  const zb = tf.slice(z, [0, 4 * H], [B * T, 4 * H]);
  const hf = lstmSequence(tf, gatherRows(tf, zf, idx.fwdIn), params.get(`${prefix}/whf`) as Tensor2D, T, B);
  const hb = lstmSequence(tf, gatherRows(tf, zb, idx.bwdIn), params.get(`${prefix}/whb`) as Tensor2D, T, B);
  return tf.concat([gatherRows(tf, hf, idx.fwdOut), gatherRows(tf, hb, idx.bwdOut)], 1);
}
