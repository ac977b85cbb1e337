// A served project of its own for the training specs: real runs write models and predictions, so
// they must not touch the shared project the other specs read. The server runs with
// CROSSTAG_TUNING=tiny (core/service/tuning.ts), so a pipeline run takes seconds.

import { request, type APIRequestContext } from '@playwright/test';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Method, Params, Result } from '../../src-main/contract/api.js';
import type { Reply } from '../../src-main/contract/errors.js';
import { serve, type Served } from './cli.js';

const PEOPLE = ['Alice', 'Bruno', 'Chen', 'Dora', 'Emil', 'Fatima'];
const PLACES = ['Paris', 'Lima', 'Oslo', 'Quito', 'Rome', 'Kyiv'];

/** Sentences in two fixed patterns, so a tiny model learns them within an epoch or two. */
function tagged(lang: 'en' | 'es', count: number, seed: number): [string, string][][] {
  let s = seed;
  const pick = <T>(xs: readonly T[]): T => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return xs[(s >>> 8) % xs.length]!;
  };
  const out: [string, string][][] = [];
  for (let k = 0; k < count; k++) {
    const [per, loc, other] = [pick(PEOPLE), pick(PLACES), pick(PEOPLE)];
    const words: [string, string][] =
      lang === 'en'
        ? k % 2 === 0
          ? [
              [per, 'B-PER'],
              ['went', 'O'],
              ['to', 'O'],
              [loc, 'B-LOC'],
            ]
          : [
              [per, 'B-PER'],
              ['met', 'O'],
              [other, 'B-PER'],
              ['in', 'O'],
              [loc, 'B-LOC'],
              ['today', 'O'],
            ]
        : k % 2 === 0
          ? [
              [per, 'B-PER'],
              ['fue', 'O'],
              ['a', 'O'],
              [loc, 'B-LOC'],
            ]
          : [
              [per, 'B-PER'],
              ['vio', 'O'],
              ['a', 'O'],
              [other, 'B-PER'],
              ['en', 'O'],
              [loc, 'B-LOC'],
            ];
    out.push(words);
  }
  return out;
}

const conll = (data: [string, string][][]) => data.map((s) => s.map(([w, t]) => `${w} ${t}`).join('\n')).join('\n\n') + '\n';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export interface TrainingServer {
  url: string;
  /** The project file. */
  db: string;
  /** The temporary folder holding the project; removed on close. */
  dir: string;
  served: Served;
  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>;
  /** Process ids of the server's child processes (the inference worker, training workers). */
  children(): number[];
  close(): Promise<void>;
}

/** Server children, read from /proc (Linux, where the browser tests run). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/**
 * A new project: English train (16 gold) and dev (4 gold), Spanish dev (4 gold) and 10
 * unlabelled Spanish sentences; labels PER, ORG, LOC, MISC.
 */
export async function startTrainingServer(extraEnv: Record<string, string> = {}): Promise<TrainingServer> {
  const dir = mkdtempSync(join(tmpdir(), 'crosstag-e2e-train-'));
  const env = { ...process.env, CROSSTAG_HOME: dir, CROSSTAG_TUNING: 'tiny', ...extraEnv };
  let served: Served;
  let api: APIRequestContext;
  try {
    served = await serve(join(dir, 'train.sqlite'), env, ['--create']);
    const token = new URL(served.url).searchParams.get('token')!;
    api = await request.newContext({ baseURL: served.origin, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const call = async <M extends Method>(method: M, params: Params<M>): Promise<Result<M>> => {
    const res = await api.post(`/api/${method}`, { data: params });
    const reply = (await res.json()) as Reply<Result<M>>;
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  };
  const close = async () => {
    await api.dispose();
    await served.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await call('projects.update', {
      labels: ['PER', 'ORG', 'LOC', 'MISC'].map((name, i) => ({
        name,
        color: ['#0081cc', '#cc5c00', '#008f5f', '#be5592'][i]!,
        key: String(i + 1),
      })),
    });
    await call('languages.upsert', { code: 'en', name: 'English', direction: 'ltr' });
    await call('languages.upsert', { code: 'es', name: 'Spanish', direction: 'ltr' });
    const load = (name: string, text: string, lang: string, split: 'train' | 'dev' | 'unlabelled', unlabelled = false) =>
      call('imports.run', {
        source: { kind: 'bytes', name, base64: b64(text) },
        lang,
        split,
        unlabelled,
        format: unlabelled ? 'text' : 'conll',
      });
    await load('en-train.conll', conll(tagged('en', 16, 1)), 'en', 'train');
    await load('en-dev.conll', conll(tagged('en', 4, 2)), 'en', 'dev');
    await load('es-dev.conll', conll(tagged('es', 4, 3)), 'es', 'dev');
    const esText = tagged('es', 10, 4)
      .map((s) => s.map(([w]) => w).join(' '))
      .join('\n');
    await load('es.txt', `${esText}\n`, 'es', 'unlabelled', true);
  } catch (err) {
    await close();
    throw err;
  }
  return { url: served.url, db: join(dir, 'train.sqlite'), dir, served, call, children: () => childrenOf(served.child.pid!), close };
}
