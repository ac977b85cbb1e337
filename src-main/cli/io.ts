// What a command needs from the outside world, so tests can run the CLI in-process.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../core/files/index.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Directory that relative paths are resolved against. */
  cwd: string;
}

/** One `crosstag` subcommand: adds itself to the program. */
export type CliCommand = (program: Command, io: CliIo) => void;

/** An expected failure: printed as `crosstag: <message>` with exit code 1, no stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export function readInput(io: CliIo, path: string): Uint8Array {
  try {
    return readFileSync(resolve(io.cwd, path));
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${systemReason(err)}`);
  }
}

/** Writes atomically, so a failed write leaves no half-written file. */
export function writeOutput(io: CliIo, path: string, content: string): void {
  try {
    writeFileAtomic(resolve(io.cwd, path), content);
  } catch (err) {
    throw new CliError(`cannot write ${path}: ${systemReason(err)}`);
  }
}

function systemReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}

export function printWarnings(io: CliIo, warnings: readonly string[]): void {
  for (const w of warnings) io.stderr(`crosstag: warning: ${w}\n`);
}
