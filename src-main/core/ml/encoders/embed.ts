// `crosstag embed`: the tokens of a text (special tokens included) and a checkpoint folder's last
// hidden state for each of them: what a Hugging Face BertModel, XLMRobertaModel or DistilBertModel
// gives as last_hidden_state for the same folder and text.

import { CoreError } from '../../errors.js';
import { getTf } from '../runtime/backend.js';
import { Rng } from '../runtime/rng.js';
import { readCheckpointConfig } from './pretrained/config.js';
import { PretrainedEncoder } from './pretrained/encoder.js';
import { architectureFor } from './registry.js';

export interface EmbedResult {
  tokens: string[];
  ids: number[];
  /** One row of hidden_size values per token. */
  hidden: number[][];
}

/** Runs a checkpoint folder on one text, without dropout. initBackend() must have completed. */
export async function embedText(dir: string, text: string): Promise<EmbedResult> {
  const tf = getTf();
  const config = readCheckpointConfig(dir);
  const arch = architectureFor(config.modelType, config.file);
  const vocab = { words: ['<pad>', '<unk>'], chars: ['<pad>', '<unk>'] };
  const encoder = new PretrainedEncoder(tf, arch, { kind: arch.kind, dir }, vocab, new Rng(0));
  try {
    const { tokens, ids } = encoder.tokenizer.encode(text);
    const limit = encoder.windows.maxLength;
    if (ids.length > limit) {
      throw new CoreError('BAD_REQUEST', `the text is ${ids.length} tokens long with the special tokens; ${dir} takes at most ${limit}`);
    }
    const h = tf.tidy(() => encoder.hidden({ count: 1, length: ids.length, lengths: [ids.length], ids: Int32Array.from(ids) }, null));
    const data = (await h.data()) as Float32Array;
    h.dispose();
    const D = encoder.dim;
    return { tokens, ids, hidden: tokens.map((_, i) => Array.from(data.subarray(i * D, (i + 1) * D))) };
  } finally {
    encoder.params.dispose();
  }
}
