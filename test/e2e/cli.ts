// Runs the real `crosstag` CLI from source, for building test projects and starting the web shell.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const root = resolve(import.meta.dirname, '..', '..');
const entry = resolve(root, 'src-main', 'cli', 'index.ts');

/** `crosstag <args>` run to completion; throws with its stderr when it fails. */
export function crosstag(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface Served {
  url: string;
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `crosstag serve --db FILE --port 0 [extra]` and resolves with the URL it prints first. */
export function serve(db: string, env: NodeJS.ProcessEnv, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'serve', '--db', db, '--port', '0', ...extra], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      fail(new Error(`crosstag serve printed no URL within 60 s:\n${stderr}`));
    }, 60_000);
    child.once('exit', (code) => fail(new Error(`crosstag serve exited with ${code}:\n${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      const url = line.trim();
      done({
        url,
        origin: new URL(url).origin,
        child,
        stop: () =>
          new Promise<void>((stopped) => {
            if (child.exitCode !== null) return stopped();
            child.once('exit', () => stopped());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
