// A Hugging Face token-classification folder (what hf-export.ts writes, what transformers'
// save_pretrained writes for a *ForTokenClassification model, what a cluster trainer leaves) as a
// NerModel: config.json's model_type picks the architecture and id2label gives the labels;
// model.safetensors holds the encoder under its usual prefix and classifier.weight [labels x hidden],
// classifier.bias [labels]. The result is a student (there is no similarity evaluator to read).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CoreError } from '../../errors.js';
import { parseJson, readJsonFile } from '../../json-file.js';
import { getTf } from '../runtime/backend.js';
import { architectureFor, parseEncoderConfig } from '../encoders/index.js';
import { CONFIG_FILE, readCheckpointConfig, WEIGHTS_FILE } from '../encoders/pretrained/config.js';
import { buildModel, type NerModel } from '../model/model.js';
import { SafetensorsFile } from './safetensors.js';
import { isCrosstagModel } from './hf-export.js';
import { loadModel } from './model-io.js';

const EMPTY_VOCAB = { words: ['<pad>', '<unk>'], chars: ['<pad>', '<unk>'] };
const IOB2 = /^(O|[BI]-.+)$/;

const headSchema = z.looseObject({
  id2label: z.record(z.string(), z.string(), { error: 'no id2label: not a token-classification checkpoint' }),
  classifier_dropout: z.number().min(0).max(1).nullable().optional(),
  hidden_dropout_prob: z.number().min(0).max(1).optional(),
  dropout: z.number().min(0).max(1).optional(),
});

/** The labels in id order; ids must run 0..K-1 and every label must be IOB2. */
function labelsOf(id2label: Record<string, string>, file: string): string[] {
  const labels: string[] = [];
  const ids = Object.keys(id2label);
  for (let i = 0; i < ids.length; i++) {
    const label = id2label[String(i)];
    if (label === undefined)
      throw new CoreError('BAD_REQUEST', `${file}: id2label has no label for id ${i} (ids must run 0 to ${ids.length - 1})`, { file });
    if (!IOB2.test(label))
      throw new CoreError('BAD_REQUEST', `${file}: label "${label}" is not IOB2 (O, B-<type>, I-<type>), which Crosstag decodes`, { file });
    labels.push(label);
  }
  if (!labels.includes('O')) throw new CoreError('BAD_REQUEST', `${file}: id2label has no "O" label`, { file });
  return labels;
}

/** Loads a Hugging Face token-classification folder as a model; errors name the file and field. */
export function loadHfCheckpoint(dir: string): NerModel {
  const tf = getTf();
  const config = readCheckpointConfig(dir);
  const arch = architectureFor(config.modelType, config.file);
  const head = parseJson(config.file, config.raw, headSchema);
  const labels = labelsOf(head.id2label, config.file);
  const weightsFile = path.join(dir, WEIGHTS_FILE);
  const st = SafetensorsFile.open(weightsFile);
  let classifier: { w: Float32Array; b: Float32Array; hidden: number };
  try {
    const w = st.get('classifier.weight');
    const b = st.get('classifier.bias');
    if (!w || !b)
      throw new CoreError(
        'BAD_REQUEST',
        `${weightsFile}: no classifier.weight and classifier.bias: not a token-classification checkpoint`,
        { file: weightsFile },
      );
    if (w.shape.length !== 2 || w.shape[0] !== labels.length || b.shape.join('x') !== String(labels.length)) {
      throw new CoreError(
        'BAD_REQUEST',
        `${weightsFile}: classifier.weight [${w.shape.join(', ')}] and classifier.bias [${b.shape.join(', ')}] do not match the ${labels.length} labels of id2label`,
        { file: weightsFile },
      );
    }
    classifier = { w: st.readFloat32('classifier.weight'), b: st.readFloat32('classifier.bias'), hidden: w.shape[1]! };
  } finally {
    st.close();
  }
  const headDropout = head.classifier_dropout ?? head.hidden_dropout_prob ?? head.dropout ?? 0.1;
  const encoder = parseEncoderConfig({ kind: arch.kind, dir: path.resolve(dir) }, config.file);
  const model = buildModel(tf, { kind: 'student', encoder, labels, vocab: EMPTY_VOCAB, headDropout }, 0);
  try {
    const H = model.recognizer.encoder.dim;
    if (classifier.hidden !== H)
      throw new CoreError(
        'BAD_REQUEST',
        `${weightsFile}: classifier.weight is ${classifier.hidden} wide but the encoder's hidden size is ${H}`,
        { file: weightsFile },
      );
    const K = labels.length;
    const w = new Float32Array(H * K);
    for (let k = 0; k < K; k++) for (let h = 0; h < H; h++) w[h * K + k] = classifier.w[k * H + h]!;
    tf.tidy(() => {
      model.recognizer.head.get('w').assign(tf.tensor2d(w, [H, K]));
      model.recognizer.head.get('b').assign(tf.tensor1d(classifier.b));
    });
    return model;
  } catch (err) {
    model.dispose();
    throw err;
  }
}

/** A Crosstag model folder (saveModel's) or a Hugging Face token-classification folder, as a model. */
export function openModel(dir: string): NerModel {
  const file = path.join(dir, CONFIG_FILE);
  const hub = existsSync(file) && !isCrosstagModel(dir) && (readJsonFile(file) as { format?: unknown }).format === undefined;
  return hub ? loadHfCheckpoint(dir) : loadModel(dir);
}
