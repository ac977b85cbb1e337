// One file holding a JSON header and named float32 arrays, written atomically (temporary file,
// fsync, rename) so a crash leaves either the old file or the new one, never half of one.
//
// Version 2 adds a CRC-32 of everything after its 16-byte prefix, so a flipped bit anywhere in
// the header or the values is refused on read rather than resumed from. Version 1 files (no CRC)
// are still read.

import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import { CoreError } from '../../errors.js';
import { writeFileAtomic } from '../../files/index.js';

const MAGIC = 'CTTF';
const VERSION = 2;
const PREFIX = { 1: 12, 2: 16 } as const;

if (endianness() !== 'LE') throw new Error('model files are little-endian float32; this machine is big-endian');

interface Entry {
  name: string;
  length: number;
  offset: number;
}

/** Writes a tensor file atomically; with `previous`, the file it replaces is kept there (see writeAtomic). */
export function writeTensorFile(file: string, meta: unknown, arrays: Record<string, Float32Array>, previous?: string): void {
  const entries: Entry[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(arrays)) {
    entries.push({ name, length: data.length, offset });
    offset += data.length;
  }
  const header = Buffer.from(JSON.stringify({ meta, entries }), 'utf8');
  const prefix = PREFIX[VERSION];
  const headerPadded = Math.ceil((prefix + header.length) / 4) * 4;
  const out = Buffer.alloc(headerPadded + offset * 4);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(VERSION, 4);
  out.writeUInt32LE(header.length, 8);
  header.copy(out, prefix);
  const body = new Float32Array(out.buffer, out.byteOffset + headerPadded, offset);
  for (const e of entries) body.set(arrays[e.name]!, e.offset);
  out.writeUInt32LE(crc32(out.subarray(prefix)), 12);
  writeFileAtomic(file, out, { previous });
}

export function readTensorFile(file: string): { meta: unknown; arrays: Record<string, Float32Array> } {
  const buf = readFileSync(file);
  const bad = (reason: string) => new CoreError('BAD_REQUEST', `${file}: ${reason}`, { file });
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== MAGIC) throw bad('not a Crosstag tensor file');
  const version = buf.readUInt32LE(4);
  if (version !== 1 && version !== 2) throw bad(`unsupported version ${version}`);
  const prefix = PREFIX[version];
  const headerLength = buf.readUInt32LE(8);
  if (prefix + headerLength > buf.length) throw bad('truncated header');
  if (version === 2 && crc32(buf.subarray(prefix)) !== buf.readUInt32LE(12))
    throw bad('checksum mismatch (the file is damaged or was cut short)');
  let parsed: { meta: unknown; entries: Entry[] };
  try {
    parsed = JSON.parse(buf.toString('utf8', prefix, prefix + headerLength)) as { meta: unknown; entries: Entry[] };
  } catch {
    throw bad('corrupt header');
  }
  const start = Math.ceil((prefix + headerLength) / 4) * 4;
  const total = (buf.length - start) / 4;
  // Copy into an aligned buffer: readFileSync's Buffer may sit at any byte offset of its pool.
  const body = new Float32Array(total);
  new Uint8Array(body.buffer).set(buf.subarray(start, start + total * 4));
  const arrays: Record<string, Float32Array> = {};
  for (const e of parsed.entries) {
    if (e.offset + e.length > total) throw bad(`array ${e.name} runs past the end of the file`);
    arrays[e.name] = body.slice(e.offset, e.offset + e.length);
  }
  return { meta: parsed.meta, arrays };
}
