// training.exportBundle: the open project's training run as a bundle for the PyTorch trainer
// (core/jobs/bundle). It needs no training engine, only the project and the encoder folder.

import type { Handlers } from '../../contract/api.js';
import { exportProjectBundle } from '../bundle/index.js';
import type { EngineTuning } from '../jobs/index.js';
import { resolveEncoderFolder } from '../ml/encoders/index.js';
import type { Session } from './session.js';

export function bundleHandlers(
  session: Session,
  opts: { tuning?: EngineTuning | undefined; version: string },
): Pick<Handlers, 'training.exportBundle'> {
  return {
    'training.exportBundle': async ({ config, dir, copyEncoder }) =>
      exportProjectBundle(
        session.requireStore(),
        { ...config, encoder: resolveEncoderFolder(config.encoder, session.resolve) },
        {
          dir: session.resolveWritable(dir),
          tuning: opts.tuning,
          copyEncoder,
          createdBy: `Crosstag ${opts.version}`,
        },
      ),
  };
}
