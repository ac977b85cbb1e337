// Matrix products for BERT's training step that are lighter on memory than ops.mm, which matters
// on wasm, where the model, its gradients and the step's activations share one heap of at most
// 4 GB. Like ops.mm they stay on the fast path (2-D products without transpose flags, gradients
// through explicit transposes), and in addition:
// - a weight is not saved for the backward pass: tfjs saves a *copy* of every saved tensor (the
//   forward pass's own tensors are freed once it ends), so ops.mm copies each weight matrix, 85M
//   values for BERT-base, on every step. A weight is a variable, which outlives the step, so the
//   gradient can use it directly;
// - the transposed copies the gradient needs are freed as soon as they are used, and with them the
//   packed copy XNNPACK keeps of every right-hand operand.

import type { GradSaveFunc } from '@tensorflow/tfjs';
import { customOp } from '../../runtime/ops.js';
import type { Tensor, Tensor2D, Tf, Variable } from '../../runtime/tf-types.js';

const products = new WeakMap<Tf, (...inputs: Tensor[]) => Tensor>();

/** x·yᵀ, freeing the transposed copy at once. */
function timesTransposed(tf: Tf, x: Tensor2D, y: Tensor2D): Tensor2D {
  const yt = tf.transpose(y);
  const out = tf.matMul(x, yt) as Tensor2D;
  yt.dispose();
  return out;
}

/** xᵀ·y, freeing the transposed copy at once. */
function transposedTimes(tf: Tf, x: Tensor2D, y: Tensor2D): Tensor2D {
  const xt = tf.transpose(x);
  const out = tf.matMul(xt, y) as Tensor2D;
  xt.dispose();
  return out;
}

/** a·b of two activations (both saved for the gradient). */
export function matmul(tf: Tf, a: Tensor2D, b: Tensor2D): Tensor2D {
  let f = products.get(tf);
  if (!f) {
    f = customOp(tf, ([x, y], save: GradSaveFunc) => {
      save([x!, y!]);
      return {
        value: tf.matMul(x as Tensor2D, y as Tensor2D),
        gradFunc: (dy, saved) => {
          const [sx, sy] = saved as [Tensor2D, Tensor2D];
          return [timesTransposed(tf, dy as Tensor2D, sy), transposedTimes(tf, sx, dy as Tensor2D)];
        },
      };
    });
    products.set(tf, f);
  }
  return f(a, b) as Tensor2D;
}

/** x·W + b over rows, where W is a variable (used by the gradient as it is, not saved). */
export function linear(tf: Tf, x: Tensor2D, w: Variable, b: Tensor): Tensor2D {
  const op = customOp(tf, ([input], save: GradSaveFunc) => {
    save([input!]);
    return {
      value: tf.matMul(input as Tensor2D, w as Tensor2D),
      gradFunc: (dy, saved) => [
        timesTransposed(tf, dy as Tensor2D, w as Tensor2D),
        transposedTimes(tf, saved[0] as Tensor2D, dy as Tensor2D),
      ],
    };
  });
  return tf.add(op(x, w), b);
}

/**
 * Rows of an embedding table (a variable). Stock tf.gather saves a copy of the whole table for its
 * gradient and then transposes the table-sized gradient once more; here the gradient is the one
 * table-sized scatter-add it has to be, and nothing is copied when the table is frozen.
 */
export function embeddingRows(tf: Tf, table: Variable, ids: Int32Array): Tensor2D {
  const rows = table.shape[0]!;
  const index = tf.tensor1d(ids, 'int32');
  const op = customOp(tf, ([t]) => ({
    value: tf.gather(t!, index),
    gradFunc: (dy) => [tf.unsortedSegmentSum(dy, tf.tensor1d(ids, 'int32'), rows)],
  }));
  return op(table) as Tensor2D;
}
