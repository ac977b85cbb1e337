import { describe, expect, it } from 'vitest';
import { bytesToBase64, fileToBase64 } from '../../../../src-renderer/lib/bytes.js';

describe('base64 of file bytes', () => {
  it('matches Node for every byte value and across chunk boundaries', () => {
    const bytes = new Uint8Array(100_003);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(bytesToBase64(new Uint8Array())).toBe('');
  });

  it('reads a Blob, keeping UTF-8 bytes as they are', async () => {
    const text = 'Zürich\tB-LOC\nالقاهرة\tB-LOC\n';
    expect(await fileToBase64(new Blob([text]))).toBe(Buffer.from(text, 'utf8').toString('base64'));
  });
});
