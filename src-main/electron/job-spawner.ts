// Out-of-process jobs (training, bulk prediction) in the desktop app run in an Electron utility
// process: a Node process managed by Electron, so a crash or out-of-memory there leaves the
// window and the database intact. This is the desktop counterpart of core/jobs' nodeSpawner()
// (child_process.fork), with the same handle: messages are structured clones in both, and the
// worker reaches its parent through process.parentPort (see core/jobs/worker-port.ts).

import { utilityProcess } from 'electron';

/** The shape of core/jobs' JobExit / JobHandle / Spawner. */
export interface JobExit {
  code: number | null;
  signal: string | null;
}

export interface JobHandle {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: JobExit) => void): void;
  kill(): void;
  stderrTail(): string;
}

export interface Spawner {
  spawn(entryPath: string, env: Record<string, string>): JobHandle;
}

/** Enough for a V8 out-of-memory report and a stack trace. */
const TAIL_CHARS = 8192;

export function utilitySpawner(): Spawner {
  return {
    spawn(entryPath, env) {
      const childEnv: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined) childEnv[k] = v;
      Object.assign(childEnv, env);
      const child = utilityProcess.fork(entryPath, [], {
        env: childEnv,
        serviceName: 'Crosstag job',
        stdio: ['ignore', 'inherit', 'pipe'],
      });
      let tail = '';
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        tail = (tail + chunk).slice(-TAIL_CHARS);
        process.stderr.write(chunk);
      });
      let exit: JobExit | null = null;
      const exitListeners: ((e: JobExit) => void)[] = [];
      // utilityProcess reports only a code; a crash or kill shows as a non-zero one.
      child.on('exit', (code: number) => {
        exit = { code, signal: null };
        for (const l of exitListeners) l(exit);
      });
      return {
        get pid() {
          return child.pid;
        },
        postMessage: (message) => {
          if (exit === null) child.postMessage(message);
        },
        onMessage: (listener) => {
          child.on('message', (m: unknown) => listener(m));
        },
        onExit: (listener) => {
          if (exit !== null) listener(exit);
          else exitListeners.push(listener);
        },
        kill: () => {
          if (exit === null) child.kill();
        },
        stderrTail: () => tail,
      };
    },
  };
}
