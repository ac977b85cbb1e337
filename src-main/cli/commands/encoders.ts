// The pretrained-encoder commands, registered together: embed, download-encoder, export-hf.

import type { CliCommand } from '../io.js';
import { downloadEncoderCommand } from './download-encoder.js';
import { embedCommand } from './embed.js';
import { exportHfCommand } from './export-hf.js';

export const encoderCommands: CliCommand = (program, io) => {
  embedCommand(program, io);
  downloadEncoderCommand(program, io);
  exportHfCommand(program, io);
};
