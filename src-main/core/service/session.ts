// The state behind the handlers: the open project, the recent list, events and path rules.

import fs from 'node:fs';
import type { Pair, ProjectInfo, Sentence } from '../../contract/entities.js';
import type { EventName, Events } from '../../contract/events.js';
import { CoreError } from '../errors.js';
import type { Store } from '../store/index.js';
import { openStore } from '../store/index.js';
import { CoreEvents } from './events.js';
import type { MlContext, MlService } from './ml.js';
import { resolveUserPath } from './paths.js';
import { RecentProjects } from './recent.js';

export interface SessionOptions {
  recentFile: string;
  baseDir?: string | undefined;
  nativeBinding?: string | undefined;
  ml?: MlService | undefined;
}

export class Session {
  readonly events = new CoreEvents();
  readonly recent: RecentProjects;
  private current: Store | null = null;

  constructor(readonly opts: SessionOptions) {
    this.recent = new RecentProjects(opts.recentFile);
  }

  get store(): Store | null {
    return this.current;
  }

  requireStore(): Store {
    if (this.current === null) throw new CoreError('NO_PROJECT', 'no project is open; create or open one first');
    return this.current;
  }

  resolve = (p: string): string => resolveUserPath(p, this.opts.baseDir);

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    this.events.emit(event, payload);
  }

  /** Opens (or creates, running `init` on the new file) a project and makes it the current one. */
  open(file: string, create?: (store: Store) => void): Store {
    if (create !== undefined && fs.existsSync(file)) throw new CoreError('CONFLICT', `${file} already exists; open it instead`);
    const store = openStore(file, { create: create !== undefined, nativeBinding: this.opts.nativeBinding });
    if (create !== undefined) {
      try {
        create(store);
      } catch (err) {
        store.close();
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
        throw err;
      }
    }
    this.closeProject();
    this.current = store;
    this.recent.touch({ path: file, name: this.info().name, sentences: store.project.sentenceCount() });
    this.opts.ml?.projectChanged?.(file);
    this.emit('sentences.changed', { reason: 'project' });
    return store;
  }

  closeProject(): void {
    if (this.current === null) return;
    this.current.close();
    this.current = null;
    this.opts.ml?.projectChanged?.(null);
  }

  info(): ProjectInfo {
    const s = this.requireStore();
    return {
      path: s.path,
      name: s.project.meta('name') ?? s.path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''),
      labels: s.project.labels(),
      languages: s.project.languages(),
      createdAt: s.project.meta('created_at') ?? '',
      sentences: s.project.sentenceCount(),
      schemaVersion: s.schemaVersion,
    };
  }

  /** Refreshes the recent entry's name and size after a change. */
  noteChange(): void {
    const info = this.info();
    this.recent.update({ path: info.path, name: info.name, sentences: info.sentences });
  }

  sentence(id: number): Sentence {
    return this.requireStore().sentences.get(id);
  }

  pair(id: number): Pair {
    const s = this.requireStore();
    const p = s.pairs.get(id);
    return { id: p.id, a: s.sentences.get(p.a), b: s.sentences.get(p.b), links: p.links };
  }

  mlContext(): MlContext {
    return {
      store: () => this.requireStore(),
      projectPath: () => this.requireStore().path,
      emit: (event, payload) => this.emit(event, payload),
      resolvePath: this.resolve,
    };
  }
}
