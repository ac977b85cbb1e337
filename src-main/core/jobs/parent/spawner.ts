// How the core starts a worker process without knowing the shell: the web and CLI shells use
// nodeSpawner() (child_process.fork); the Electron shell passes an adapter over utilityProcess.
// Messages are structured-clone data in both ('advanced' serialization for fork).

import { fork } from 'node:child_process';

export interface JobExit {
  /** Exit code, or null when the process ended by a signal. */
  code: number | null;
  /** The signal that ended it (e.g. SIGKILL), when the platform reports one. */
  signal: string | null;
}

export interface JobHandle {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process has ended. */
  onExit(listener: (exit: JobExit) => void): void;
  kill(): void;
  /** The last few KB the process wrote to stderr, when the spawner captures it ('' otherwise). */
  stderrTail(): string;
}

export interface Spawner {
  spawn(entryPath: string, env: Record<string, string>): JobHandle;
}

// Enough for a V8 out-of-memory report and a stack trace.
const TAIL_BYTES = 8192;

/** Keeps the last TAIL_BYTES of a stream's text. */
export class TailBuffer {
  private text = '';

  push(chunk: string): void {
    this.text = (this.text + chunk).slice(-TAIL_BYTES);
  }

  toString(): string {
    return this.text;
  }
}

/**
 * child_process.fork with stderr passed through to this process (unless `echoStderr` is false)
 * and its tail kept for failure reports. A TypeScript entry (sources under vitest or tsx) runs with the tsx loader; a compiled
 * one runs as is. The parent's own execArgv (e.g. a test runner's flags) is not inherited.
 */
export function nodeSpawner(opts: { execArgv?: readonly string[] | undefined; echoStderr?: boolean | undefined } = {}): Spawner {
  return {
    spawn(entryPath, env) {
      const execArgv = [...(entryPath.endsWith('.ts') ? ['--import', 'tsx'] : []), ...(opts.execArgv ?? [])];
      const child = fork(entryPath, [], {
        env: { ...process.env, ...env },
        execArgv,
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      });
      const tail = new TailBuffer();
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        tail.push(chunk);
        if (opts.echoStderr !== false) process.stderr.write(chunk);
      });
      // A message to a process that just died must not throw in the parent.
      child.on('error', () => undefined);
      let exit: JobExit | null = null;
      const exitListeners: ((e: JobExit) => void)[] = [];
      // 'close' rather than 'exit': it comes after stderr has been read to the end.
      child.on('close', (code, signal) => {
        exit = { code, signal };
        for (const l of exitListeners) l(exit);
      });
      return {
        pid: child.pid,
        postMessage: (message) => {
          if (child.connected) child.send(message as Parameters<typeof child.send>[0], (err) => void err);
        },
        onMessage: (listener) => {
          child.on('message', (m) => listener(m));
        },
        onExit: (listener) => {
          if (exit !== null) listener(exit);
          else exitListeners.push(listener);
        },
        kill: () => {
          if (exit === null) child.kill('SIGKILL');
        },
        stderrTail: () => tail.toString(),
      };
    },
  };
}
