// SentencePiece's precompiled normalisation map (tokenizer.json's `Precompiled` normalizer), read
// as Hugging Face's tokenizers library reads it. @huggingface/tokenizers approximates this step with
// NFKC and a fixed list of replacements, which is not what a model's own map says (nmt_nfkc
// removes and rewrites characters NFKC keeps; a user-defined map can say anything).
//
// The blob, base64 in tokenizer.json: <trie size: u32 LE><Darts double-array trie><strings>.
// The trie maps the UTF-8 bytes of a character sequence to an offset into the strings, where its
// replacement starts (NUL-terminated). Text is normalised one grapheme cluster at a time: a
// cluster shorter than 6 bytes is looked up whole; otherwise (or when it has no entry) each of its
// characters is. A lookup takes the first (shortest) entry that is a prefix of the bytes, as the
// Rust library does.

import { CoreError } from '../../errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export class PrecompiledCharsMap {
  private readonly units: Uint32Array;
  private readonly strings: Uint8Array;
  private readonly segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  private readonly cache = new Map<string, string | null>();

  /** `blob` is the decoded precompiled_charsmap; `source` names it in errors. */
  constructor(blob: Uint8Array, source: string) {
    // An empty map (a model trained without normalisation rules) leaves text as it is.
    if (blob.length === 0) {
      this.units = new Uint32Array(0);
      this.strings = blob;
      return;
    }
    if (blob.length < 4) throw new CoreError('BAD_REQUEST', `${source}: precompiled_charsmap is too short to hold a trie`);
    const size = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(0, true);
    if (size % 4 !== 0 || 4 + size > blob.length) {
      throw new CoreError(
        'BAD_REQUEST',
        `${source}: precompiled_charsmap has a trie of ${size} bytes, which does not fit its ${blob.length}`,
      );
    }
    const trie = blob.slice(4, 4 + size);
    this.units = new Uint32Array(trie.buffer, trie.byteOffset, size / 4);
    this.strings = blob.slice(4 + size);
  }

  static fromBase64(text: string, source: string): PrecompiledCharsMap {
    return new PrecompiledCharsMap(new Uint8Array(Buffer.from(text, 'base64')), source);
  }

  /** The replacement of a whole chunk (the first entry that is a prefix of it), or null. */
  transform(chunk: string): string | null {
    const cached = this.cache.get(chunk);
    if (cached !== undefined) return cached;
    const value = this.firstPrefix(encoder.encode(chunk));
    let out: string | null = null;
    if (value !== null && value < this.strings.length) {
      let end = value;
      while (end < this.strings.length && this.strings[end] !== 0) end += 1;
      out = decoder.decode(this.strings.subarray(value, end));
    }
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(chunk, out);
    return out;
  }

  normalize(text: string): string {
    let out = '';
    for (const { segment } of this.segmenter.segment(text)) {
      if (encoder.encode(segment).length < 6) {
        const whole = this.transform(segment);
        if (whole !== null) {
          out += whole;
          continue;
        }
      }
      for (const ch of segment) out += this.transform(ch) ?? ch;
    }
    return out;
  }

  /** Darts common-prefix search over `key`, stopping at the first hit. */
  private firstPrefix(key: Uint8Array): number | null {
    const units = this.units;
    if (units.length === 0) return null;
    let node = offset(units[0]!);
    for (const byte of key) {
      if (byte === 0) break;
      node ^= byte;
      const unit = units[node];
      if (unit === undefined || label(unit) !== byte) return null;
      node ^= offset(unit);
      if (hasLeaf(unit)) {
        const leaf = units[node];
        return leaf === undefined ? null : leaf & 0x7fffffff;
      }
    }
    return null;
  }
}

function hasLeaf(unit: number): boolean {
  return ((unit >>> 8) & 1) === 1;
}

function label(unit: number): number {
  // The top bit marks a leaf unit; a leaf never equals a byte label.
  return (unit & 0x800000ff) >>> 0;
}

function offset(unit: number): number {
  return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
}
