// BERT's weights as this encoder holds them, and how they come from a Hugging Face checkpoint.
//
//   ours                 Hugging Face (with or without the `bert.` prefix)
//   emb/word             embeddings.word_embeddings.weight             [V, H]
//   emb/pos              embeddings.position_embeddings.weight         [P, H]
//   emb/type             embeddings.token_type_embeddings.weight       [types, H]
//   emb/ln/{g,b}         embeddings.LayerNorm.{weight,bias}            (or {gamma,beta})
//   l<i>/qkv/w           encoder.layer.<i>.attention.self.{query,key,value}.weight, each
//                        transposed, side by side                     [H, 3H]
//   l<i>/qkv/b           ... .{query,key,value}.bias                   [3H]
//   l<i>/attn/{w,b}      encoder.layer.<i>.attention.output.dense      [H, H]^T
//   l<i>/ln1/{g,b}       encoder.layer.<i>.attention.output.LayerNorm
//   l<i>/ff1/{w,b}       encoder.layer.<i>.intermediate.dense          [I, H]^T
//   l<i>/ff2/{w,b}       encoder.layer.<i>.output.dense                [H, I]^T
//   l<i>/ln2/{g,b}       encoder.layer.<i>.output.LayerNorm
//
// Linear weights are stored [in, out] (transposed from PyTorch's [out, in]) so the forward pass is
// plain x·W products, and the three attention projections are one [H, 3H] product.
// Other tensors of the file (pooler, masked-LM head, position_ids buffer) are ignored.

import { CoreError } from '../../../errors.js';
import type { Params } from '../../runtime/params.js';
import type { Rng } from '../../runtime/rng.js';
import type { SafetensorsFile } from '../../io/safetensors.js';
import { FLOAT_DTYPES } from '../../io/safetensors.js';
import type { BertModelConfig } from './config.js';

type Transform = 'copy' | 'transpose' | 'concat-transpose' | 'concat';

interface Source {
  /** Hugging Face names without prefix; several for the fused attention projection. */
  names: string[];
  /** Shape of each source tensor as the config implies. */
  shape: number[];
  transform: Transform;
}

export interface ParamSpec {
  name: string;
  shape: number[];
  init: 'embedding' | 'dense' | 'ones' | 'zeros';
  source: Source;
}

/** Every weight of the encoder, in a fixed order, with its checkpoint source. */
export function paramSpecs(c: BertModelConfig): ParamSpec[] {
  const H = c.hiddenSize;
  const I = c.intermediateSize;
  const specs: ParamSpec[] = [];
  const add = (name: string, shape: number[], init: ParamSpec['init'], names: string[], srcShape: number[], transform: Transform) =>
    specs.push({ name, shape, init, source: { names, shape: srcShape, transform } });
  const norm = (ours: string, hf: string) => {
    add(`${ours}/g`, [H], 'ones', [`${hf}.LayerNorm.weight`], [H], 'copy');
    add(`${ours}/b`, [H], 'zeros', [`${hf}.LayerNorm.bias`], [H], 'copy');
  };
  add('emb/word', [c.vocabSize, H], 'embedding', ['embeddings.word_embeddings.weight'], [c.vocabSize, H], 'copy');
  add('emb/pos', [c.maxPositions, H], 'embedding', ['embeddings.position_embeddings.weight'], [c.maxPositions, H], 'copy');
  add('emb/type', [c.typeVocabSize, H], 'embedding', ['embeddings.token_type_embeddings.weight'], [c.typeVocabSize, H], 'copy');
  norm('emb/ln', 'embeddings');
  for (let l = 0; l < c.numLayers; l++) {
    const hf = `encoder.layer.${l}`;
    const qkv = ['query', 'key', 'value'].map((p) => `${hf}.attention.self.${p}`);
    add(
      `l${l}/qkv/w`,
      [H, 3 * H],
      'dense',
      qkv.map((n) => `${n}.weight`),
      [H, H],
      'concat-transpose',
    );
    add(
      `l${l}/qkv/b`,
      [3 * H],
      'zeros',
      qkv.map((n) => `${n}.bias`),
      [H],
      'concat',
    );
    add(`l${l}/attn/w`, [H, H], 'dense', [`${hf}.attention.output.dense.weight`], [H, H], 'transpose');
    add(`l${l}/attn/b`, [H], 'zeros', [`${hf}.attention.output.dense.bias`], [H], 'copy');
    norm(`l${l}/ln1`, `${hf}.attention.output`);
    add(`l${l}/ff1/w`, [H, I], 'dense', [`${hf}.intermediate.dense.weight`], [I, H], 'transpose');
    add(`l${l}/ff1/b`, [I], 'zeros', [`${hf}.intermediate.dense.bias`], [I], 'copy');
    add(`l${l}/ff2/w`, [I, H], 'dense', [`${hf}.output.dense.weight`], [H, I], 'transpose');
    add(`l${l}/ff2/b`, [H], 'zeros', [`${hf}.output.dense.bias`], [H], 'copy');
    norm(`l${l}/ln2`, `${hf}.output`);
  }
  return specs;
}

/** Whether a weight stays fixed when the embeddings and the lowest `layers` layers are frozen. */
export function isFrozen(name: string, layers: number): boolean {
  if (layers <= 0) return false;
  if (name.startsWith('emb/')) return true;
  const m = /^l(\d+)\//.exec(name);
  return m !== null && Number(m[1]) < layers;
}

/** Resolves a Hugging Face name to the one the file uses: `bert.` prefix, LayerNorm gamma/beta. */
export class CheckpointNames {
  readonly prefix: string;

  constructor(private readonly st: SafetensorsFile) {
    const probe = 'embeddings.word_embeddings.weight';
    if (st.get(`bert.${probe}`)) this.prefix = 'bert.';
    else if (st.get(probe)) this.prefix = '';
    else
      throw new CoreError('BAD_REQUEST', `${st.file}: tensor bert.${probe} (or ${probe}) is missing: not a BERT checkpoint`, {
        file: st.file,
      });
  }

  resolve(name: string): string | null {
    const full = this.prefix + name;
    if (this.st.get(full)) return full;
    // Checkpoints converted from TensorFlow may keep its LayerNorm names.
    const legacy = full.replace(/\.LayerNorm\.weight$/, '.LayerNorm.gamma').replace(/\.LayerNorm\.bias$/, '.LayerNorm.beta');
    return legacy !== full && this.st.get(legacy) ? legacy : null;
  }
}

/** Checks that every needed tensor exists with the config's shape and a float dtype; returns the prefix. */
export function checkCheckpoint(st: SafetensorsFile, c: BertModelConfig): { prefix: string; dtypes: string[] } {
  const names = new CheckpointNames(st);
  const dtypes = new Set<string>();
  for (const spec of paramSpecs(c)) {
    for (const n of spec.source.names) {
      const resolved = names.resolve(n);
      const fail = (reason: string) =>
        new CoreError('BAD_REQUEST', `${st.file}: tensor ${resolved ?? names.prefix + n} ${reason}`, { file: st.file });
      if (!resolved) throw fail('is missing');
      const info = st.get(resolved)!;
      if (!(FLOAT_DTYPES as readonly string[]).includes(info.dtype))
        throw fail(`has dtype ${info.dtype}; only ${FLOAT_DTYPES.join(', ')} weights are supported`);
      if (info.shape.join('x') !== spec.source.shape.join('x')) {
        throw fail(`has shape [${info.shape.join(', ')}] but config.json implies [${spec.source.shape.join(', ')}]`);
      }
      dtypes.add(info.dtype);
    }
  }
  return { prefix: names.prefix, dtypes: [...dtypes].sort() };
}

function transposeInto(src: Float32Array, rows: number, cols: number, out: Float32Array, outCols: number, colOffset: number): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let k = 0; k < cols; k++) out[k * outCols + colOffset + r] = src[base + k]!;
  }
}

/** The values of one of our weights, read and rearranged from the checkpoint. */
export function readParam(st: SafetensorsFile, names: CheckpointNames, spec: ParamSpec): Float32Array {
  const src = spec.source;
  const tensors = src.names.map((n) => st.readFloat32(names.resolve(n)!));
  if (src.transform === 'copy') return tensors[0]!;
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  if (src.transform === 'concat') {
    tensors.forEach((t, k) => out.set(t, k * t.length));
    return out;
  }
  const [rows, cols] = src.shape as [number, number];
  const outCols = spec.shape[1]!;
  tensors.forEach((t, k) => transposeInto(t, rows, cols, out, outCols, k * rows));
  return out;
}

/** Creates the encoder's weights in `params`: from a checkpoint, BERT's random init, or zeros. */
export function addBertParams(
  params: Params,
  c: BertModelConfig,
  init: { kind: 'checkpoint'; st: SafetensorsFile } | { kind: 'random' | 'zeros' },
  rng: Rng,
): void {
  const names = init.kind === 'checkpoint' ? new CheckpointNames(init.st) : null;
  for (const spec of paramSpecs(c)) {
    if (init.kind === 'checkpoint') {
      params.add(spec.name, spec.shape, { values: readParam(init.st, names!, spec) }, rng);
    } else if (init.kind === 'zeros' || spec.init === 'zeros') {
      params.add(spec.name, spec.shape, 'zeros', rng);
    } else if (spec.init === 'ones') {
      params.add(spec.name, spec.shape, 'ones', rng);
    } else {
      // BERT's initialiser: N(0, initializer_range) for embeddings and dense weights.
      params.add(spec.name, spec.shape, { normal: c.initializerRange }, rng);
    }
  }
}
