// The boundary fuzz's world: a small project with sentences, a pair and a model folder; the real
// desktop core behind the real IPC registration (ipc.ts, with a stand-in for ipcMain since the
// Electron binary is absent); the real web shell on 127.0.0.1 over its own core; and a job
// spawner that starts no process, so a payload that reaches the engine fails there, typed.

import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reply } from '../../../src-main/contract/errors.js';
import type { JobExit, JobHandle, Spawner } from '../../../src-main/core/jobs/index.js';
import { importedModelsDir, storedModelDir } from '../../../src-main/core/jobs/index.js';
import type { Core } from '../../../src-main/core/service/index.js';
import { createCore, dispatch } from '../../../src-main/core/service/index.js';
import type { CoreBridge } from '../../../src-main/core/shell/index.js';
import { methodChannel } from '../../../src-main/electron/channels.js';
import { openDesktopCore } from '../../../src-main/electron/desktop-core.js';
import type { DesktopCore } from '../../../src-main/electron/desktop-core.js';
import type { IpcMainLike } from '../../../src-main/electron/ipc.js';
import { registerIpc } from '../../../src-main/electron/ipc.js';
import { coreBridge } from '../../../src-main/core/shell/index.js';
import type { WebServer } from '../../../src-main/web/server.js';
import { startWebServer } from '../../../src-main/web/server.js';
import { jsonOf, materialize } from './payloads.js';
import { FakeIpcMain } from '../../support/fake-ipc-main.js';
import type { FixtureRefs } from './valid-params.js';

export const NO_WORKERS = 'boundary harness: worker processes are not started';

/** A spawner whose workers end at once with an error, recording what was asked of it. */
export class RefusingSpawner implements Spawner {
  readonly spawned: string[] = [];

  spawn(entryPath: string): JobHandle {
    this.spawned.push(entryPath);
    const exits: ((e: JobExit) => void)[] = [];
    setImmediate(() => {
      for (const l of exits) l({ code: 1, signal: null });
    });
    return {
      pid: undefined,
      postMessage: () => undefined,
      onMessage: () => undefined,
      onExit: (l) => void exits.push(l),
      kill: () => undefined,
      stderrTail: () => NO_WORKERS,
    };
  }
}

/** What came back for one payload: the reply, the HTTP status (HTTP only), or what was thrown. */
export interface Sent {
  reply: unknown;
  status: number | null;
  threw: string | null;
  /** The payload cannot travel over this transport at all (and so was not sent). */
  unsendable?: boolean | undefined;
}

export interface Transport {
  name: 'ipc' | 'http';
  send(method: string, payload: unknown): Promise<Sent>;
  /** Calls outside the fuzz (resetting the current project), not recorded. */
  dispatch(method: string, payload: unknown): Promise<Reply<unknown>>;
}

export const APP_FRAME = { senderFrame: { url: 'app://crosstag/index.html', parent: null }, sender: { id: 1 } };

export interface BoundaryEnv extends FixtureRefs {
  dir: string;
  projectDir: string;
  stateDir: string;
  baseDir: string;
  outside: string;
  ipc: Transport;
  http: Transport;
  ipcMain: FakeIpcMain;
  /** How many calls reached the desktop core's dispatch. */
  ipcDispatched(): number;
  spawner: RefusingSpawner;
  /** A digest of the watched folder outside the project, to compare before and after. */
  outsideDigest(): string;
  close(): Promise<void>;
}

const EN = [
  'John B-PER',
  'Smith I-PER',
  'visited O',
  'Paris B-LOC',
  '',
  'Acme B-ORG',
  'hired O',
  'Mary B-PER',
  '',
  'The O',
  'EU B-ORG',
  'met O',
  '',
].join('\n');
const ES = 'Juan visitó París hoy\nLa EU y Acme\nHola mundo\n';

async function makeFixture(dir: string, project: string, stateDir: string): Promise<string> {
  const setup = createCore({ shell: 'web', recentFile: path.join(stateDir, 'setup-recent.json'), baseDir: dir });
  try {
    const calls: [string, unknown][] = [
      ['projects.create', { path: project, name: 'Boundary' }],
      [
        'imports.run',
        { source: { kind: 'bytes', name: 'en.conll', base64: Buffer.from(EN).toString('base64') }, lang: 'en', split: 'train' },
      ],
      [
        'imports.run',
        { source: { kind: 'bytes', name: 'es.txt', base64: Buffer.from(ES).toString('base64') }, lang: 'es', split: 'unlabelled' },
      ],
      ['pairs.create', { a: 1, b: 4 }],
      [
        'dictionaries.import',
        {
          source: { kind: 'bytes', name: 'en-es.txt', base64: Buffer.from('visited visitó\nhired contrató\n').toString('base64') },
          srcLang: 'en',
          tgtLang: 'es',
        },
      ],
    ];
    for (const [method, params] of calls) {
      const r = await dispatch(setup, method, params);
      if (!r.ok) throw new Error(`boundary fixture: ${method} failed: ${r.error.message}`);
    }
    const store = setup.currentStore()!;
    const modelDir = path.join(importedModelsDir(project), 'm1');
    mkdirSync(modelDir, { recursive: true });
    writeFileSync(path.join(modelDir, 'config.json'), JSON.stringify({ kind: 'teacher', fake: true }));
    store.models.create({ name: 'm1', kind: 'teacher', encoder: 'small', dir: storedModelDir(project, modelDir) });
    return modelDir;
  } finally {
    await setup.close();
  }
}

function digestFolder(dir: string, files: readonly string[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(`${f}:`).update(readFileSync(path.join(dir, f)));
  return h.digest('hex');
}

export async function openBoundaryEnv(dir: string): Promise<BoundaryEnv> {
  const projectDir = path.join(dir, 'proj');
  const stateDir = path.join(dir, 'state');
  // Deep enough that `../../../outside` from here lands in the watched folder, not in /.
  const baseDir = path.join(dir, 'base', 'a', 'b');
  const outside = path.join(dir, 'outside');
  const exportDir = path.join(dir, 'exports');
  const staticDir = path.join(dir, 'static');
  for (const d of [projectDir, stateDir, baseDir, outside, exportDir, staticDir]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(outside, 'secret.txt'), 'not for the core\n');
  writeFileSync(path.join(outside, 'empty.txt'), '');
  const watched = ['secret.txt', 'empty.txt'];
  const project = path.join(projectDir, 'p.sqlite');
  const modelDir = await makeFixture(dir, project, stateDir);
  const encoderDir = path.join(projectDir, 'bert-tiny');
  const dictionaryFile = path.join(projectDir, 'en-es.txt');
  writeFileSync(dictionaryFile, 'the el\nthe la\nmet conoció\n');
  cpSync(path.resolve(import.meta.dirname, '../../fixtures/bert/tiny'), encoderDir, { recursive: true });
  // encoders.download must never reach the real hub from a test: a closed port answers at once.
  const hubBefore = process.env['HF_ENDPOINT'];
  process.env['HF_ENDPOINT'] = 'http://127.0.0.1:9';
  // The same for dictionaries.download and MUSE's server.
  const museBefore = process.env['CROSSTAG_MUSE_URL'];
  process.env['CROSSTAG_MUSE_URL'] = 'http://127.0.0.1:9';
  const spawner = new RefusingSpawner();

  const desktop: DesktopCore = await openDesktopCore({
    userData: path.join(stateDir, 'ipc'),
    baseDir,
    nativeBinding: undefined,
    version: 'boundary',
    project,
    spawner,
    demo: () => null,
  });
  let dispatched = 0;
  const counting: CoreBridge = {
    dispatch: (m, p) => {
      dispatched++;
      return desktop.bridge.dispatch(m, p);
    },
    subscribe: (l) => desktop.bridge.subscribe(l),
  };
  const ipcMain = new FakeIpcMain();
  const unregister = registerIpc({ ipcMain: ipcMain as unknown as IpcMainLike, bridge: counting, methods: desktop.methods });
  const ipc: Transport = {
    name: 'ipc',
    dispatch: (m, p) => desktop.bridge.dispatch(m, p),
    send: async (method, payload) => {
      const handler = ipcMain.handlers.get(methodChannel(method));
      if (handler === undefined) return { reply: null, status: null, threw: `no IPC handler for ${method}` };
      // What crosses IPC is a structured clone of what the page passed; what cannot be cloned
      // (nesting too deep for the serializer) fails in the page and never reaches main.
      let cloned: unknown;
      try {
        cloned = structuredClone(materialize(payload));
      } catch {
        return { reply: null, status: null, threw: null, unsendable: true };
      }
      try {
        return { reply: await handler(APP_FRAME, cloned), status: null, threw: null };
      } catch (err) {
        return { reply: null, status: null, threw: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
      }
    },
  };

  const webCore: Core = createCore({ shell: 'web', recentFile: path.join(stateDir, 'http', 'recent.json'), baseDir, spawner });
  const opened = await dispatch(webCore, 'projects.open', { path: project });
  if (!opened.ok) throw new Error(`boundary fixture: the web core cannot open ${project}: ${opened.error.message}`);
  const token = 'boundary-token';
  const server: WebServer = await startWebServer({ bridge: coreBridge(webCore), staticDir, token });
  const http: Transport = {
    name: 'http',
    dispatch: (m, p) => dispatch(webCore, m, p),
    send: async (method, payload) => {
      try {
        const res = await fetch(`${server.origin}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: payload === undefined ? '' : jsonOf(payload),
        });
        const text = await res.text();
        let reply: unknown;
        try {
          reply = JSON.parse(text);
        } catch {
          return { reply: null, status: res.status, threw: `not JSON: ${text.slice(0, 200)}` };
        }
        return { reply, status: res.status, threw: null };
      } catch (err) {
        return { reply: null, status: null, threw: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
      }
    },
  };

  return {
    dir,
    projectDir,
    stateDir,
    baseDir,
    outside,
    project,
    modelDir,
    exportDir,
    encoderDir,
    dictionaryFile,
    ipc,
    http,
    ipcMain,
    ipcDispatched: () => dispatched,
    spawner,
    outsideDigest: () => digestFolder(outside, watched),
    close: async () => {
      unregister();
      await server.close();
      await webCore.close();
      await desktop.close();
      if (hubBefore === undefined) delete process.env['HF_ENDPOINT'];
      else process.env['HF_ENDPOINT'] = hubBefore;
      if (museBefore === undefined) delete process.env['CROSSTAG_MUSE_URL'];
      else process.env['CROSSTAG_MUSE_URL'] = museBefore;
    },
  };
}
