import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readCorpus } from '../../../../src-main/core/formats/index.js';
import { bytes, errorOf } from './helpers.js';

describe('decoding', () => {
  it('reads latin-1 bytes as latin-1 and says so, naming the line', () => {
    // "Bogotá" and "Perú" in latin-1: 0xE1 and 0xFA are not valid UTF-8 on their own.
    const latin1 = Uint8Array.from([...bytes('En O\n'), ...Buffer.from('Bogotá B-LOC\ny O\nPerú B-LOC\n', 'latin1')]);
    const c = readCorpus(latin1, { file: 'esp.train' });
    expect(c.encoding).toBe('latin-1');
    expect(c.warnings).toEqual(['esp.train:2: file is not UTF-8; read as latin-1 (first non-UTF-8 byte 0xe1)']);
    expect(c.documents[0]?.sentences[0]?.text).toBe('En Bogotá y Perú');
    expect(c.documents[0]?.sentences[0]?.spans?.length).toBe(2);
  });

  it('takes the Windows characters in 0x80-0x9F as windows-1252', () => {
    const c = readCorpus(Uint8Array.from([0x93, 0x61, 0x94, 0x0a]), { file: 'q.txt', format: 'text' });
    expect(c.documents[0]?.sentences[0]?.text).toBe('\u201Ca\u201D');
  });

  it('rejects binary garbage with a clear reason', () => {
    const withNul = errorOf(() => readCorpus(Uint8Array.from([...bytes('a O\nb O\n'), 0x00, 0x01]), { file: 'x.bin' }));
    expect(withNul.message).toBe('x.bin:3: file is binary, not text (it contains a NUL byte)');
    // Deterministic "random" bytes without NUL: many control bytes still give them away.
    const noise = Uint8Array.from(randomBytes(4096), (b) => (b === 0 ? 1 : b));
    expect(errorOf(() => readCorpus(noise, { file: 'noise.dat' })).message).toMatch(
      /^noise\.dat:1: file is binary, not text \(\d+ control bytes\)$/,
    );
  });

  it('refuses UTF-16 with a hint', () => {
    const utf16 = Uint8Array.from([0xff, 0xfe, ...Buffer.from('a O\n', 'utf16le')]);
    expect(errorOf(() => readCorpus(utf16, { file: 'w.conll' })).message).toMatch(/w\.conll:1: file is UTF-16 .*save it as UTF-8/);
  });
});
