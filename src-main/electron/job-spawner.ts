// Out-of-process jobs (training, bulk prediction) in the desktop app run in an Electron utility
// process: a Node process managed by Electron, so a crash or out-of-memory there leaves the
// window and the database intact. This is the desktop counterpart of core/jobs' nodeSpawner()
// (child_process.fork), with the same handle: messages are structured clones in both, and the
// worker reaches its parent through process.parentPort (see core/jobs/worker/worker-port.ts).

import { utilityProcess } from 'electron';
import { TailBuffer, type JobExit, type Spawner } from '../core/jobs/index.js';

export type { Spawner };

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
      const tail = new TailBuffer();
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        tail.push(chunk);
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
        stderrTail: () => tail.toString(),
      };
    },
  };
}
