// Pure helpers for encoder choices: the TrainingConfig.encoder value a choice and its frozen layers
// make, how a pretrained checkpoint reads at a glance, and what fine-tuning it costs on the
// backend in use.

import type { BackendReport, EncoderInfo, PretrainedSummary } from '../../src-main/contract/entities.js';
import { formatBytes } from './bytes.js';

/** `<architecture>:<dir>`: a pretrained checkpoint's value (small encoders' names have no colon). */
const PRETRAINED = /^[a-z][a-z0-9-]*:/;

/** Whether an encoder value names a pretrained checkpoint folder (`xlm-roberta:/m/xlmr#freeze=2`). */
export function isPretrainedValue(value: string): boolean {
  return PRETRAINED.test(value);
}

/** The folder part of a pretrained value, options left out: `bert:/m#freeze=2` → `/m`. */
export function pretrainedFolder(value: string): string {
  const { base } = encoderParts(value);
  return base.slice(base.indexOf(':') + 1);
}

/** The encoder a value names and the layers it freezes: `bert:/m#freeze=2` → { base: 'bert:/m', freeze: 2 }. */
export function encoderParts(value: string): { base: string; freeze: number } {
  if (!isPretrainedValue(value)) return { base: value, freeze: 0 };
  const hash = value.lastIndexOf('#');
  if (hash < 0) return { base: value, freeze: 0 };
  const freeze = /(?:^|,)freeze=(\d+)(?:,|$)/.exec(value.slice(hash + 1));
  return { base: value.slice(0, hash), freeze: freeze ? Number(freeze[1]) : 0 };
}

/** The value training.start takes for an encoder with its lowest `freeze` layers kept fixed. */
export function encoderValue(base: string, freeze: number): string {
  return isPretrainedValue(base) && freeze > 0 ? `${base}#freeze=${freeze}` : base;
}

/** "178M", "22k": a parameter count at a glance. */
export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}k`;
  return String(n);
}

/** One line: type, depth, width, vocabulary, casing, size. */
export function summaryLine(s: PretrainedSummary): string {
  return [
    s.modelType,
    `${s.layers} layers`,
    `hidden ${s.hidden}`,
    `${formatCount(s.vocabSize)} word pieces`,
    s.cased ? 'cased' : 'uncased',
    `${formatCount(s.parameters)} parameters`,
    formatBytes(s.bytes),
    ...(s.tokenizer ? [`${s.tokenizer} tokenizer`] : []),
  ].join(' · ');
}

// test/bench/bert.ts: at mBERT's size (178M parameters) one forward+backward batch of 8 sentences
// of 64 word pieces overflows wasm's single 4 GB heap. BERT-base (110M) is the same depth and
// width, so from this size on the wasm backend is refused in advance.
const TOO_BIG_FOR_WASM = 50_000_000;

/**
 * What fine-tuning this checkpoint costs on the backend the engine reported (null: not known yet),
 * with the backend report's own words on what to install.
 */
export function fineTuneNote(s: PretrainedSummary, backend: BackendReport | null): string {
  const big = s.parameters >= TOO_BIG_FOR_WASM;
  const slow = `Fine-tuning runs all ${s.layers} layers forward and back on every batch, so a run takes far longer than with a small encoder; freezing lower layers saves memory and time.`;
  if (!big) return `A checkpoint of ${formatCount(s.parameters)} parameters fits in memory on every backend. ${slow}`;
  if (backend === null) {
    return `${slow} On the wasm backend a model of ${formatCount(s.parameters)} parameters does not fit in memory (one WebAssembly heap of at most 4 GB); @tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu is needed.`;
  }
  if (backend.chosen === 'wasm') {
    return `This does not fit in memory on the wasm backend in use: the model, its gradients and a batch's activations share one WebAssembly heap of at most 4 GB, which ${formatCount(s.parameters)} parameters overflow. ${backend.reason}`;
  }
  if (backend.chosen === 'cpu') {
    return `On the plain JavaScript (cpu) backend in use a model of ${formatCount(s.parameters)} parameters trains far too slowly to be useful. ${backend.reason}`;
  }
  return `${slow} Backend: ${backend.chosen}; expect several GB of memory at ${formatCount(s.parameters)} parameters.`;
}

/** The registered encoder a TrainingConfig.encoder value trains from, if any. */
export function registeredFor(value: string, encoders: readonly EncoderInfo[]): EncoderInfo | null {
  const { base } = encoderParts(value);
  return encoders.find((e) => e.value === base) ?? null;
}
