// Out-of-process jobs (training, bulk prediction) in the desktop app run in an Electron utility
// process: a Node process managed by Electron, so a crash or out-of-memory there leaves the
// window and the database intact. Same shape as the web shell's child_process.fork adapter.
//
// Worker side: `process.parentPort.on('message', e => e.data)` and
// `process.parentPort.postMessage(m)` (structured clone, like fork with 'advanced' serialization).

import { utilityProcess } from 'electron';
import { BINDING_ENV } from './app-paths.js';

export interface JobProcess {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** `code` is null when the process was killed. */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type JobSpawner = (modulePath: string, args: string[], env: Record<string, string>) => JobProcess;

/** `nativeBinding` reaches the worker's better-sqlite3 through the environment. */
export function utilityJobSpawner(nativeBinding: string | undefined): JobSpawner {
  return (modulePath, args, env) => {
    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) childEnv[k] = v;
    Object.assign(childEnv, env);
    if (nativeBinding !== undefined) childEnv[BINDING_ENV] = nativeBinding;
    const child = utilityProcess.fork(modulePath, args, { env: childEnv, serviceName: 'Crosstag job', stdio: 'inherit' });
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => {
        child.on('message', (m: unknown) => listener(m));
      },
      onExit: (listener) => {
        child.on('exit', (code: number) => listener(code));
      },
      kill: () => {
        child.kill();
      },
    };
  };
}
