// The TensorFlow.js namespace as a type. Model code takes its runtime instance from getTf()
// (backend.ts), never from a static import, so that a native backend's own copy of tfjs-core
// is the only one in use once it is chosen.

import type * as tfjs from '@tensorflow/tfjs';

export type Tf = typeof tfjs;
export type { Tensor, Tensor1D, Tensor2D, Variable, Rank, NamedTensorMap } from '@tensorflow/tfjs';
