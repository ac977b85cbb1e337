// XLM-RoBERTa and RoBERTa checkpoints as encoders (`xlm-roberta:<dir>`, `roberta:<dir>`).

import { pretrainedEncoder } from '../pretrained/definition.js';
import { ROBERTA, XLM_ROBERTA } from './architecture.js';

export { ROBERTA, XLM_ROBERTA } from './architecture.js';
export const xlmRobertaEncoder = pretrainedEncoder('xlm-roberta', XLM_ROBERTA);
export const robertaEncoder = pretrainedEncoder('roberta', ROBERTA);
