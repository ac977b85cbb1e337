// training.exportBundle: the open project's training run as a bundle for the PyTorch trainer
// (core/jobs/bundle). It needs no training engine, only the project and the encoder folder.

import type { Handlers } from '../../contract/api.js';
import { exportProjectBundle, type EngineTuning } from '../jobs/index.js';
import { resolveEncoder } from './paths.js';
import type { Session } from './session.js';

export function bundleHandlers(
  session: Session,
  opts: { tuning?: EngineTuning | undefined; version: string },
): Pick<Handlers, 'training.exportBundle'> {
  return {
    'training.exportBundle': async ({ config, dir, copyEncoder }) =>
      exportProjectBundle(
        session.requireStore(),
        { ...config, encoder: resolveEncoder(session.resolve, config.encoder) },
        {
          dir: session.resolveWritable(dir),
          tuning: opts.tuning,
          copyEncoder,
          createdBy: `Crosstag ${opts.version}`,
        },
      ),
  };
}
