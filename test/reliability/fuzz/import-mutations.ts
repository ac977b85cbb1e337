// Seeded mutations that turn a well-formed corpus file into a malformed or hostile one. Each
// works on bytes or on the text and can be stacked; `caseFor` makes one fuzz case from a seed.

import type { Rng } from '../rng.js';
import type { SeedFile } from './import-seeds.js';

export interface FuzzFile {
  name: string;
  bytes: Buffer;
  /** The mutations applied, in order, e.g. `truncate+crlf`. */
  what: string;
}

type Mutation = (rng: Rng, f: FuzzFile) => FuzzFile;

const text = (f: FuzzFile): string => f.bytes.toString('utf8');
const withText = (f: FuzzFile, t: string): FuzzFile => ({ ...f, bytes: Buffer.from(t, 'utf8') });
const lines = (f: FuzzFile): string[] => text(f).split('\n');

/** Cases stay under this size, so that the time bound compares like with like. */
export const MAX_CASE_BYTES = 8 * 2 ** 20;

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const BAD_TAGS = [
  'B-',
  'I-',
  'X-PER',
  'b-per',
  'B-PER-',
  'O-PER',
  'B_PER',
  'B-PER\u00a0',
  'BPER',
  '-',
  'B-' + 'A'.repeat(200),
  'B-__proto__',
  'B-constructor',
  'I-prototype',
  'B-toString',
  'B-hasOwnProperty',
  'B-valueOf',
  'B-PER\u200b',
  'Ｂ-PER',
  'B-pér',
];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype'];

function randomBytes(rng: Rng, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(0, 255);
  return b;
}

function replaceLine(rng: Rng, f: FuzzFile, edit: (line: string) => string): FuzzFile {
  const ls = lines(f);
  const candidates = ls.map((l, i) => (l.trim() === '' ? -1 : i)).filter((i) => i >= 0);
  if (candidates.length === 0) return f;
  const i = rng.pick(candidates);
  ls[i] = edit(ls[i]!);
  return withText(f, ls.join('\n'));
}

/** Applies `edit` to one JSON record of a JSON Lines file (or leaves a non-JSON file alone). */
function editRecord(rng: Rng, f: FuzzFile, edit: (rec: Record<string, unknown>) => unknown): FuzzFile {
  return replaceLine(rng, f, (line) => {
    try {
      const rec = JSON.parse(line) as unknown;
      if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return line;
      return JSON.stringify(edit(rec as Record<string, unknown>));
    } catch {
      return line;
    }
  });
}

const pickSpanKey = (rec: Record<string, unknown>): string =>
  ['spans', 'label', 'labels', 'entities', 'ents'].find((k) => Array.isArray(rec[k])) ?? 'spans';

export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  truncate: (rng, f) => ({ ...f, bytes: f.bytes.subarray(0, rng.int(0, f.bytes.length)) }),
  'drop-lines': (rng, f) =>
    withText(
      f,
      lines(f)
        .filter(() => !rng.chance(0.3))
        .join('\n'),
    ),
  'garbage-insert': (rng, f) => {
    const at = rng.int(0, f.bytes.length);
    return { ...f, bytes: Buffer.concat([f.bytes.subarray(0, at), randomBytes(rng, rng.int(1, 64)), f.bytes.subarray(at)]) };
  },
  'garbage-file': (rng, f) => ({ ...f, bytes: randomBytes(rng, rng.int(1, 4096)) }),
  'byte-flip': (rng, f) => {
    const b = Buffer.from(f.bytes);
    for (let k = rng.int(1, 8); k > 0 && b.length > 0; k--) b[rng.int(0, b.length - 1)] ^= 1 << rng.int(0, 7);
    return { ...f, bytes: b };
  },
  'nul-byte': (rng, f) => {
    const at = rng.int(0, f.bytes.length);
    return { ...f, bytes: Buffer.concat([f.bytes.subarray(0, at), Buffer.from([0]), f.bytes.subarray(at)]) };
  },
  'control-chars': (rng, f) => {
    const b = Buffer.from(f.bytes);
    for (let k = rng.int(1, 20); k > 0 && b.length > 0; k--) b[rng.int(0, b.length - 1)] = rng.pick([1, 2, 7, 8, 0x1b, 0x1f, 0x7f]);
    return { ...f, bytes: b };
  },
  'utf16le-bom': (_rng, f) => ({ ...f, bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text(f), 'utf16le')]) }),
  'utf16be-bom': (_rng, f) => ({ ...f, bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text(f), 'utf16le').swap16()]) }),
  'utf16le-no-bom': (_rng, f) => ({ ...f, bytes: Buffer.from(text(f), 'utf16le') }),
  latin1: (_rng, f) => ({ ...f, bytes: Buffer.from(text(f).replace(/[^\u0000-\u00ff]/gu, '?'), 'latin1') }),
  'invalid-utf8': (rng, f) => {
    const at = rng.int(0, f.bytes.length);
    const bad = rng.pick([[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]);
    return { ...f, bytes: Buffer.concat([f.bytes.subarray(0, at), Buffer.from(bad), f.bytes.subarray(at)]) };
  },
  bom: (_rng, f) => (f.bytes.subarray(0, 3).equals(UTF8_BOM) ? f : { ...f, bytes: Buffer.concat([UTF8_BOM, f.bytes]) }),
  'double-bom': (_rng, f) => ({ ...f, bytes: Buffer.concat([UTF8_BOM, UTF8_BOM, f.bytes]) }),
  crlf: (_rng, f) => withText(f, text(f).replace(/\r?\n/g, '\r\n')),
  'lone-cr': (_rng, f) => withText(f, text(f).replace(/\r?\n/g, '\r')),
  // Each line keeps one line end, LF or CRLF: a second CR would be a line end of its own.
  'mixed-eol': (rng, f) =>
    withText(
      f,
      lines(f)
        .map((l) => (l.endsWith('\r') ? l : l + rng.pick(['', '\r'])))
        .join('\n'),
    ),
  'column-count': (rng, f) =>
    replaceLine(rng, f, (l) =>
      rng.chance(0.5)
        ? `${l} EXTRA`
        : l
            .split(/[ \t]+/)
            .slice(1)
            .join(' '),
    ),
  'invalid-tag': (rng, f) => replaceLine(rng, f, (l) => l.replace(/\S+$/, rng.pick(BAD_TAGS))),
  'swap-tag-scheme': (rng, f) =>
    withText(
      f,
      text(f).replace(/\b([BI])-/g, () => rng.pick(['B-', 'I-', 'E-', 'S-'])),
    ),
  'long-line': (rng, f) => replaceLine(rng, f, (l) => l + 'x'.repeat(rng.pick([10_000, 999_000, 1_000_001]))),
  'long-token-line': (rng, f) =>
    replaceLine(rng, f, (l) => Array.from({ length: rng.pick([10_000, 200_000]) }, (_, k) => `w${k}`).join(' ') + l),
  'many-token-sentence': (rng, f) =>
    withText(f, text(f) + '\n' + Array.from({ length: rng.pick([5_000, 120_000]) }, (_, k) => `w${k} O`).join('\n') + '\n'),
  'deep-json': (rng, f) => {
    const depth = rng.pick([100, 5_000, 200_000]);
    const open = rng.chance(0.5) ? '[' : '{"a":';
    const close = open === '[' ? ']' : '}';
    return withText(f, `${text(f)}\n{"text":"deep","meta":${open.repeat(depth)}1${close.repeat(depth)}}\n`);
  },
  'deep-json-first': (rng, f) => withText(f, '['.repeat(rng.pick([10, 100_000])) + '\n' + text(f)),
  'span-out-of-range': (rng, f) =>
    editRecord(rng, f, (rec) => {
      const len = typeof rec['text'] === 'string' ? [...rec['text']].length : 10;
      const bad = rng.pick([
        [len, len + 5],
        [-1, 3],
        [5, 2],
        [0, 1e300],
        [0.5, 3],
        ['0', '3'],
        [0, 2 ** 53 + 2],
        [3, 3],
      ]);
      return { ...rec, spans: [{ start: bad[0], end: bad[1], label: 'PER' }], label: undefined, labels: undefined, entities: undefined };
    }),
  'span-overlap': (rng, f) =>
    editRecord(rng, f, (rec) => {
      const len = typeof rec['text'] === 'string' ? [...rec['text']].length : 10;
      const e = Math.max(2, len);
      return {
        ...rec,
        spans: [
          { start: 0, end: e, label: 'PER' },
          { start: 0, end: Math.ceil(e / 2), label: 'LOC' },
        ],
        label: undefined,
        labels: undefined,
        entities: undefined,
      };
    }),
  'span-label': (rng, f) =>
    editRecord(rng, f, (rec) => {
      const key = pickSpanKey(rec);
      const spans = Array.isArray(rec[key]) ? (rec[key] as unknown[]) : [];
      const label = rng.pick(['', 'has space', 42, null, 'x'.repeat(100_000), '__proto__', 'B-PER', 'PER\n']);
      return { ...rec, [key]: spans.map((s) => (Array.isArray(s) ? [s[0], s[1], label] : { ...(s as object), label })) };
    }),
  'wrong-types': (rng, f) =>
    editRecord(rng, f, (rec) => {
      const key = rng.pick(Object.keys(rec).length > 0 ? Object.keys(rec) : ['text']);
      return { ...rec, [key]: rng.pick([null, 1, true, {}, [], 'str', [null], [[1]], -0, 1e308]) };
    }),
  'drop-field': (rng, f) =>
    editRecord(rng, f, (rec) => {
      const copy = { ...rec };
      delete copy[rng.pick(Object.keys(rec).length > 0 ? Object.keys(rec) : ['text'])];
      return copy;
    }),
  'hostile-keys': (rng, f) =>
    replaceLine(rng, f, (line) => {
      const key = rng.pick(HOSTILE_KEYS);
      const payload = `"${key}":{"polluted":"yes","prototype":{"polluted":"yes"}}`;
      const t = line.trim();
      return t.startsWith('{') ? `{${payload},${t.slice(1)}` : `{${payload},"text":${JSON.stringify(line)}}`;
    }),
  'tokens-mismatch': (rng, f) =>
    editRecord(rng, f, (rec) => {
      if (Array.isArray(rec['ner_tags']))
        return {
          ...rec,
          ner_tags: rng.chance(0.5) ? (rec['ner_tags'] as unknown[]).slice(1) : [...(rec['ner_tags'] as unknown[]), 99, -1],
        };
      if (Array.isArray(rec['tokens'])) {
        const toks = rec['tokens'] as unknown[];
        return {
          ...rec,
          tokens: rng.chance(0.5)
            ? [...toks].reverse()
            : toks.map((t) => (typeof t === 'string' ? rng.pick(['', ' ', 'a b', t]) : { ...(t as object), end: 10_000 })),
        };
      }
      return { ...rec, tokens: [{ text: 'x', start: 0, end: 1e9 }] };
    }),
  'json-array-file': (_rng, f) =>
    withText(
      f,
      `[${lines(f)
        .filter((l) => l.trim() !== '')
        .join(',\n')}]`,
    ),
  'duplicate-lines': (rng, f) => {
    const times = Math.max(1, Math.min(rng.pick([2, 50, 400]), Math.floor(MAX_CASE_BYTES / Math.max(1, f.bytes.length))));
    return withText(f, Array.from({ length: times }, () => text(f)).join('\n'));
  },
  'unicode-oddities': (rng, f) =>
    replaceLine(rng, f, (l) =>
      l.replace(/^(\S+)/, (w) => w + rng.pick(['\u200b', '\u0301\u0301\u0301', '\u202e', '\ud83d\ude00', '\ufeff', '\u2028', '\u00a0x'])),
    ),
  'lone-surrogate-escape': (rng, f) => editRecord(rng, f, (rec) => ({ ...rec, text: `${String(rec['text'] ?? '')} \ud800 end` })),
  empty: (rng, f) => withText(f, rng.pick(['', '\n\n\n', '   \t  ', '-DOCSTART- -X- O\n\n', '\ufeff', '{}', '[]', 'null'])),
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Mutations after which a file must read exactly as before: same sentences, tokens and entities. */
export const LOSSLESS = new Set(['bom', 'crlf', 'lone-cr', 'mixed-eol']);

/** A fuzz case: a seed file with one to three mutations, and sometimes a misleading file name. */
export function caseFor(rng: Rng, seed: SeedFile): FuzzFile {
  let f: FuzzFile = { name: seed.name, bytes: Buffer.from(seed.text, 'utf8'), what: '' };
  const n = rng.chance(0.6) ? 1 : rng.int(2, 3);
  const applied: string[] = [];
  for (let k = 0; k < n; k++) {
    const name = rng.pick(MUTATION_NAMES);
    f = MUTATIONS[name]!(rng, f);
    applied.push(name);
  }
  if (rng.chance(0.1)) {
    const ext = rng.pick(['.jsonl', '.conll', '.txt', '.json', '.tsv', '', '.exe']);
    f = { ...f, name: seed.name.replace(/\.[^.]*$/, '') + ext };
    applied.push(`named ${ext || 'without extension'}`);
  }
  return { ...f, what: applied.join('+') };
}
