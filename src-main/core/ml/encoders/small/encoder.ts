// The `small` encoder, trained from scratch: a word embedding, a character CNN and one-hot
// casing features per word, then a sequence encoder (BiLSTM, transformer or CNN).

import { dense, dropout, maxOverAxis1 } from '../../runtime/ops.js';
import { Params } from '../../runtime/params.js';
import type { Rng } from '../../runtime/rng.js';
import type { Tensor2D, Tf } from '../../runtime/tf-types.js';
import { CASINGS, VocabIndex, makeWordBatch, type Vocab, type WordBatch } from '../../data/vocab.js';
import { cnn, addCnnParams } from './cnn.js';
import { addBiLstmParams, biLstm } from './lstm.js';
import { addTransformerParams, transformer } from './transformer.js';
import type { Encoder } from '../types.js';
import type { SmallEncoderConfig } from './config.js';

export class SmallEncoder implements Encoder<WordBatch> {
  readonly params: Params;
  readonly dim: number;
  private readonly index: VocabIndex;

  constructor(
    private readonly tf: Tf,
    readonly config: SmallEncoderConfig,
    readonly vocab: Vocab,
    rng: Rng,
  ) {
    this.index = new VocabIndex(vocab, config.foldChars);
    const p = new Params(tf);
    this.params = p;
    p.add('word', [vocab.words.length, config.wordDim], { uniform: Math.sqrt(3 / config.wordDim) }, rng);
    let inDim = config.wordDim;
    if (config.charFilters > 0) {
      p.add('char/emb', [vocab.chars.length, config.charDim], { uniform: Math.sqrt(3 / config.charDim) }, rng);
      p.add('char/w', [config.charWidth * config.charDim, config.charFilters], 'glorot', rng);
      p.add('char/b', [config.charFilters], 'zeros', rng);
      inDim += config.charFilters;
    }
    if (config.casing) inDim += CASINGS.length;
    const seq = config.sequence;
    for (let l = 0; l < (seq.type === 'bilstm' ? seq.layers : 1); l++) {
      if (seq.type === 'bilstm') addBiLstmParams(p, `lstm${l}`, l === 0 ? inDim : 2 * seq.hidden, seq.hidden, rng);
    }
    if (seq.type === 'transformer') addTransformerParams(p, 'tfm', inDim, seq, rng);
    if (seq.type === 'cnn') addCnnParams(p, 'cnn', inDim, seq, rng);
    this.dim = seq.type === 'bilstm' ? 2 * seq.hidden : seq.dim;
  }

  batch(sentences: readonly (readonly string[])[], rng: Rng | null): WordBatch {
    return makeWordBatch(this.index, sentences, {
      maxWordChars: this.config.maxWordChars,
      charWidth: this.config.charWidth,
      wordDropout: this.config.wordDropout,
      frequentWords: this.config.frequentWords,
      frequentWordDropout: this.config.frequentWordDropout,
      rng,
    });
  }

  encode(batch: WordBatch, rng: Rng | null): Tensor2D {
    const tf = this.tf;
    const c = this.config;
    const N = batch.size * batch.length;
    const feats: Tensor2D[] = [tf.gather(this.params.get('word'), tf.tensor1d(batch.wordIds, 'int32')) as Tensor2D];
    if (c.charFilters > 0) {
      const L = batch.charLength;
      const windows = tf.gather(this.params.get('char/emb'), tf.tensor1d(batch.charWindows, 'int32'));
      const flat = tf.reshape(windows, [N * L, c.charWidth * c.charDim]) as Tensor2D;
      const conv = dense(tf, flat, this.params.get('char/w') as Tensor2D, this.params.get('char/b'));
      feats.push(maxOverAxis1(tf, tf.reshape(conv, [N, L, c.charFilters])));
    }
    if (c.casing) feats.push(tf.tensor2d(batch.casing, [N, CASINGS.length]));
    const x = dropout(tf, tf.concat(feats, 1), c.featureDropout, rng);
    const seq = c.sequence;
    if (seq.type === 'bilstm') {
      let h = x;
      for (let l = 0; l < seq.layers; l++) {
        if (l > 0) h = dropout(tf, h, seq.dropout, rng);
        h = biLstm(tf, this.params, `lstm${l}`, h, batch.lengths, batch.length);
      }
      return h;
    }
    if (seq.type === 'transformer') return transformer(tf, this.params, 'tfm', seq, x, batch.lengths, batch.length, seq.dropout, rng);
    return cnn(tf, this.params, 'cnn', seq, x, batch.lengths, batch.length, seq.dropout, rng);
  }
}
