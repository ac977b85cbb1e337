import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CHUNK_ELEMENTS,
  SafetensorsFile,
  toBfloat16Bits,
  toHalfBits,
  writeSafetensors,
} from '../../../../../src-main/core/ml/io/safetensors.js';
import { fixtureDir } from '../encoders/pretrained/fixture.js';

const temp = mkdtempSync(path.join(tmpdir(), 'crosstag-safetensors-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function readAll(file: string): Map<string, Float32Array> {
  const st = SafetensorsFile.open(file);
  try {
    const out = new Map<string, Float32Array>();
    for (const [name, info] of st.tensors)
      if (['F32', 'F16', 'BF16'].includes(info.dtype)) out.set(name.replace(/^bert\./, ''), st.readFloat32(name));
    return out;
  } finally {
    st.close();
  }
}

function rawFile(name: string, header: unknown, dataBytes: number, lengthOverride?: bigint): string {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(lengthOverride ?? BigInt(json.length));
  const file = path.join(temp, name);
  writeFileSync(file, Buffer.concat([prefix, json, Buffer.alloc(dataBytes)]));
  return file;
}

describe('safetensors reader', () => {
  it('reads the fixture header and leaves non-weight tensors alone until asked', () => {
    const st = SafetensorsFile.open(path.join(fixtureDir('tiny'), 'model.safetensors'));
    try {
      expect(st.metadata).toEqual({ format: 'pt' });
      expect(st.get('bert.embeddings.word_embeddings.weight')).toMatchObject({ dtype: 'F32', shape: [183, 32] });
      expect(st.get('bert.embeddings.position_ids')).toMatchObject({ dtype: 'I64', shape: [1, 64] });
      expect(() => st.readFloat32('bert.embeddings.position_ids')).toThrow(
        /model\.safetensors: tensor bert\.embeddings\.position_ids has dtype I64; only F32, F16, BF16, F64/,
      );
      expect(() => st.readFloat32('nope')).toThrow(/tensor nope is missing/);
    } finally {
      st.close();
    }
  });

  it('widens float16 and bfloat16 exactly as PyTorch rounded them from the same float32 weights', () => {
    const f32 = readAll(path.join(fixtureDir('tiny'), 'model.safetensors'));
    for (const [variant, toBits] of [
      ['tiny-f16', toHalfBits],
      ['tiny-bf16', toBfloat16Bits],
    ] as const) {
      const narrow = readAll(path.join(fixtureDir(variant), 'model.safetensors'));
      expect(narrow.size).toBe(f32.size - 3);
      const file = path.join(temp, `${variant}-again.safetensors`);
      const names = [...narrow.keys()];
      // The weights PyTorch stored as float32 were rounded from float64; rounding those float32
      // values here must give the same 16-bit patterns as PyTorch's own float64 -> 16-bit rounding
      // in all but double-rounding ties, which random normal weights essentially never hit.
      writeSafetensors(
        file,
        names.map((n) => ({ name: n, dtype: variant === 'tiny-f16' ? 'F16' : 'BF16', shape: [f32.get(n)!.length], data: f32.get(n)! })),
      );
      const again = readAll(file);
      let differ = 0;
      for (const n of names) {
        const a = narrow.get(n)!;
        const b = again.get(n)!;
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ += 1;
        expect(toBits(a[0]!)).toBe(toBits(b[0]!));
      }
      expect(differ).toBe(0);
    }
  });

  it('round-trips special values through float32, float16 and bfloat16', () => {
    const values = Float32Array.from([0, -0, 1, -2.5, 1 / 3, 65504, 70000, 6e-8, 1e-9, Infinity, -Infinity, NaN, 3e38]);
    const file = path.join(temp, 'special.safetensors');
    writeSafetensors(file, [
      { name: 'f32', dtype: 'F32', shape: [values.length], data: values },
      { name: 'f16', dtype: 'F16', shape: [values.length], data: values },
      { name: 'bf16', dtype: 'BF16', shape: [values.length], data: values },
    ]);
    const st = SafetensorsFile.open(file);
    try {
      expect(Array.from(st.readFloat32('f32'))).toEqual(Array.from(values));
      // What PyTorch 1.13 gives for tensor(values).to(float16 / bfloat16).to(float64).
      expect(Array.from(st.readFloat32('f16'))).toEqual([
        0,
        -0,
        1,
        -2.5,
        0.333251953125,
        65504,
        Infinity,
        5.960464477539063e-8,
        0,
        Infinity,
        -Infinity,
        NaN,
        Infinity,
      ]);
      expect(Array.from(st.readFloat32('bf16'))).toEqual([
        0,
        -0,
        1,
        -2.5,
        0.333984375,
        65536,
        70144,
        6.007030606269836e-8,
        9.968061931431293e-10,
        Infinity,
        -Infinity,
        NaN,
        3.00405527047391e38,
      ]);
    } finally {
      st.close();
    }
  });

  it('converts tensors larger than one read chunk', () => {
    const n = CHUNK_ELEMENTS * 2 + 3;
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = (i % 2048) - 1024;
    const file = path.join(temp, 'big.safetensors');
    writeSafetensors(file, [{ name: 'x', dtype: 'F16', shape: [n], data }]);
    const st = SafetensorsFile.open(file);
    try {
      const got = st.readFloat32('x');
      expect(got.length).toBe(n);
      expect(got[n - 1]).toBe(data[n - 1]);
      expect(got.every((x, i) => x === data[i])).toBe(true);
    } finally {
      st.close();
    }
  });

  it('refuses files that are not whole safetensors files, naming the file and tensor', () => {
    const short = path.join(temp, 'short.safetensors');
    writeFileSync(short, Buffer.from([1, 2, 3]));
    expect(() => SafetensorsFile.open(short)).toThrow(`${short}: too short to be a safetensors file`);
    const huge = rawFile('huge.safetensors', '{}', 0, 1n << 40n);
    expect(() => SafetensorsFile.open(huge)).toThrow(/header length 1099511627776 does not fit the file/);
    const notJson = rawFile('json.safetensors', '{"a": ', 0);
    expect(() => SafetensorsFile.open(notJson)).toThrow(/json\.safetensors: header is not valid JSON/);
    const past = rawFile('past.safetensors', { w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 8);
    expect(() => SafetensorsFile.open(past)).toThrow(/past\.safetensors: tensor w ends at byte \d+, past the end of the file/);
    const size = rawFile('size.safetensors', { w: { dtype: 'F16', shape: [4], data_offsets: [0, 16] } }, 16);
    expect(() => SafetensorsFile.open(size)).toThrow(/tensor w: 16 bytes of data for shape \[4\] of F16 \(needs 8\)/);
    const shape = rawFile('shape.safetensors', { w: { dtype: 'F16', shape: [-1], data_offsets: [0, 2] } }, 2);
    expect(() => SafetensorsFile.open(shape)).toThrow(/tensor w: the header entry needs a dtype string and a shape/);
    expect(() => SafetensorsFile.open(path.join(temp, 'absent.safetensors'))).toThrow(/absent\.safetensors: cannot open \(no such file\)/);
  });
});
