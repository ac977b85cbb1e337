// A model with a pretrained encoder as a Hugging Face token-classification folder, the layout
// transformers' AutoModelForTokenClassification.from_pretrained(dir) loads as it is:
//   config.json        the checkpoint's own, with architectures [<Arch>ForTokenClassification],
//                      id2label and label2id in the model's label order
//   model.safetensors  the recognizer's encoder under the architecture's prefix (`bert.`,
//                      `roberta.`, `distilbert.`), classifier.weight [labels x hidden] and
//                      classifier.bias [labels]: the recognizer's head, one linear layer over each
//                      word's first sub-token, is exactly transformers' token-classification head
//   tokenizer files    copied from the encoder (tokenizer.json, vocab.txt, sentencepiece.bpe.model, ...)
//   README.md          a model card: labels, how to load, what it was trained on
// A teacher's similarity evaluator has no transformers counterpart and is left out. The folder is
// written beside the target and renamed into place, so it is whole or absent.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../errors.js';
import { readJsonFile } from '../../json-file.js';
import { TOKENIZER_FILES } from '../../text/subword/index.js';
import { encoderDefinition, type EncoderConfig } from '../encoders/index.js';
import type { Architecture } from '../encoders/pretrained/architecture.js';
import { paramSpecs, writeParam } from '../encoders/pretrained/checkpoint.js';
import { CONFIG_FILE, WEIGHTS_FILE } from '../encoders/pretrained/config.js';
import { copyFiles } from '../encoders/pretrained/model-files.js';
import type { NerModel, TrainingSummary } from '../model/model.js';
import { readSavedModel } from './model-io.js';
import { writeSafetensors, type TensorToWrite } from './safetensors.js';
import { writeFileAtomic } from '../../files/index.js';

export interface HfExportReport {
  dir: string;
  modelType: string;
  /** The transformers class in config.json's architectures. */
  architecture: string;
  labels: string[];
  files: string[];
}

/** What an export reads: the encoder config (its folder absolute), labels and the recognizer's weights. */
interface ExportSource {
  encoder: EncoderConfig;
  labels: readonly string[];
  kind: 'teacher' | 'student';
  summary: TrainingSummary | null;
  /** Values of a recognizer weight (`encoder/l0/qkv/w`, `head/w`) with the shape given. */
  weight(name: string, shape: readonly number[]): Float32Array;
}

function architectureOf(encoder: EncoderConfig): { arch: Architecture; dir: string } {
  const def = encoderDefinition(encoder.kind);
  const dir = def.folder(encoder);
  if (def.architecture === null || dir === null) {
    throw new CoreError(
      'BAD_REQUEST',
      `a model with the ${encoder.kind} encoder cannot be exported as a Hugging Face checkpoint: transformers has no such ` +
        'architecture. Train with a pretrained encoder (xlm-roberta:<dir>, bert:<dir>, distilbert:<dir>) to export one',
    );
  }
  return { arch: def.architecture, dir };
}

function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c]!;
  return out;
}

/** Crosstag reads long sentences in overlapping windows; transformers reads one sequence, so the card says so. */
function windowNote(encoder: EncoderConfig): string[] | null {
  const c = encoder as { maxLength?: number; stride?: number };
  if (c.maxLength === undefined) return null;
  return [
    '',
    `Crosstag read sentences in windows of at most ${c.maxLength} tokens${c.stride !== undefined ? ` overlapping by ${c.stride}` : ''};`,
    'transformers reads each sequence whole, so words of longer sentences see more context here.',
  ];
}

function modelCard(config: Record<string, unknown>, source: ExportSource, arch: Architecture): string {
  const stages = source.summary?.stages.map(
    (s) => `- ${s.stage}: ${s.epochs} epochs, kept epoch ${s.bestEpoch} (${s.metric} on ${s.selectedOn})`,
  );
  return [
    '---',
    'library_name: transformers',
    'pipeline_tag: token-classification',
    'tags: [crosstag, ner, cross-lingual]',
    '---',
    '',
    `# ${String(config['model_type'])} token classifier exported from Crosstag`,
    '',
    `A ${source.kind === 'teacher' ? "teacher's entity recognizer" : 'student'} trained with Crosstag (MTMT, Li et al., ACL 2022).`,
    `Labels (IOB2): ${source.labels.join(', ')}. Each word is labelled from its first sub-token.`,
    '',
    '```python',
    'from transformers import AutoModelForTokenClassification, AutoTokenizer',
    `model = AutoModelForTokenClassification.from_pretrained("path/to/this/folder")  # ${arch.tokenClassification}`,
    'tokenizer = AutoTokenizer.from_pretrained("path/to/this/folder")',
    '```',
    ...(windowNote(source.encoder) ?? []),
    ...(stages && stages.length > 0 ? ['', '## Training', '', ...stages] : []),
    '',
  ].join('\n');
}

function writeInto(dir: string, source: ExportSource): HfExportReport {
  const { arch, dir: encoderDir } = architectureOf(source.encoder);
  const configFile = path.join(encoderDir, CONFIG_FILE);
  const raw = readJsonFile(configFile) as Record<string, unknown>;
  const shape = arch.readConfig(raw, configFile);
  const tensors: TensorToWrite[] = [];
  for (const spec of paramSpecs(arch, shape)) {
    const values = source.weight(`encoder/${spec.name}`, spec.shape);
    for (const t of writeParam(spec, values))
      tensors.push({ name: arch.layout.prefix + t.name, dtype: 'F32', shape: t.shape, data: t.data });
  }
  const H = shape.hiddenSize;
  const K = source.labels.length;
  tensors.push({ name: 'classifier.weight', dtype: 'F32', shape: [K, H], data: transpose(source.weight('head/w', [H, K]), H, K) });
  tensors.push({ name: 'classifier.bias', dtype: 'F32', shape: [K], data: source.weight('head/b', [K]) });
  writeSafetensors(path.join(dir, WEIGHTS_FILE), tensors, { format: 'pt' });
  copyFiles(encoderDir, dir, TOKENIZER_FILES);
  const config = {
    ...raw,
    architectures: [arch.tokenClassification],
    id2label: Object.fromEntries(source.labels.map((l, i) => [String(i), l])),
    label2id: Object.fromEntries(source.labels.map((l, i) => [l, i])),
  };
  writeFileAtomic(path.join(dir, 'README.md'), modelCard(config, source, arch));
  writeFileAtomic(path.join(dir, CONFIG_FILE), JSON.stringify(config, null, 2));
  return {
    dir: path.resolve(dir),
    modelType: shape.modelType,
    architecture: arch.tokenClassification,
    labels: [...source.labels],
    files: readdirSync(dir).sort(),
  };
}

/** Writes the folder beside `dir` and renames it into place; an existing non-empty `dir` is refused. */
function exportTo(dir: string, source: ExportSource): HfExportReport {
  // Refused before anything is written: a small model, or a folder that is already taken.
  architectureOf(source.encoder);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new CoreError('CONFLICT', `${dir} already exists and is not an empty folder; choose a new folder name`, { file: dir });
  }
  mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  const partial = path.join(path.dirname(path.resolve(dir)), `.${path.basename(dir)}.${process.pid}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  try {
    const report = writeInto(partial, source);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    return { ...report, dir: path.resolve(dir) };
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}

/** Exports a model (in memory) as a Hugging Face token-classification folder. */
export async function exportHfCheckpoint(model: NerModel, dir: string): Promise<HfExportReport> {
  // Read before writing: a GPU backend hands tensors back only asynchronously.
  const weights = new Map<string, { shape: string; values: Float32Array }>();
  for (const [name, v] of model.recognizer.named()) {
    weights.set(name, { shape: v.shape.join('x'), values: Float32Array.from((await v.data()) as Float32Array) });
  }
  return exportTo(dir, {
    encoder: model.spec.encoder,
    labels: model.labels,
    kind: model.kind,
    summary: model.summary,
    weight: (name, shape) => {
      const w = weights.get(name);
      if (!w || w.shape !== shape.join('x')) throw new Error(`recognizer weight ${name} [${shape.join(', ')}] is missing`);
      return w.values;
    },
  });
}

/** Exports a saved model folder as a Hugging Face folder, straight from its files (no TensorFlow.js needed). */
export function exportHfFolder(modelDir: string, dir: string): HfExportReport {
  const saved = readSavedModel(modelDir);
  const def = encoderDefinition(saved.encoder.kind);
  return exportTo(dir, {
    encoder: def.forLoad(saved.encoder, modelDir) as EncoderConfig,
    labels: saved.labels,
    kind: saved.kind,
    summary: saved.summary,
    weight: (name, shape) => saved.weight(`recognizer/${name}`, shape),
  });
}

/** Whether a folder's config.json is a Crosstag model's (format crosstag-model) rather than a hub checkpoint's. */
export function isCrosstagModel(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(path.join(dir, CONFIG_FILE), 'utf8')) as { format?: unknown }).format === 'crosstag-model';
  } catch {
    return false;
  }
}
