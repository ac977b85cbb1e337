// BERT (model_type `bert`, such as bert-base-multilingual-cased): absolute positions from 0, token
// types, LayerNorm epsilon 1e-12 unless config.json says otherwise, names under `bert.`.

import { bertLayout, type Architecture } from '../pretrained/architecture.js';
import { bertStyleShape } from '../pretrained/config.js';

export const BERT: Architecture = {
  kind: 'bert',
  modelTypes: ['bert'],
  tokenClassification: 'BertForTokenClassification',
  layout: bertLayout('bert.'),
  positions: 'absolute',
  readConfig: (raw, file) => bertStyleShape(raw, file, 'bert', { layerNormEps: 1e-12, typeVocabSize: 2 }),
};
