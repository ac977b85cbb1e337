// `crosstag serve --db FILE`: the web shell. The first line on stdout is the URL to open.

import { startServe } from '../../web/serve.js';
import { CliError, type CliCommand } from '../io.js';

function portOption(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, not "${value}"`);
  return port;
}

/** Resolves when the process is asked to stop; tests pass their own. */
export type StopSignal = () => Promise<void>;

const untilSignal: StopSignal = () =>
  new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

export function makeServeCommand(stopped: StopSignal = untilSignal): CliCommand {
  return (program, io) => {
    program
      .command('serve')
      .description('serve the app to your browser on 127.0.0.1 (prints the URL with its access token first)')
      .requiredOption('--db <file>', 'the project file to open')
      .option('--port <port>', 'port on 127.0.0.1; 0 picks a free one', '0')
      .option('--host <host>', 'only 127.0.0.1 is accepted', '127.0.0.1')
      .option('--create', 'create the project if the file does not exist')
      .action(async (opts: { db: string; port: string; host: string; create?: boolean }) => {
        const running = await startServe({ db: opts.db, port: portOption(opts.port), host: opts.host, create: opts.create, cwd: io.cwd });
        io.stdout(`${running.url}\n`);
        for (const w of running.warnings) io.stderr(`crosstag: warning: ${w}\n`);
        io.stderr(`crosstag: serving ${opts.db}; press Ctrl+C to stop\n`);
        await stopped();
        await running.close();
      });
  };
}

export const serveCommand: CliCommand = makeServeCommand();
