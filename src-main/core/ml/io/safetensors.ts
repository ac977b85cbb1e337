// The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header
// length N, N bytes of JSON { name: { dtype, shape, data_offsets: [begin, end] }, __metadata__? },
// then the raw little-endian tensor bytes, offsets counted from the end of the header.
//
// Only the header is read when a file is opened. Each tensor is read on request, straight from the
// file at its offset into the float32 array that is returned, so a 700 MB checkpoint never sits in
// memory as a whole (nor twice). float16, bfloat16 and float64 are widened or narrowed to float32
// in chunks as they are read.

import { closeSync, fstatSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import { CoreError } from '../../errors.js';
import { openToRead, writeAtomic } from '../../files/index.js';

/** The format's limit on the header size (100 MB), which also bounds what a corrupt length can make us allocate. */
const MAX_HEADER = 100_000_000;
/** Elements converted per read for 16-bit types: 2 MB of scratch whatever the tensor size. */
export const CHUNK_ELEMENTS = 1 << 20;
/** readSync and writeSync take at most 2 GB per call. */
const MAX_READ = 1 << 30;

const DTYPE_BYTES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
};

export const FLOAT_DTYPES = ['F32', 'F16', 'BF16', 'F64'] as const;

export interface TensorInfo {
  name: string;
  dtype: string;
  shape: number[];
  /** Absolute byte offset of the data in the file. */
  offset: number;
  byteLength: number;
}

function bad(file: string, reason: string): CoreError {
  return new CoreError('BAD_REQUEST', `${file}: ${reason}`, { file });
}

function isShape(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((d) => Number.isSafeInteger(d) && (d as number) >= 0);
}

export class SafetensorsFile {
  private fd: number | null;

  private constructor(
    readonly file: string,
    fd: number,
    readonly tensors: ReadonlyMap<string, TensorInfo>,
    readonly metadata: Readonly<Record<string, string>> | null,
  ) {
    this.fd = fd;
  }

  /** Opens a file and validates its header; tensor data is not read yet. */
  static open(file: string): SafetensorsFile {
    if (endianness() !== 'LE') throw new CoreError('INTERNAL', 'safetensors data is little-endian; this machine is big-endian');
    const fd = openToRead(file);
    try {
      const { tensors, metadata } = readHeader(file, fd);
      return new SafetensorsFile(file, fd, tensors, metadata);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  get(name: string): TensorInfo | undefined {
    return this.tensors.get(name);
  }

  /** The tensor as float32 values (row-major), converted from F16, BF16 or F64 when stored so. */
  readFloat32(name: string): Float32Array {
    if (this.fd === null) throw new CoreError('INTERNAL', `${this.file}: read after close`);
    const info = this.tensors.get(name);
    if (!info) throw bad(this.file, `tensor ${name} is missing`);
    const count = info.byteLength / DTYPE_BYTES[info.dtype]!;
    const out = new Float32Array(count);
    const fd = this.fd;
    if (info.dtype === 'F32') {
      readExactly(this.file, fd, new Uint8Array(out.buffer), info.offset);
    } else if (info.dtype === 'F16' || info.dtype === 'BF16') {
      const scratch = new Uint16Array(Math.min(count, CHUNK_ELEMENTS));
      const table = info.dtype === 'F16' ? halfTable() : null;
      const bits = new Uint32Array(out.buffer);
      for (let start = 0; start < count; start += scratch.length) {
        const n = Math.min(scratch.length, count - start);
        readExactly(this.file, fd, new Uint8Array(scratch.buffer, 0, n * 2), info.offset + start * 2);
        if (table) for (let i = 0; i < n; i++) out[start + i] = table[scratch[i]!]!;
        else for (let i = 0; i < n; i++) bits[start + i] = scratch[i]! << 16;
      }
    } else if (info.dtype === 'F64') {
      const scratch = new Float64Array(Math.min(count, CHUNK_ELEMENTS));
      for (let start = 0; start < count; start += scratch.length) {
        const n = Math.min(scratch.length, count - start);
        readExactly(this.file, fd, new Uint8Array(scratch.buffer, 0, n * 8), info.offset + start * 8);
        for (let i = 0; i < n; i++) out[start + i] = scratch[i]!;
      }
    } else {
      throw bad(this.file, `tensor ${name} has dtype ${info.dtype}; only ${FLOAT_DTYPES.join(', ')} weights are supported`);
    }
    return out;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function readExactly(file: string, fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, Math.min(MAX_READ, into.length - done), position + done);
    if (n === 0) throw bad(file, `unexpected end of file at byte ${position + done} (truncated download?)`);
    done += n;
  }
}

function readHeader(file: string, fd: number): { tensors: Map<string, TensorInfo>; metadata: Record<string, string> | null } {
  const size = fstatSync(fd).size;
  if (size < 8) throw bad(file, 'too short to be a safetensors file');
  const prefix = Buffer.alloc(8);
  readExactly(file, fd, prefix, 0);
  const headerLength = Number(prefix.readBigUInt64LE(0));
  if (headerLength > MAX_HEADER || 8 + headerLength > size) {
    throw bad(file, `header length ${headerLength} does not fit the file of ${size} bytes (not a safetensors file, or truncated)`);
  }
  const headerBytes = Buffer.alloc(headerLength);
  readExactly(file, fd, headerBytes, 8);
  let header: unknown;
  try {
    header = JSON.parse(headerBytes.toString('utf8'));
  } catch (err) {
    throw bad(file, `header is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw bad(file, 'header is not a JSON object');
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> | null = null;
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = raw as Record<string, string>;
      continue;
    }
    const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof entry !== 'object' || entry === null || typeof entry.dtype !== 'string' || !isShape(entry.shape)) {
      throw bad(file, `tensor ${name}: the header entry needs a dtype string and a shape of non-negative integers`);
    }
    const offsets = entry.data_offsets;
    if (!isShape(offsets) || offsets.length !== 2 || offsets[0]! > offsets[1]!) {
      throw bad(file, `tensor ${name}: data_offsets must be [begin, end] with begin <= end`);
    }
    const [begin, end] = offsets as [number, number];
    if (dataStart + end > size)
      throw bad(file, `tensor ${name} ends at byte ${dataStart + end}, past the end of the file (${size} bytes; truncated?)`);
    const width = DTYPE_BYTES[entry.dtype];
    const elements = entry.shape.reduce((a, b) => a * b, 1);
    if (width !== undefined && elements * width !== end - begin) {
      throw bad(
        file,
        `tensor ${name}: ${end - begin} bytes of data for shape [${entry.shape.join(', ')}] of ${entry.dtype} (needs ${elements * width})`,
      );
    }
    tensors.set(name, { name, dtype: entry.dtype, shape: entry.shape, offset: dataStart + begin, byteLength: end - begin });
  }
  return { tensors, metadata };
}

let half: Float32Array | null = null;

/** float16 bit pattern -> float32 value, for all 65536 patterns (256 KB, built once). */
function halfTable(): Float32Array {
  if (half) return half;
  half = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) half[h] = sign * frac * 2 ** -24;
    else if (exp === 31) half[h] = frac === 0 ? sign * Infinity : NaN;
    else half[h] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return half;
}

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

function float32Bits(x: number): number {
  scratchF32[0] = x;
  return scratchU32[0]!;
}

/** float32 -> float16 bits, rounding to nearest even (the conversion PyTorch and numpy make). */
export function toHalfBits(x: number): number {
  const u = float32Bits(x);
  const sign = (u >>> 16) & 0x8000;
  const exp = (u >>> 23) & 0xff;
  let frac = u & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (frac ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    frac |= 0x800000;
    const shift = 14 - e;
    const halfway = 1 << (shift - 1);
    let m = frac >>> shift;
    const rest = frac & ((1 << shift) - 1);
    if (rest > halfway || (rest === halfway && m & 1)) m += 1;
    return sign | m;
  }
  const m = frac >>> 13;
  const rest = frac & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  const bits = sign | (e << 10) | m;
  return rest > 0x1000 || (rest === 0x1000 && m & 1) ? bits + 1 : bits;
}

/** float32 -> bfloat16 bits, rounding to nearest even. */
export function toBfloat16Bits(x: number): number {
  const u = float32Bits(x);
  if ((u & 0x7fffffff) > 0x7f800000) return ((u >>> 16) | 0x40) & 0xffff;
  return ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) & 0xffff;
}

export interface TensorToWrite {
  name: string;
  dtype: 'F32' | 'F16' | 'BF16';
  shape: number[];
  data: Float32Array;
}

/** Writes a safetensors file through a temporary file and a rename (used to export weights, and by tests). */
export function writeSafetensors(file: string, tensors: readonly TensorToWrite[], metadata?: Record<string, string>): void {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.data.length * DTYPE_BYTES[t.dtype]!;
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  if (metadata) header['__metadata__'] = metadata;
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  writeAtomic(file, (put) => {
    put(prefix);
    put(Buffer.from(json, 'utf8'));
    for (const t of tensors) {
      if (t.dtype === 'F32') {
        put(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
      } else {
        const bits = new Uint16Array(t.data.length);
        const convert = t.dtype === 'F16' ? toHalfBits : toBfloat16Bits;
        for (let i = 0; i < t.data.length; i++) bits[i] = convert(t.data[i]!);
        put(new Uint8Array(bits.buffer));
      }
    }
  });
}
