// One crash run: start a child on a copy of the project, let it (core mode) or this process (web
// mode) make the seeded edits, SIGKILL the child at a seeded moment, then verify the reopened
// file. The seed fixes the edits and the aim of the kill; where exactly the kill lands still
// depends on timing, which is the point.

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reply } from '../../../src-main/contract/errors.js';
import { nodeArgsFor } from '../child-command.js';
import { Rng } from '../rng.js';
import type { CrashFixtures } from './fixtures.js';
import type { ChildArgs, ChildLine, CrashMode } from './protocol.js';
import type { ScriptPlan, Step } from './script.js';
import { Script } from './script.js';
import type { Ack, Verdict } from './verify.js';
import { verifyAfterKill } from './verify.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
// A run that has not ended this long after its start is stuck; it is killed and reported.
const RUN_TIMEOUT_MS = 120_000;
const TOKEN = 'crash-run-token';

export interface CrashRunOptions {
  mode: CrashMode;
  seed: number;
  steps: number;
  fixtures: CrashFixtures;
  /** This run's own folder. */
  dir: string;
  /** Chance that the script includes the big import (default 0.5). */
  bigImportChance?: number | undefined;
  /** When it does, the chance that the kill is aimed inside it (default 0.5). */
  aimAtImportChance?: number | undefined;
}

export interface CrashRunResult extends Verdict {
  seed: number;
  mode: CrashMode;
  /** Calls acknowledged before the kill. */
  acked: number;
  /** `between calls`, `during <method>` or `after the script`. */
  killedAt: string;
  /** The kill landed while the big import was running. */
  midImport: boolean;
}

interface KillAim {
  seq: number;
  delayMs: number;
}

function planFor(opts: CrashRunOptions): { plan: ScriptPlan; aim: KillAim } {
  const rng = new Rng(opts.seed);
  const big = rng.chance(opts.bigImportChance ?? 0.5) ? { file: opts.fixtures.bigFile, at: rng.int(1, Math.max(1, opts.steps - 1)) } : null;
  const plan: ScriptPlan = { seed: rng.int(0, 2 ** 31 - 1), steps: opts.steps, smallImports: opts.fixtures.smallImports, bigImport: big };
  const atImport = big !== null && rng.chance(opts.aimAtImportChance ?? 0.5);
  const seq = atImport ? big.at : rng.int(0, opts.steps);
  // Inside the import: anywhere in its measured time (a little over, in case it runs slower here).
  // Elsewhere: within a few milliseconds of the call starting, i.e. inside it or just after it.
  const delayMs = atImport ? rng.next() * opts.fixtures.bigImportMs * 1.2 : rng.next() * 3;
  return { plan, aim: { seq, delayMs } };
}

function lines(child: ChildProcess, onLine: (line: ChildLine) => void): void {
  let buffered = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (text.trim() !== '') onLine(JSON.parse(text) as ChildLine);
    }
  });
}

async function post(port: number, method: string, params: unknown): Promise<Reply<unknown>> {
  const res = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(params),
  });
  return (await res.json()) as Reply<unknown>;
}

export async function crashRun(opts: CrashRunOptions): Promise<CrashRunResult> {
  mkdirSync(opts.dir, { recursive: true });
  const project = path.join(opts.dir, 'project.sqlite');
  copyFileSync(opts.fixtures.pristine, project);
  const { plan, aim } = planFor(opts);
  const args: ChildArgs = {
    mode: opts.mode,
    project,
    recentFile: path.join(opts.dir, 'child-recent.json'),
    baseDir: opts.dir,
    plan: opts.mode === 'core' ? plan : null,
    token: TOKEN,
    staticDir: opts.dir,
  };
  const child = spawn(process.execPath, [...(await nodeArgsFor(CHILD)), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  const problems: string[] = [];
  let killTimer: NodeJS.Timeout | null = null;
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const killSoon = (): void => {
    killTimer ??= setTimeout(kill, aim.delayMs);
  };
  const stuck = setTimeout(() => {
    problems.push(`the run was still going after ${RUN_TIMEOUT_MS / 1000} s`);
    kill();
  }, RUN_TIMEOUT_MS);

  const acks: Ack[] = [];
  let begun: { seq: number; method: string } | null = null;
  let ready: (port: number | null) => void = () => undefined;
  const readyPort = new Promise<number | null>((done) => (ready = done));
  let finished = false;
  lines(child, (line) => {
    if (line.t === 'ready') ready(line.port);
    else if (line.t === 'begin') {
      begun = { seq: line.seq, method: line.method };
      if (line.seq === aim.seq) killSoon();
    } else if (line.t === 'ack') {
      acks.push({ seq: line.seq, method: line.method, params: line.params, reply: line.reply });
      begun = null;
    } else if (line.t === 'done') {
      finished = true;
      killSoon();
    } else {
      problems.push(`child failed: ${line.message}`);
      kill();
    }
  });
  child.once('close', () => ready(null));

  let inflight: Step | null = null;
  if (opts.mode === 'web') {
    const port = await readyPort;
    if (port !== null) {
      const script = new Script(plan);
      while (!script.done) {
        const seq = script.position;
        const step = script.next();
        if (seq === aim.seq) killSoon();
        let reply: Reply<unknown>;
        try {
          reply = await post(port, step.method, step.params);
        } catch {
          inflight = step;
          break;
        }
        script.observe(step, reply);
        acks.push({ seq, method: step.method, params: step.params, reply });
      }
      if (inflight === null) {
        finished = true;
        killSoon();
      }
    }
  }
  await closed;
  clearTimeout(stuck);
  if (killTimer !== null) clearTimeout(killTimer);
  if (child.signalCode !== 'SIGKILL' && problems.length === 0)
    problems.push(`child ended by itself (code ${child.exitCode}): ${stderr.slice(-500)}`);

  if (opts.mode === 'core' && begun !== null) {
    // The call the child had started: replay the script to the same point to know its params.
    const script = new Script(plan);
    for (const a of acks) script.observe(script.next(), a.reply);
    inflight = script.next();
  }
  const verdict = await verifyAfterKill({ dir: opts.dir, project, pristine: opts.fixtures.pristine, plan, acks, inflight });
  const inflightParams = inflight?.params as { source?: { path?: string } } | undefined;
  return {
    seed: opts.seed,
    mode: opts.mode,
    acked: acks.length,
    killedAt: inflight !== null ? `during ${inflight.method}` : finished ? 'after the script' : 'between calls',
    midImport: inflight?.method === 'imports.run' && inflightParams?.source?.path === opts.fixtures.bigFile,
    ...verdict,
    problems: [...problems, ...verdict.problems],
  };
}
