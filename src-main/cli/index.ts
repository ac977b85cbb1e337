#!/usr/bin/env node
// The `crosstag` command. Each subcommand lives in ./commands/ and is listed once below.
// Expected failures print `crosstag: <reason>` and exit 1; help and version exit 0.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CoreError } from '../core/errors.js';
import { convertCommand } from './commands/convert.js';
import { evalCommand } from './commands/eval.js';
import { projectCommand } from './commands/project.js';
import { statsCommand } from './commands/stats.js';
import { demoCommand } from './commands/demo.js';
import { serveCommand } from './commands/serve.js';
import { mlCommands } from './commands/ml.js';
import { encoderCommands } from './commands/encoders.js';
import { CliError, type CliCommand, type CliIo } from './io.js';

export { CliError, type CliCommand, type CliIo } from './io.js';

const COMMANDS: readonly CliCommand[] = [
  statsCommand,
  convertCommand,
  evalCommand,
  projectCommand,
  serveCommand,
  demoCommand,
  mlCommands,
  encoderCommands,
];

const VERSION = '0.1.0';

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
  };
}

/** Runs `crosstag` with `argv` (the arguments after the program name); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = new Command('crosstag')
    .description('Crosstag: cross-lingual named-entity recognition from the command line')
    .version(VERSION)
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text, write) => write(`crosstag: ${text.replace(/^error: /, '')}`),
    });
  for (const register of COMMANDS) register(program, io);
  // Subcommands report usage errors the same way as the program.
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliError || err instanceof CoreError) {
      io.stderr(`crosstag: ${err.message}\n`);
      return 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`crosstag: internal error: ${message}\n`);
    if (process.env['CROSSTAG_DEBUG'] !== undefined && err instanceof Error) io.stderr(`${err.stack ?? ''}\n`);
    return 2;
  }
}

function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.exitCode = await runCli(process.argv.slice(2));
}
