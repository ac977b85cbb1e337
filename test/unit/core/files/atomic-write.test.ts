import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFolder, writeAtomic, writeFileAtomic } from '../../../../src-main/core/files/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'crosstag-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temporary file beside it', () => {
    const file = path.join(dir, 'a.json');
    writeFileSync(file, 'old');
    writeFileAtomic(file, '{"new":true}');
    expect(readFileSync(file, 'utf8')).toBe('{"new":true}');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('keeps the replaced version under `previous`', () => {
    const file = path.join(dir, 'ckpt');
    writeFileAtomic(file, new Uint8Array([1, 2]));
    writeFileAtomic(file, new Uint8Array([3]), { previous: `${file}.prev` });
    expect([...readFileSync(file)]).toEqual([3]);
    expect([...readFileSync(`${file}.prev`)]).toEqual([1, 2]);
  });

  it('fails in a missing folder without creating it', () => {
    expect(() => writeFileAtomic(path.join(dir, 'no', 'x.txt'), 'x')).toThrow(/ENOENT/);
    expect(existsSync(path.join(dir, 'no'))).toBe(false);
  });
});

describe('writeAtomic', () => {
  it('writes the pieces in order', () => {
    const file = path.join(dir, 'pieces.bin');
    writeAtomic(file, (put) => {
      put(new Uint8Array([1, 2]));
      put(new Uint8Array([]));
      put(new Uint8Array([3]));
    });
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
  });

  it('leaves the old file and no temporary file when the writer throws', () => {
    const file = path.join(dir, 'keep.txt');
    writeFileSync(file, 'whole');
    expect(() =>
      writeAtomic(file, (put) => {
        put(Buffer.from('half'));
        throw new Error('disk on fire');
      }),
    ).toThrow('disk on fire');
    expect(readFileSync(file, 'utf8')).toBe('whole');
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });
});

describe('copyFolder', () => {
  it('copies everything but hidden files, and refuses a folder that is not empty', () => {
    const from = path.join(dir, 'from');
    mkdirSync(from);
    writeFileSync(path.join(from, 'x'), 'weights');
    writeFileSync(path.join(from, '.x.1.tmp'), 'half');
    const to = path.join(dir, 'to');
    copyFolder(from, to);
    expect(readdirSync(to)).toEqual(['x']);
    expect(readFileSync(path.join(to, 'x'), 'utf8')).toBe('weights');
    expect(() => copyFolder(from, to)).toThrow(/already exists/);
  });
});
