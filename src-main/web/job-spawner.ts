// How the web and CLI shells start out-of-process jobs (training, bulk prediction): a Node child
// process. The Electron shell has the same shape over utilityProcess, so the job runner in
// core/jobs can take either.
//
// Messages use structured-clone serialization ('advanced'), the same as utilityProcess, so a
// worker sees identical data in both shells. Worker side: in a forked child, `process.send` and
// `process.on('message', m)`; in a utility process, `process.parentPort.postMessage` and
// `process.parentPort.on('message', e => e.data)`.

import { fork } from 'node:child_process';

export interface JobProcess {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** `code` is null when the process was killed by a signal. */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type JobSpawner = (modulePath: string, args: string[], env: Record<string, string>) => JobProcess;

export const forkJob: JobSpawner = (modulePath, args, env) => {
  // A TypeScript worker (development, tests) needs the tsx loader; compiled workers do not.
  const execArgv = modulePath.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = fork(modulePath, args, {
    env: { ...process.env, ...env },
    execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message as Parameters<typeof child.send>[0]);
    },
    onMessage: (listener) => {
      child.on('message', (m) => listener(m));
    },
    onExit: (listener) => {
      child.on('exit', (code) => listener(code));
    },
    kill: () => {
      child.kill();
    },
  };
};
