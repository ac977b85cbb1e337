// Setup of the backends that need nothing from us: the native libtensorflow packages, and the
// plain JavaScript cpu backend (with the kernels that replace its slow ones).

import { registerKernels } from './kernels.js';
import type { Tf } from './tf-types.js';

// A variable specifier keeps TypeScript from resolving optional packages that may be absent.
async function importDynamic(specifier: string): Promise<Tf> {
  return (await import(specifier)) as Tf;
}

/** tfjs-node or tfjs-node-gpu: each carries its own tfjs-core, which becomes the one in use. */
export async function setupNative(pkg: string): Promise<Tf> {
  const tf = await importDynamic(pkg);
  if (!(await tf.setBackend('tensorflow'))) throw new Error('the tensorflow backend did not initialise');
  return tf;
}

export async function setupCpu(): Promise<Tf> {
  const tf = await importDynamic('@tensorflow/tfjs');
  registerKernels(tf, 'cpu');
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
  await tf.ready();
  return tf;
}
