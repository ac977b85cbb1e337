// The model commands, registered together: train-teacher, distill, predict, pipeline.

import type { CliCommand } from '../io.js';
import { distillCommand } from './distill.js';
import { pipelineCommand } from './pipeline.js';
import { predictCommand } from './predict.js';
import { trainTeacherCommand } from './train-teacher.js';

export const mlCommands: CliCommand = (program, io) => {
  trainTeacherCommand(program, io);
  distillCommand(program, io);
  predictCommand(program, io);
  pipelineCommand(program, io);
};
