import { describe, expect, it } from 'vitest';
import type { BackendReport, EncoderInfo, PretrainedSummary } from '../../../../src-main/contract/entities.js';
import {
  encoderParts,
  encoderValue,
  isPretrainedValue,
  pretrainedFolder,
  fineTuneNote,
  formatCount,
  registeredFor,
  summaryLine,
} from '../../../../src-renderer/lib/encoders.js';

const MBERT: PretrainedSummary = {
  modelType: 'bert',
  layers: 12,
  hidden: 768,
  heads: 12,
  vocabSize: 119547,
  maxPositions: 512,
  cased: true,
  parameters: 177_853_440,
  bytes: 714_290_682,
  dtypes: ['F32'],
};
const TINY: PretrainedSummary = {
  ...MBERT,
  layers: 2,
  hidden: 32,
  heads: 4,
  vocabSize: 183,
  maxPositions: 64,
  parameters: 21610,
  bytes: 97_613,
  cased: false,
};

const backend = (chosen: string): BackendReport => ({
  chosen,
  reason: `${chosen} chosen. CUDA is not in use (npm install @tensorflow/tfjs-node-gpu); without a GPU, @tensorflow/tfjs-node (npm install @tensorflow/tfjs-node) is the fastest CPU backend`,
  tried: [],
});

describe('encoder values', () => {
  it('splits a value into the encoder and its frozen layers, and joins them back', () => {
    expect(encoderParts('small')).toEqual({ base: 'small', freeze: 0 });
    expect(encoderParts('bert:/m/mbert')).toEqual({ base: 'bert:/m/mbert', freeze: 0 });
    expect(encoderParts('bert:/m/mbert#freeze=4')).toEqual({ base: 'bert:/m/mbert', freeze: 4 });
    expect(encoderParts('bert:/m/mbert#max-length=128,freeze=2,stride=32')).toEqual({ base: 'bert:/m/mbert', freeze: 2 });
    expect(encoderParts('bert:/m/mbert#max-length=128')).toEqual({ base: 'bert:/m/mbert', freeze: 0 });
    expect(encoderValue('bert:/m/mbert', 3)).toBe('bert:/m/mbert#freeze=3');
    expect(encoderValue('bert:/m/mbert', 0)).toBe('bert:/m/mbert');
    expect(encoderValue('small-cnn', 3)).toBe('small-cnn');
    expect(encoderParts('xlm-roberta:C:\\m\\xlmr#freeze=2')).toEqual({ base: 'xlm-roberta:C:\\m\\xlmr', freeze: 2 });
    expect(pretrainedFolder('distilbert:/m/d#freeze=1')).toBe('/m/d');
    expect(isPretrainedValue('small-cnn')).toBe(false);
    for (const v of ['small', 'bert:/x', 'bert:/x#freeze=5', 'xlm-roberta:/x#freeze=3']) {
      const p = encoderParts(v);
      expect(encoderValue(p.base, p.freeze)).toBe(v);
    }
  });

  it('finds the registered encoder a value trains from', () => {
    const enc = { kind: 'pretrained', id: 1, value: 'bert:/m/mbert' } as EncoderInfo;
    expect(registeredFor('bert:/m/mbert#freeze=2', [enc])).toBe(enc);
    expect(registeredFor('bert:/m/other', [enc])).toBeNull();
    expect(registeredFor('small', [enc])).toBeNull();
  });
});

describe('how a checkpoint reads', () => {
  it('summarises depth, width, vocabulary, casing, parameters and size', () => {
    expect(formatCount(177_853_440)).toBe('178M');
    expect(formatCount(4_400_000)).toBe('4.4M');
    expect(formatCount(21610)).toBe('22k');
    expect(formatCount(999)).toBe('999');
    expect(summaryLine(MBERT)).toBe('bert · 12 layers · hidden 768 · 120k word pieces · cased · 178M parameters · 681.2 MB');
    expect(summaryLine(TINY)).toContain('uncased');
  });

  it('says an mBERT-size model does not fit in wasm memory, in the backend report’s words on what to install', () => {
    const wasm = fineTuneNote(MBERT, backend('wasm'));
    expect(wasm).toMatch(/^This does not fit in memory on the wasm backend in use: .* at most 4 GB, which 178M parameters overflow\./);
    expect(wasm).toContain('npm install @tensorflow/tfjs-node');
    expect(fineTuneNote(MBERT, backend('cpu'))).toMatch(/far too slowly .*npm install @tensorflow\/tfjs-node/);
    expect(fineTuneNote(MBERT, null)).toMatch(/does not fit in memory .* @tensorflow\/tfjs-node or @tensorflow\/tfjs-node-gpu is needed/);
    const native = fineTuneNote(MBERT, backend('tfjs-node'));
    expect(native).toMatch(/Backend: tfjs-node; expect several GB of memory/);
    expect(native).not.toMatch(/does not fit/);
    expect(fineTuneNote(TINY, backend('wasm'))).toMatch(
      /^A checkpoint of 22k parameters fits in memory on every backend\. Fine-tuning runs all 2 layers/,
    );
  });
});
