// BERT checkpoints as encoders (`bert:<dir>`): the architecture (architecture.ts) through the
// shared pretrained machinery (../pretrained/).

import { pretrainedEncoder } from '../pretrained/definition.js';
import { BERT } from './architecture.js';

export { BERT } from './architecture.js';
export const bertEncoder = pretrainedEncoder('bert', BERT);
