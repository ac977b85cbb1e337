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
