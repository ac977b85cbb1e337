// RoBERTa and XLM-RoBERTa (model_type `roberta`, `xlm-roberta`): BERT's layers under `roberta.`,
// position ids counting from pad_token_id + 1 (padding_idx + 1, as RobertaEmbeddings makes them),
// one token type. The hub configs set LayerNorm epsilon 1e-5; the defaults are transformers'
// RobertaConfig's.

import { bertLayout, type Architecture } from '../pretrained/architecture.js';
import { bertStyleShape } from '../pretrained/config.js';

function roberta(kind: string, tokenClassification: string): Architecture {
  return {
    kind,
    modelTypes: [kind],
    tokenClassification,
    layout: bertLayout('roberta.'),
    positions: 'after-padding',
    readConfig: (raw, file) => {
      const shape = bertStyleShape(raw, file, kind, { layerNormEps: 1e-12, typeVocabSize: 2 });
      return { ...shape, padTokenId: shape.padTokenId ?? 1 };
    },
  };
}

export const XLM_ROBERTA = roberta('xlm-roberta', 'XLMRobertaForTokenClassification');
export const ROBERTA = roberta('roberta', 'RobertaForTokenClassification');
