// `crosstag embed`: WordPiece tokens of a text ([CLS] and [SEP] included) and the last hidden
// state of a checkpoint folder for each of them, the figures a Hugging Face BertModel gives as
// last_hidden_state for the same folder and text.

import { CoreError } from '../../../errors.js';
import { getTf } from '../../runtime/backend.js';
import { Rng } from '../../runtime/rng.js';
import { BertEncoder } from './encoder.js';

export interface EmbedResult {
  tokens: string[];
  /** One row of hidden_size values per token. */
  hidden: number[][];
}

/** Runs a checkpoint folder on one text, without dropout. initBackend() must have completed. */
export async function embedText(dir: string, text: string): Promise<EmbedResult> {
  const tf = getTf();
  const encoder = new BertEncoder(tf, { kind: 'bert', dir }, { words: ['<pad>', '<unk>'], chars: ['<pad>', '<unk>'] }, new Rng(0));
  try {
    const { tokens, ids } = encoder.tokenizer.encode(text);
    const limit = encoder.windows.maxLength;
    if (ids.length > limit) {
      throw new CoreError('BAD_REQUEST', `the text is ${ids.length} word pieces long with [CLS] and [SEP]; ${dir} takes at most ${limit}`);
    }
    const h = tf.tidy(() => encoder.hidden({ count: 1, length: ids.length, lengths: [ids.length], ids: Int32Array.from(ids) }, null));
    const data = (await h.data()) as Float32Array;
    h.dispose();
    const D = encoder.dim;
    return { tokens, hidden: tokens.map((_, i) => Array.from(data.subarray(i * D, (i + 1) * D))) };
  } finally {
    encoder.params.dispose();
  }
}
