// A pretrained encoder's weights as this encoder holds them, and where each comes from in a
// Hugging Face checkpoint (names from the architecture's layout, with or without its prefix):
//
//   ours                 Hugging Face (BERT's names; layout.ts of each architecture gives its own)
//   emb/word             embeddings.word_embeddings.weight             [V, H]
//   emb/pos              embeddings.position_embeddings.weight         [P, H]
//   emb/type             embeddings.token_type_embeddings.weight       [types, H]  (not DistilBERT)
//   emb/ln/{g,b}         embeddings.LayerNorm.{weight,bias}            (or {gamma,beta})
//   l<i>/qkv/w           the query, key and value weights, each transposed, side by side   [H, 3H]
//   l<i>/qkv/b           their biases                                  [3H]
//   l<i>/attn/{w,b}      the attention output projection               [H, H]^T
//   l<i>/ln1/{g,b}       the attention output LayerNorm
//   l<i>/ff1/{w,b}       the intermediate projection                   [I, H]^T
//   l<i>/ff2/{w,b}       the output projection                         [H, I]^T
//   l<i>/ln2/{g,b}       the output LayerNorm
//
// Linear weights are stored [in, out] (transposed from PyTorch's [out, in]) so the forward pass is
// plain x·W products, and the three attention projections are one [H, 3H] product. Other tensors
// of the file (pooler, masked-LM head, position_ids buffer) are ignored.

import { CoreError } from '../../../errors.js';
import type { Params } from '../../runtime/params.js';
import type { Rng } from '../../runtime/rng.js';
import type { SafetensorsFile } from '../../io/safetensors.js';
import { FLOAT_DTYPES } from '../../io/safetensors.js';
import type { Architecture, TransformerShape } from './architecture.js';

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
  init: 'embedding' | 'dense' | 'ones' | 'zeros' | 'sinusoidal';
  source: Source;
}

/** Every weight of the encoder, in a fixed order, with its checkpoint source. */
export function paramSpecs(arch: Architecture, c: TransformerShape): ParamSpec[] {
  const H = c.hiddenSize;
  const I = c.intermediateSize;
  const L = arch.layout;
  const specs: ParamSpec[] = [];
  const add = (name: string, shape: number[], init: ParamSpec['init'], names: string[], srcShape: number[], transform: Transform) =>
    specs.push({ name, shape, init, source: { names, shape: srcShape, transform } });
  const norm = (ours: string, hf: string) => {
    add(`${ours}/g`, [H], 'ones', [`${hf}.weight`], [H], 'copy');
    add(`${ours}/b`, [H], 'zeros', [`${hf}.bias`], [H], 'copy');
  };
  const dense = (ours: string, hf: string, rows: number, cols: number) => {
    add(`${ours}/w`, [cols, rows], 'dense', [`${hf}.weight`], [rows, cols], 'transpose');
    add(`${ours}/b`, [rows], 'zeros', [`${hf}.bias`], [rows], 'copy');
  };
  add('emb/word', [c.vocabSize, H], 'embedding', [`${L.word}.weight`], [c.vocabSize, H], 'copy');
  const posInit = c.sinusoidalPositions ? 'sinusoidal' : 'embedding';
  add('emb/pos', [c.maxPositions, H], posInit, [`${L.position}.weight`], [c.maxPositions, H], 'copy');
  if (L.tokenType !== null && c.typeVocabSize > 0)
    add('emb/type', [c.typeVocabSize, H], 'embedding', [`${L.tokenType}.weight`], [c.typeVocabSize, H], 'copy');
  norm('emb/ln', L.embeddingNorm);
  for (let l = 0; l < c.numLayers; l++) {
    const n = L.layer(l);
    const qkv = [n.query, n.key, n.value];
    add(
      `l${l}/qkv/w`,
      [H, 3 * H],
      'dense',
      qkv.map((m) => `${m}.weight`),
      [H, H],
      'concat-transpose',
    );
    add(
      `l${l}/qkv/b`,
      [3 * H],
      'zeros',
      qkv.map((m) => `${m}.bias`),
      [H],
      'concat',
    );
    dense(`l${l}/attn`, n.attentionOut, H, H);
    norm(`l${l}/ln1`, n.attentionNorm);
    dense(`l${l}/ff1`, n.intermediate, I, H);
    dense(`l${l}/ff2`, n.output, H, I);
    norm(`l${l}/ln2`, n.outputNorm);
  }
  return specs;
}

/** Whether a weight stays fixed: the embeddings and the lowest `layers` layers when frozen, a sinusoidal table always. */
export function isFrozen(name: string, layers: number, shape: TransformerShape): boolean {
  if (name === 'emb/pos' && shape.sinusoidalPositions) return true;
  if (layers <= 0) return false;
  if (name.startsWith('emb/')) return true;
  const m = /^l(\d+)\//.exec(name);
  return m !== null && Number(m[1]) < layers;
}

/** Resolves a Hugging Face name to the one the file uses: the architecture's prefix or none, LayerNorm gamma/beta. */
export class CheckpointNames {
  readonly prefix: string;

  constructor(
    private readonly st: SafetensorsFile,
    arch: Architecture,
  ) {
    const probe = `${arch.layout.word}.weight`;
    const p = arch.layout.prefix;
    if (st.get(`${p}${probe}`)) this.prefix = p;
    else if (st.get(probe)) this.prefix = '';
    else
      throw new CoreError(
        'BAD_REQUEST',
        `${st.file}: tensor ${p}${probe} (or ${probe}) is missing: not a ${arch.modelTypes.join('/')} checkpoint`,
        { file: st.file },
      );
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
export function checkCheckpoint(st: SafetensorsFile, arch: Architecture, c: TransformerShape): { prefix: string; dtypes: string[] } {
  const names = new CheckpointNames(st, arch);
  const dtypes = new Set<string>();
  for (const spec of paramSpecs(arch, c)) {
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

/** The inverse of readParam: the checkpoint tensors (unprefixed names, PyTorch layout) of one of our weights. */
export function writeParam(spec: ParamSpec, values: Float32Array): { name: string; shape: number[]; data: Float32Array }[] {
  const src = spec.source;
  const size = src.shape.reduce((a, b) => a * b, 1);
  return src.names.map((name, k) => {
    if (src.transform === 'copy') return { name, shape: src.shape, data: values };
    if (src.transform === 'concat') return { name, shape: src.shape, data: values.slice(k * size, (k + 1) * size) };
    const [rows, cols] = src.shape as [number, number];
    const inCols = spec.shape[1]!;
    const data = new Float32Array(size);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = values[c * inCols + k * rows + r]!;
    return { name, shape: src.shape, data };
  });
}

/** The fixed table of sinusoidal position embeddings DistilBERT's create_sinusoidal_embeddings makes. */
export function sinusoidalTable(rows: number, dim: number): Float32Array {
  const out = new Float32Array(rows * dim);
  for (let pos = 0; pos < rows; pos++) {
    for (let j = 0; j < dim; j++) {
      const angle = pos / Math.pow(10000, (2 * Math.floor(j / 2)) / dim);
      out[pos * dim + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

/** Creates the encoder's weights in `params`: from a checkpoint, the architecture's random init, or zeros. */
export function addPretrainedParams(
  params: Params,
  arch: Architecture,
  c: TransformerShape,
  init: { kind: 'checkpoint'; st: SafetensorsFile } | { kind: 'random' | 'zeros' },
  rng: Rng,
): void {
  const names = init.kind === 'checkpoint' ? new CheckpointNames(init.st, arch) : null;
  for (const spec of paramSpecs(arch, c)) {
    if (init.kind === 'checkpoint') {
      params.add(spec.name, spec.shape, { values: readParam(init.st, names!, spec) }, rng);
    } else if (init.kind === 'zeros' || spec.init === 'zeros') {
      params.add(spec.name, spec.shape, 'zeros', rng);
    } else if (spec.init === 'ones') {
      params.add(spec.name, spec.shape, 'ones', rng);
    } else if (spec.init === 'sinusoidal') {
      params.add(spec.name, spec.shape, { values: sinusoidalTable(spec.shape[0]!, spec.shape[1]!) }, rng);
    } else {
      // BERT's initialiser: N(0, initializer_range) for embeddings and dense weights.
      params.add(spec.name, spec.shape, { normal: c.initializerRange }, rng);
    }
  }
}
