// The `bert` encoder: pre-tokenised words -> WordPiece (basic tokenizer + WordPiece per word) ->
// windows of [CLS] pieces [SEP] -> BERT -> each word's vector from its FIRST piece, taken from the
// window where that piece has the most context (windows.ts).

import path from 'node:path';
import { CoreError } from '../../../errors.js';
import type { WordPieceTokenizer } from '../../../text/wordpiece.js';
import { gatherRows } from '../../runtime/ops.js';
import { Params } from '../../runtime/params.js';
import type { Rng } from '../../runtime/rng.js';
import { SafetensorsFile } from '../../io/safetensors.js';
import type { Tensor2D, Tf } from '../../runtime/tf-types.js';
import type { Vocab } from '../../data/vocab.js';
import type { BertEncoderConfig, Encoder, EncoderBatch } from '../types.js';
import { addBertParams, checkCheckpoint, isFrozen } from './checkpoint.js';
import { WEIGHTS_FILE, type BertModelConfig } from './config.js';
import { openBertFolder } from './folder.js';
import { bertForward, type DropoutRates, type WindowBatch } from './network.js';
import { planWindows } from './windows.js';

export interface BertBatch extends EncoderBatch {
  windows: WindowBatch;
  /** For each word slot (b*T + t), the row of the forward output holding its first piece; 0 for padding. */
  rows: Int32Array;
}

/** Distinct words whose pieces are remembered; past this the cache starts over. */
const CACHE_LIMIT = 200_000;

export interface WindowSettings {
  maxLength: number;
  stride: number;
}

function checkInt(value: number, name: string, min: number, max: number, dir: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CoreError('BAD_REQUEST', `bert encoder (${dir}): ${name} must be an integer from ${min} to ${max}, not ${value}`);
  }
  return value;
}

/** Window length and overlap from the encoder config, bounded by what the checkpoint supports. */
export function windowSettings(config: BertEncoderConfig, model: BertModelConfig, modelMaxLength: number | null): WindowSettings {
  const limit = Math.min(model.maxPositions, modelMaxLength ?? Infinity);
  const maxLength = checkInt(config.maxLength ?? Math.min(512, limit), 'maxLength', 3, limit, config.dir);
  const capacity = maxLength - 2;
  const stride = checkInt(config.stride ?? Math.min(128, Math.floor(capacity / 2)), 'stride', 0, capacity - 1, config.dir);
  return { maxLength, stride };
}

export class BertEncoder implements Encoder<BertBatch> {
  readonly params: Params;
  readonly dim: number;
  readonly model: BertModelConfig;
  readonly tokenizer: WordPieceTokenizer;
  readonly windows: WindowSettings;
  readonly rates: DropoutRates;
  private readonly cache = new Map<string, number[]>();

  constructor(
    private readonly tf: Tf,
    readonly config: BertEncoderConfig,
    readonly vocab: Vocab,
    rng: Rng,
  ) {
    const folder = openBertFolder(config.dir);
    this.model = folder.config;
    this.tokenizer = folder.tokenizer;
    this.windows = windowSettings(config, folder.config, folder.modelMaxLength);
    const freeze = checkInt(config.freezeLayers ?? 0, 'freezeLayers', 0, folder.config.numLayers - 1, config.dir);
    const rate = config.dropout;
    if (rate !== undefined && !(rate >= 0 && rate < 1))
      throw new CoreError('BAD_REQUEST', `bert encoder (${config.dir}): dropout must be in [0, 1), not ${rate}`);
    this.rates = { hidden: rate ?? folder.config.hiddenDropout, attention: rate ?? folder.config.attentionDropout };
    this.dim = folder.config.hiddenSize;
    this.params = new Params(tf);
    try {
      const init = config.init ?? 'pretrained';
      if (init === 'pretrained') {
        const st = SafetensorsFile.open(path.join(config.dir, WEIGHTS_FILE));
        try {
          checkCheckpoint(st, folder.config);
          addBertParams(this.params, folder.config, { kind: 'checkpoint', st }, rng);
        } finally {
          st.close();
        }
      } else {
        addBertParams(this.params, folder.config, { kind: init === 'random' ? 'random' : 'zeros' }, rng);
      }
    } catch (err) {
      this.params.dispose();
      throw err;
    }
    // Frozen variables are left out of tf.variableGrads, so neither gradients nor updates reach them.
    for (const name of this.params.names()) if (isFrozen(name, freeze)) this.params.get(name).trainable = false;
  }

  /** Piece ids of one word: at least one ([UNK] when cleaning leaves nothing). */
  pieceIds(word: string): number[] {
    let ids = this.cache.get(word);
    if (!ids) {
      ids = this.tokenizer.words([word]).ids;
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(word, ids);
    }
    return ids;
  }

  batch(sentences: readonly (readonly string[])[]): BertBatch {
    const B = sentences.length;
    const lengths = sentences.map((s) => s.length);
    const T = Math.max(1, ...lengths);
    const capacity = this.windows.maxLength - 2;
    const windowIds: number[][] = [];
    // Window index and position within the window (after [CLS]) of each word's first piece.
    const slotWindow = new Int32Array(B * T).fill(-1);
    const slotPosition = new Int32Array(B * T);
    const mask = new Float32Array(B * T);
    let tokens = 0;
    for (let b = 0; b < B; b++) {
      const pieces: number[] = [];
      const first: number[] = [];
      for (const word of sentences[b]!) {
        first.push(pieces.length);
        for (const id of this.pieceIds(word)) pieces.push(id);
      }
      const plan = planWindows(pieces.length, first, capacity, this.windows.stride);
      const base = windowIds.length;
      for (const w of plan.windows) windowIds.push([this.tokenizer.clsId, ...pieces.slice(w.start, w.end), this.tokenizer.sepId]);
      first.forEach((p, t) => {
        const k = plan.choice[t]!;
        slotWindow[b * T + t] = base + k;
        slotPosition[b * T + t] = 1 + p - plan.windows[k]!.start;
        mask[b * T + t] = 1;
        tokens += 1;
      });
    }
    const L = Math.max(...windowIds.map((w) => w.length));
    const ids = new Int32Array(windowIds.length * L).fill(this.tokenizer.padId);
    windowIds.forEach((w, i) => ids.set(w, i * L));
    const rows = new Int32Array(B * T);
    for (let s = 0; s < B * T; s++) if (slotWindow[s]! >= 0) rows[s] = slotWindow[s]! * L + slotPosition[s]!;
    const windows: WindowBatch = { count: windowIds.length, length: L, lengths: windowIds.map((w) => w.length), ids };
    return { size: B, length: T, lengths, tokens, mask, windows, rows };
  }

  /** The last hidden state of every window piece, [count * length, H]. Call inside tf.tidy. */
  hidden(windows: WindowBatch, rng: Rng | null): Tensor2D {
    return bertForward(this.tf, this.params, this.model, windows, this.rates, rng);
  }

  encode(batch: BertBatch, rng: Rng | null): Tensor2D {
    return gatherRows(this.tf, this.hidden(batch.windows, rng), batch.rows);
  }
}
