// The process a crash run kills. It opens the project with the real core and then either runs
// the crash script itself, writing each call's start and its acknowledged reply to stdout (core
// mode), or serves the project over the real web shell for the parent to drive (web mode). Every
// line is written with a synchronous write, so an acknowledgement on stdout was made after the
// call returned and before the next one began.

import { writeSync } from 'node:fs';
import { createCore, dispatch } from '../../../src-main/core/service/index.js';
import { coreBridge } from '../../../src-main/core/shell/index.js';
import { startWebServer } from '../../../src-main/web/server.js';
import type { ChildArgs, ChildLine } from './protocol.js';
import { Script } from './script.js';

function say(line: ChildLine): void {
  writeSync(1, JSON.stringify(line) + '\n');
}

async function main(args: ChildArgs): Promise<void> {
  const core = createCore({ shell: 'web', recentFile: args.recentFile, baseDir: args.baseDir });
  const opened = await dispatch(core, 'projects.open', { path: args.project });
  if (!opened.ok) throw new Error(`cannot open ${args.project}: ${opened.error.message}`);
  if (args.mode === 'web') {
    const server = await startWebServer({ bridge: coreBridge(core), staticDir: args.staticDir, token: args.token });
    say({ t: 'ready', port: server.port });
    return;
  }
  say({ t: 'ready', port: null });
  const script = new Script(args.plan!);
  while (!script.done) {
    const seq = script.position;
    const step = script.next();
    say({ t: 'begin', seq, method: step.method });
    const reply = await dispatch(core, step.method, step.params);
    script.observe(step, reply);
    say({ t: 'ack', seq, method: step.method, params: step.params, reply });
  }
  say({ t: 'done' });
}

// Stays alive after the script ends: the parent ends every run with SIGKILL, whenever it lands.
const keepAlive = setInterval(() => undefined, 60_000);
main(JSON.parse(process.argv[2] ?? '{}') as ChildArgs).catch((err: unknown) => {
  say({ t: 'fatal', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  clearInterval(keepAlive);
  process.exitCode = 1;
});
