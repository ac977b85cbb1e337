// A served project of its own for the training specs: real runs write models and predictions, so
// they must not touch the shared project the other specs read. The server runs with
// CROSSTAG_TUNING=tiny (core/service/tuning.ts), so a pipeline run takes seconds.

import { request, type APIRequestContext } from '@playwright/test';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Method, Params, Result } from '../../src-main/contract/api.js';
import type { Reply } from '../../src-main/contract/errors.js';
import { tinyProjectFiles } from '../support/corpus.js';
import { serve, type Served } from './cli.js';

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

/** A new project of tinyProjectFiles() (test/support/corpus.ts); labels PER, ORG, LOC, MISC. */
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
    for (const f of tinyProjectFiles()) {
      await call('imports.run', {
        source: { kind: 'bytes', name: f.name, base64: b64(f.text) },
        lang: f.lang,
        split: f.split,
        unlabelled: f.unlabelled,
        format: f.unlabelled ? 'text' : 'conll',
      });
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { url: served.url, db: join(dir, 'train.sqlite'), dir, served, call, children: () => childrenOf(served.child.pid!), close };
}
