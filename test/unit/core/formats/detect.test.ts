import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../../src-main/core/formats/index.js';
import { bytes } from './helpers.js';

describe('detectFormat', () => {
  it('knows CoNLL by tags, markers or word-per-line blocks', () => {
    expect(detectFormat(bytes('EU NNP I-NP I-ORG\nrejects VBZ I-VP O\n'), 'train.txt')).toBe('conll');
    expect(detectFormat(bytes('-DOCSTART- -DOCSTART- O\nDe Art O\n'), 'ned.train')).toBe('conll');
    expect(detectFormat(bytes('Shortly\nafterward\n\nHe\nleft\n'), 'test.txt')).toBe('conll');
    // A broken line must not turn a column file into prose: the CoNLL reader will name it.
    expect(detectFormat(bytes('a O\nb X-PER\nc O\n'), 'x.txt')).toBe('conll');
    expect(detectFormat(bytes('anything at all\n'), 'x.iob')).toBe('conll');
  });

  it('tells HF records from span records', () => {
    expect(detectFormat(bytes('{"tokens": ["a"], "ner_tags": [0]}\n'), 'x.jsonl')).toBe('hf');
    expect(detectFormat(bytes('{"tokens": ["a"]}\n'), 'x.jsonl')).toBe('hf');
    expect(detectFormat(bytes('{"text": "a", "label": []}\n'), 'x.data')).toBe('jsonl');
    expect(detectFormat(bytes('{"text": "a", "tokens": [{"text":"a","start":0,"end":1}]}\n'), 'x')).toBe('jsonl');
    expect(detectFormat(bytes('{"text": "broken'), 'x')).toBe('jsonl');
  });

  it('takes prose for plain text', () => {
    expect(detectFormat(bytes('This is a sentence.\nAnd another one here.\n'), 'notes.txt')).toBe('text');
    expect(detectFormat(bytes('Single\nwords\nwithout\nblocks\n'), 'list.txt')).toBe('text');
  });
});

describe('detecting Label Studio and WebAnno files', () => {
  it('tells the full export, JSON-MIN, a plain task list and JSONL-style records in an array apart', () => {
    const detect = (text: string, name = 'x.json') => detectFormat(bytes(text), name);
    expect(detect('[{"id": 1, "data": {"text": "a"}, "annotations": []}]')).toBe('labelstudio');
    expect(detect('[\n  {\n    "id": 1,\n    "predictions": []')).toBe('labelstudio');
    expect(detect('{\n  "data": {"text": "a"},\n  "annotations": []\n}')).toBe('labelstudio');
    expect(detect('[{"text": "a", "id": 1, "label": [{"start": 0, "end": 1, "labels": ["X"]}]}]')).toBe('labelstudio-min');
    expect(detect('[{"text": "a", "id": 1}]')).toBe('labelstudio-min');
    expect(detect('[{"text": "a", "label": [[0, 1, "X"]]}]')).toBe('jsonl');
    expect(detect('#FORMAT=WebAnno TSV 3.3\n', 'doc.tsv')).toBe('webanno');
  });
});
