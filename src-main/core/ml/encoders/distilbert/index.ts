// DistilBERT checkpoints as encoders (`distilbert:<dir>`).

import { pretrainedEncoder } from '../pretrained/definition.js';
import { DISTILBERT } from './architecture.js';

export { DISTILBERT } from './architecture.js';
export const distilbertEncoder = pretrainedEncoder('distilbert', DISTILBERT);
