// A pretrained encoder (any architecture of ../<arch>/): pre-tokenised words -> the checkpoint's
// tokenizer, one word at a time -> windows of <prefix> pieces <suffix> -> the transformer -> each
// word's vector from its FIRST piece, taken from the window where that piece has the most context
// (windows.ts). The first piece is MTMT's choice; for SentencePiece it may be a lone `▁`.

import path from 'node:path';
import { CoreError } from '../../../errors.js';
import type { SubwordTokenizer } from '../../../text/subword/index.js';
import { gatherRows } from '../../runtime/ops.js';
import { Params } from '../../runtime/params.js';
import type { Rng } from '../../runtime/rng.js';
import { SafetensorsFile } from '../../io/safetensors.js';
import type { Tensor2D, Tf } from '../../runtime/tf-types.js';
import type { Vocab } from '../../data/vocab.js';
import type { Encoder, EncoderBatch } from '../types.js';
import { positionOffset, type Architecture, type TransformerShape } from './architecture.js';
import { addPretrainedParams, checkCheckpoint, isFrozen } from './checkpoint.js';
import { WEIGHTS_FILE } from './config.js';
import { openPretrainedFolder } from './folder.js';
import { transformerForward, type DropoutRates, type WindowBatch } from './network.js';
import type { PretrainedEncoderConfig } from './settings.js';
import { planWindows } from './windows.js';

export interface PretrainedBatch extends EncoderBatch {
  windows: WindowBatch;
  /** For each word slot (b*T + t), the row of the forward output holding its first piece; 0 for padding. */
  rows: Int32Array;
}

export interface WindowSettings {
  maxLength: number;
  stride: number;
}

function checkInt(value: number, name: string, min: number, max: number, config: PretrainedEncoderConfig): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CoreError(
      'BAD_REQUEST',
      `${config.kind} encoder (${config.dir}): ${name} must be an integer from ${min} to ${max}, not ${value}`,
    );
  }
  return value;
}

/** Window length and overlap from the encoder config, bounded by what the checkpoint supports. */
export function windowSettings(config: PretrainedEncoderConfig, limit: number, specials: number): WindowSettings {
  const maxLength = checkInt(config.maxLength ?? Math.min(512, limit), 'maxLength', specials + 1, limit, config);
  const capacity = maxLength - specials;
  const stride = checkInt(config.stride ?? Math.min(128, Math.floor(capacity / 2)), 'stride', 0, capacity - 1, config);
  return { maxLength, stride };
}

export class PretrainedEncoder implements Encoder<PretrainedBatch> {
  readonly params: Params;
  readonly dim: number;
  readonly shape: TransformerShape;
  readonly tokenizer: SubwordTokenizer;
  readonly windows: WindowSettings;
  readonly rates: DropoutRates;
  readonly padId: number;
  private readonly offset: number;

  constructor(
    private readonly tf: Tf,
    readonly arch: Architecture,
    readonly config: PretrainedEncoderConfig,
    readonly vocab: Vocab,
    rng: Rng,
  ) {
    const folder = openPretrainedFolder(config.dir, arch);
    this.shape = folder.shape;
    this.tokenizer = folder.tokenizer;
    this.padId = folder.padId;
    this.offset = positionOffset(arch, folder.shape);
    this.windows = windowSettings(config, folder.maxLength, this.tokenizer.prefix.length + this.tokenizer.suffix.length);
    const freeze = checkInt(config.freezeLayers ?? 0, 'freezeLayers', 0, folder.shape.numLayers - 1, config);
    const rate = config.dropout;
    if (rate !== undefined && !(rate >= 0 && rate < 1))
      throw new CoreError('BAD_REQUEST', `${config.kind} encoder (${config.dir}): dropout must be in [0, 1), not ${rate}`);
    this.rates = { hidden: rate ?? folder.shape.hiddenDropout, attention: rate ?? folder.shape.attentionDropout };
    this.dim = folder.shape.hiddenSize;
    this.params = new Params(tf);
    try {
      const init = config.init ?? 'pretrained';
      if (init === 'pretrained') {
        const st = SafetensorsFile.open(path.join(config.dir, WEIGHTS_FILE));
        try {
          checkCheckpoint(st, arch, folder.shape);
          addPretrainedParams(this.params, arch, folder.shape, { kind: 'checkpoint', st }, rng);
        } finally {
          st.close();
        }
      } else {
        addPretrainedParams(this.params, arch, folder.shape, { kind: init === 'random' ? 'random' : 'zeros' }, rng);
      }
    } catch (err) {
      this.params.dispose();
      throw err;
    }
    // Frozen variables are left out of tf.variableGrads, so neither gradients nor updates reach them.
    for (const name of this.params.names()) if (isFrozen(name, freeze, folder.shape)) this.params.get(name).trainable = false;
  }

  batch(sentences: readonly (readonly string[])[]): PretrainedBatch {
    const B = sentences.length;
    const lengths = sentences.map((s) => s.length);
    const T = Math.max(1, ...lengths);
    const { prefix, suffix } = this.tokenizer;
    const capacity = this.windows.maxLength - prefix.length - suffix.length;
    const windowIds: number[][] = [];
    // Window index and position within the window (after the prefix) of each word's first piece.
    const slotWindow = new Int32Array(B * T).fill(-1);
    const slotPosition = new Int32Array(B * T);
    const mask = new Float32Array(B * T);
    let tokens = 0;
    for (let b = 0; b < B; b++) {
      const { ids: pieces, first } = this.tokenizer.words(sentences[b]!);
      const plan = planWindows(pieces.length, first, capacity, this.windows.stride);
      const base = windowIds.length;
      for (const w of plan.windows) windowIds.push([...prefix, ...pieces.slice(w.start, w.end), ...suffix]);
      first.forEach((p, t) => {
        const k = plan.choice[t]!;
        slotWindow[b * T + t] = base + k;
        slotPosition[b * T + t] = prefix.length + p - plan.windows[k]!.start;
        mask[b * T + t] = 1;
        tokens += 1;
      });
    }
    const L = Math.max(...windowIds.map((w) => w.length));
    const ids = new Int32Array(windowIds.length * L).fill(this.padId);
    windowIds.forEach((w, i) => ids.set(w, i * L));
    const rows = new Int32Array(B * T);
    for (let s = 0; s < B * T; s++) if (slotWindow[s]! >= 0) rows[s] = slotWindow[s]! * L + slotPosition[s]!;
    const windows: WindowBatch = { count: windowIds.length, length: L, lengths: windowIds.map((w) => w.length), ids };
    return { size: B, length: T, lengths, tokens, mask, windows, rows };
  }

  /** The last hidden state of every window piece, [count * length, H]. Call inside tf.tidy. */
  hidden(windows: WindowBatch, rng: Rng | null): Tensor2D {
    return transformerForward(this.tf, this.params, this.shape, this.offset, windows, this.rates, rng);
  }

  encode(batch: PretrainedBatch, rng: Rng | null): Tensor2D {
    return gatherRows(this.tf, this.hidden(batch.windows, rng), batch.rows);
  }
}
