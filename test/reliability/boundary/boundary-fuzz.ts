// Sends every malformed payload of every contract method over IPC and over HTTP and checks each
// answer: a well-formed Reply with a contract error code (never a throw, an HTTP 500, an untyped
// INTERNAL or a message that echoes a huge input), Object.prototype untouched, and no file
// touched outside the project's folder, the shell's state folder, the recent projects and, for
// the methods that take them, the paths the payload itself names.

import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Method } from '../../../src-main/contract/api.js';
import type { ErrorCode } from '../../../src-main/contract/errors.js';
import { METHODS } from '../../../src-main/core/service/index.js';
import { methodChannel } from '../../../src-main/electron/channels.js';
import type { Rng } from '../rng.js';
import type { BoundaryEnv, Sent, Transport } from './env.js';
import { NO_WORKERS } from './env.js';
import type { FsAccess, FsWatch } from './fs-watch.js';
import { inside } from './fs-watch.js';
import type { Payload } from './payloads.js';
import { payloadsFor, READ_PATH_METHODS, samplePayloads, WRITE_PATH_METHODS } from './payloads.js';
import { validParams } from './valid-params.js';

const CODES: ReadonlySet<ErrorCode> = new Set([
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'NO_PROJECT',
  'IMPORT_ERROR',
  'CONFLICT',
  'FORBIDDEN_PATH',
  'UNAUTHORIZED',
  'OFFLINE',
  'INTERNAL',
]);
// An error reply longer than this repeats the payload back; paths are at most 4 KB.
const MAX_ERROR_CHARS = 16_384;

export interface BoundaryDefect {
  transport: string;
  method: string;
  what: string;
  problem: string;
}

export interface BoundaryReport {
  /** Payloads sent per method and transport. */
  sent: Record<string, { ipc: number; http: number }>;
  /** Replies by outcome: ok, an error code, or `INTERNAL (engine)` for the refused workers. */
  outcomes: Record<string, number>;
  defects: BoundaryDefect[];
  slowestMs: number;
  slowest: string;
}

export interface BoundaryOptions {
  rng: Rng;
  watch: FsWatch;
  /** Payloads per method and transport besides the valid one and the path ones; all when absent. */
  sample?: number | undefined;
  methods?: readonly Method[] | undefined;
  onMethod?: ((method: string) => void) | undefined;
}

function prototypeState(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype, Object]
    .map((p) => Object.getOwnPropertyNames(p).sort().join(','))
    .join('|');
}

function recentPaths(env: BoundaryEnv): string[] {
  const out: string[] = [];
  for (const file of [path.join(env.stateDir, 'ipc', 'recent.json'), path.join(env.stateDir, 'http', 'recent.json')]) {
    try {
      const list = (JSON.parse(readFileSync(file, 'utf8')) as { projects?: { path?: unknown }[] }).projects ?? [];
      for (const p of list) if (typeof p.path === 'string') out.push(p.path);
    } catch {
      // No list yet.
    }
  }
  return out;
}

/** The paths a payload names for a method that takes user-chosen paths, resolved as the core does. */
function userPaths(method: string, payload: unknown, baseDir: string): string[] {
  if (!WRITE_PATH_METHODS.has(method) && !READ_PATH_METHODS.has(method)) return [];
  if (payload === null || typeof payload !== 'object') return [];
  const p = payload as { path?: unknown; source?: { path?: unknown }; encoder?: unknown; dir?: unknown };
  const raw = [
    p.path,
    p.source?.path,
    typeof p.encoder === 'string' && p.encoder.startsWith('bert:') ? p.encoder.slice(5) : undefined,
    method === 'encoders.add' ? p.dir : undefined,
  ];
  return raw.filter((x): x is string => typeof x === 'string' && !x.includes('\0') && x.trim() !== '').map((x) => path.resolve(baseDir, x));
}

const METADATA = new Set([
  'existsSync',
  'statSync',
  'lstatSync',
  'accessSync',
  'realpathSync',
  'promises.stat',
  'promises.lstat',
  'promises.access',
]);

/**
 * A user-chosen path covers itself, files beside it named after it (temp files, SQLite's -wal),
 * what lies inside it or inside a hidden sibling named after it (a half-copied folder), the
 * folder it goes into, and a look at the metadata of the folders above it (fs.cpSync checks them so as not to copy a folder
 * into itself).
 */
function coveredBy(access: FsAccess, chosen: string): boolean {
  const a = access.path;
  if (a === chosen || a.startsWith(chosen) || inside(a, chosen)) return true;
  const parent = path.dirname(chosen);
  // The folder it goes into may be made (mkdir -p of that one folder).
  if (a === parent || (METADATA.has(access.fn) && inside(chosen, a))) return true;
  const rel = path.relative(parent, a);
  return !rel.startsWith('..') && !path.isAbsolute(rel) && rel.split(path.sep)[0]!.startsWith(`.${path.basename(chosen)}`);
}

function checkReply(sent: Sent, transport: string): string | null {
  if (sent.threw !== null) return `threw ${sent.threw}`;
  if (sent.status !== null && sent.status >= 500) return `HTTP ${sent.status}`;
  const r = sent.reply as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (r === null || typeof r !== 'object' || typeof r.ok !== 'boolean') return `not a Reply: ${JSON.stringify(sent.reply)?.slice(0, 200)}`;
  if (r.ok) return transport === 'http' && sent.status !== 200 ? `ok reply with HTTP ${sent.status}` : null;
  const e = r.error;
  if (e === undefined || typeof e.code !== 'string' || !CODES.has(e.code as ErrorCode) || typeof e.message !== 'string')
    return `malformed error ${JSON.stringify(e)?.slice(0, 200)}`;
  if (JSON.stringify(e).length > MAX_ERROR_CHARS) return `error of ${JSON.stringify(e).length} characters (echoes the input)`;
  if (e.code === 'INTERNAL' && !e.message.includes(NO_WORKERS)) return `INTERNAL: ${e.message.slice(0, 300)}`;
  return null;
}

function outcomeOf(sent: Sent): string {
  const r = sent.reply as { ok?: boolean; error?: { code?: string; message?: string } } | null;
  if (r?.ok === true) return 'ok';
  if (r?.error?.code === 'INTERNAL' && r.error.message?.includes(NO_WORKERS) === true) return 'INTERNAL (engine)';
  return r?.error?.code ?? 'none';
}

async function resetProject(env: BoundaryEnv, t: Transport): Promise<void> {
  const current = await t.dispatch('projects.current', {});
  const info = current.ok ? (current.value as { path: string } | null) : null;
  if (info?.path === env.project) return;
  const opened = await t.dispatch('projects.open', { path: env.project });
  if (!opened.ok) throw new Error(`cannot reopen the fixture project over ${t.name}: ${opened.error.message}`);
}

export async function fuzzBoundary(env: BoundaryEnv, opts: BoundaryOptions): Promise<BoundaryReport> {
  const valid = validParams(env);
  const ctx = { outside: env.outside, project: env.project };
  const report: BoundaryReport = { sent: {}, outcomes: {}, defects: [], slowestMs: 0, slowest: '' };
  const prototypes = prototypeState();
  for (const method of opts.methods ?? METHODS) {
    opts.onMethod?.(method);
    const all = payloadsFor(method, valid[method], ctx);
    const payloads: Payload[] = opts.sample === undefined ? all : samplePayloads(all, opts.sample, opts.rng);
    report.sent[method] = { ipc: 0, http: 0 };
    for (const t of [env.ipc, env.http]) {
      for (const p of payloads) {
        if (t.name === 'http' && p.transport === 'ipc') continue;
        const payload = p.make();
        const allowedUser = userPaths(method, payload, env.baseDir);
        const recent = recentPaths(env);
        const t0 = performance.now();
        const { value: sent, accesses } = await opts.watch.record(() => t.send(method, payload));
        const ms = performance.now() - t0;
        if (sent.unsendable === true) continue;
        report.sent[method][t.name]++;
        if (ms > report.slowestMs) {
          report.slowestMs = ms;
          report.slowest = `${t.name} ${method} ${p.what}`;
        }
        const outcome = outcomeOf(sent);
        report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
        const defect = (problem: string): void => void report.defects.push({ transport: t.name, method, what: p.what, problem });
        const bad = checkReply(sent, t.name);
        if (bad !== null) defect(bad);
        if (prototypeState() !== prototypes || ({} as Record<string, unknown>)['polluted'] !== undefined)
          defect('a built-in prototype changed');
        const stray = accesses.filter(
          (a: FsAccess) =>
            !inside(a.path, env.projectDir) &&
            !inside(a.path, env.stateDir) &&
            !recent.some((r) => coveredBy(a, r)) &&
            !allowedUser.some((u) => coveredBy(a, u)),
        );
        if (stray.length > 0)
          defect(
            `touched ${stray
              .slice(0, 3)
              .map((a) => `${a.fn}(${a.path.slice(0, 120)})`)
              .join(', ')}`,
          );
        try {
          await resetProject(env, t);
        } catch (err) {
          throw new Error(`after ${t.name} ${method} ${p.what}: ${(err as Error).message}`);
        }
      }
    }
  }
  return report;
}

/** Calls from pages that are not the app's top frame: each must be refused before the core sees it. */
export async function untrustedIpc(env: BoundaryEnv): Promise<{ tried: number; reached: number; wrong: string[] }> {
  const frames = [
    { senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 2 } },
    { senderFrame: { url: 'app://crosstag/index.html', parent: {} }, sender: { id: 3 } },
    { senderFrame: { url: 'app://crosstag.evil.example/index.html', parent: null }, sender: { id: 4 } },
    { senderFrame: { url: 'app://crosstag:8080/index.html', parent: null }, sender: { id: 5 } },
    { senderFrame: { url: 'file:///index.html', parent: null }, sender: { id: 6 } },
    { senderFrame: null, sender: { id: 7 } },
  ];
  const before = env.ipcDispatched();
  const wrong: string[] = [];
  let tried = 0;
  for (const method of METHODS) {
    const handler = env.ipcMain.handlers.get(methodChannel(method))!;
    for (const f of frames) {
      tried++;
      const reply = (await handler(f, {})) as { ok: boolean; error?: { code: string } };
      if (reply.ok || reply.error?.code !== 'UNAUTHORIZED')
        wrong.push(`${method} from ${JSON.stringify(f.senderFrame)}: ${JSON.stringify(reply).slice(0, 100)}`);
    }
  }
  return { tried, reached: env.ipcDispatched() - before, wrong };
}
