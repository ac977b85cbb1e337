// Malformed payloads for every contract method, made from one valid payload per method: the
// wrong root type, each field missing or of the wrong type, huge strings and arrays, deep
// nesting, prototype-pollution keys at every level, and for path fields, traversal, NUL bytes
// and absolute paths. Payloads marked `clone` only can travel over IPC (structured clone), not JSON.

import type { Rng } from '../rng.js';

export interface Payload {
  what: string;
  /** Lazily built, so a huge payload exists only while it is sent. */
  make: () => unknown;
  transport: 'both' | 'ipc';
}

/** Methods that write where their path field says: only paths that resolve into the harness's own folders are tried (the tests may run as root). */
export const WRITE_PATH_METHODS = new Set(['projects.create', 'exports.run', 'models.export']);
/** Methods that read (or open) the path the user chose. */
export const READ_PATH_METHODS = new Set([
  'projects.open',
  'imports.preview',
  'imports.run',
  'models.import',
  'training.start',
  'encoders.add',
  'dictionaries.import',
]);

const HUGE = 10 * 2 ** 20;
const BIG = 2 ** 20;

function wrongValues(): [string, () => unknown, 'both' | 'ipc'][] {
  return [
    ['null', () => null, 'both'],
    ['true', () => true, 'both'],
    ['0', () => 0, 'both'],
    ['-1', () => -1, 'both'],
    ['1.5', () => 1.5, 'both'],
    ['2^53+2', () => 2 ** 53 + 2, 'both'],
    ['1e308', () => 1e308, 'both'],
    ['empty string', () => '', 'both'],
    ['string', () => 'x', 'both'],
    ['numeric string', () => '1', 'both'],
    ['empty array', () => [], 'both'],
    ['array', () => [1, 'a', null], 'both'],
    ['empty object', () => ({}), 'both'],
    ['1 MB string', () => 'a'.repeat(BIG), 'both'],
    ['NUL string', () => 'a\0b', 'both'],
    ['lone surrogate', () => 'a\ud800b', 'both'],
    ['NaN', () => NaN, 'ipc'],
    ['Infinity', () => Infinity, 'ipc'],
    ['-0', () => -0, 'ipc'],
    ['BigInt', () => 10n ** 30n, 'ipc'],
    ['Date', () => new Date(0), 'ipc'],
    ['Map', () => new Map([['id', 1]]), 'ipc'],
    ['Set', () => new Set([1]), 'ipc'],
    ['Uint8Array', () => new Uint8Array(16), 'ipc'],
    ['RegExp', () => /x/g, 'ipc'],
    ['Error', () => new Error('boom'), 'ipc'],
    ['sparse array', () => [, , 1], 'ipc'],
    ['null-prototype object', () => Object.assign(Object.create(null) as object, { id: 1 }), 'ipc'],
  ];
}

export interface PathContext {
  /** A folder outside the project that the harness watches. */
  outside: string;
  /** The open project's file. */
  project: string;
}

/** Paths that try to leave the project's folder, for methods that only read or open them. */
export function readPaths(ctx: PathContext): string[] {
  return [
    '../../etc/passwd',
    '../../../../../../../../etc/passwd',
    `${'../'.repeat(2000)}etc/passwd`,
    '/etc/passwd',
    '/etc/shadow',
    '..\\..\\windows\\system32\\config\\sam',
    'file:///etc/passwd',
    '~/.ssh/id_rsa',
    '/proc/self/environ',
    '/dev/zero',
    '/',
    '.',
    '..',
    'a\0b',
    '/etc/passwd\0.conll',
    `${ctx.outside}/secret.txt`,
    `${ctx.outside}/../outside/secret.txt`,
    `${ctx.outside}/empty.txt`,
    '../../../outside/secret.txt',
    'x'.repeat(5000),
    ' ',
    '\u202e/etc/passwd',
    '//etc/passwd',
    '\\\\server\\share\\file',
    `${ctx.project}-wal`,
  ];
}

/** Paths for methods that write: each resolves into the harness's folders or must be refused. */
export function writePaths(ctx: PathContext): string[] {
  return [
    '../../../outside/new-file',
    `${ctx.outside}/new-file`,
    `${ctx.outside}/../outside/new-file-2`,
    'a\0b',
    `${ctx.outside}/x\0.conll`,
    'x'.repeat(5000),
    ' ',
    '.',
    '..',
    ctx.project,
    `${ctx.project}-wal`,
    `${ctx.project}-shm`,
    `${ctx.project}-journal`,
  ];
}

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'];

/** The same object with one key set, as JSON.parse would make it: `__proto__` as an own property. */
function withOwnKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Every object path of `value` ([] is the root), with the value found there. */
function fieldPaths(value: unknown, at: string[] = []): { at: string[]; value: unknown }[] {
  const out: { at: string[]; value: unknown }[] = [{ at, value }];
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...fieldPaths(v, [...at, k]));
  }
  return out;
}

function setAt(root: unknown, at: string[], value: unknown, remove = false): unknown {
  if (at.length === 0) return value;
  const copy = structuredClone(root) as Record<string, unknown>;
  let node = copy;
  for (const k of at.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = at[at.length - 1]!;
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else {
    Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/**
 * An array nested `depth` deep, kept as a marker until sent: JSON.stringify and structuredClone
 * recurse, so the HTTP transport writes its text directly and IPC builds the real array.
 */
export class Deep {
  constructor(readonly depth: number) {}
}

function deep(depth: number): Deep {
  return new Deep(depth);
}

/** The payload with every Deep marker made into its nested array. */
export function materialize(x: unknown): unknown {
  if (x instanceof Deep) {
    let v: unknown = 1;
    for (let k = 0; k < x.depth; k++) v = [v];
    return v;
  }
  if (Array.isArray(x)) return x.map(materialize);
  if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x))
      Object.defineProperty(out, k, { value: materialize(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return x;
}

/** The payload as JSON text, Deep markers written out without recursion. */
export function jsonOf(x: unknown): string {
  const deeps: Deep[] = [];
  const text = JSON.stringify(x, (_k, v: unknown) => (v instanceof Deep ? `\u0000deep${deeps.push(v) - 1}` : v));
  return text.replace(/"\\u0000deep(\d+)"/g, (_m, i: string) => {
    const d = deeps[Number(i)]!.depth;
    return `${'['.repeat(d)}1${']'.repeat(d)}`;
  });
}

/** Every malformed payload for one method, made from a valid one. */
export function payloadsFor(method: string, valid: unknown, ctx: PathContext): Payload[] {
  const out: Payload[] = [];
  const add = (what: string, make: () => unknown, transport: 'both' | 'ipc' = 'both'): void => {
    out.push({ what, make, transport });
  };
  add('valid', () => structuredClone(valid));
  add('undefined', () => undefined, 'ipc');
  for (const [name, make, transport] of wrongValues()) add(`root ${name}`, make, transport);
  add('root array of the valid payload', () => [valid]);
  add('root 10 MB string', () => 'x'.repeat(HUGE));
  add('root deep array', () => deep(10_000));

  for (const { at, value } of fieldPaths(valid)) {
    const where = at.length === 0 ? 'root' : at.join('.');
    if (value !== null && typeof value === 'object') {
      for (const key of POLLUTION_KEYS) {
        add(`${where} + own key ${key}`, () =>
          setAt(valid, at, withOwnKey(value as Record<string, unknown>, key, { polluted: 'yes', prototype: { polluted: 'yes' } })),
        );
      }
      add(`${where} + unknown key`, () => setAt(valid, at, { ...(value as object), unexpected: 1 }));
      add(`${where} + 10,000 keys`, () => setAt(valid, at, Object.fromEntries(Array.from({ length: 10_000 }, (_, k) => [`k${k}`, k]))));
    }
    if (at.length === 0) continue;
    add(`${where} missing`, () => setAt(valid, at, undefined, true));
    for (const [name, make, transport] of wrongValues()) add(`${where} = ${name}`, () => setAt(valid, at, make()), transport);
    if (typeof value === 'string') add(`${where} = 10 MB string`, () => setAt(valid, at, 'x'.repeat(HUGE)));
    add(`${where} = 100,000-element array`, () =>
      setAt(
        valid,
        at,
        Array.from({ length: 100_000 }, (_, k) => k),
      ),
    );
    add(`${where} = deep array`, () => setAt(valid, at, deep(5_000)));
    const field = at[at.length - 1]!;
    if (field === 'path' || (field === 'encoder' && method === 'training.start') || (field === 'dir' && method === 'encoders.add')) {
      const prefix = field === 'encoder' ? 'bert:' : '';
      const paths = WRITE_PATH_METHODS.has(method) ? writePaths(ctx) : readPaths(ctx);
      for (const p of paths) add(`${where} = ${JSON.stringify(p.slice(0, 40))}`, () => setAt(valid, at, prefix + p));
    }
  }
  return out;
}

/**
 * A seeded sample of `n` payloads, always keeping the valid one and every path payload, and at
 * least one malformed payload that HTTP can carry too (IPC-only ones, such as `undefined`, are
 * skipped there), so that both transports see more than the valid payload.
 */
export function samplePayloads(all: readonly Payload[], n: number, rng: Rng): Payload[] {
  const keep = all.filter((p) => p.what === 'valid' || /(^|\.)(path|encoder|dir) = /.test(p.what));
  const rest = all.filter((p) => !keep.includes(p));
  const picked: Payload[] = [];
  const pool = [...rest];
  while (picked.length < n && pool.length > 0) picked.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
  const both = pool.filter((p) => p.transport === 'both');
  if (picked.length > 0 && !picked.some((p) => p.transport === 'both') && both.length > 0) {
    picked[picked.length - 1] = both[rng.int(0, both.length - 1)]!;
  }
  return [...keep, ...picked];
}
