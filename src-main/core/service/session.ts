// The state behind the handlers: the open project, the recent list, events and path rules.

import type { Pair, ProjectInfo, Sentence } from '../../contract/entities.js';
import type { EventName, Events } from '../../contract/events.js';
import { CoreError } from '../errors.js';
import type { Store } from '../store/index.js';
import { openStore } from '../store/index.js';
import { CoreEvents } from './events.js';
import type { MlContext, MlService } from './ml.js';
import { refuseSqliteSidecar, resolveUserPath } from './paths.js';
import { createProject } from './project-file.js';
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

  /** A user path for a method that creates, opens or writes there. */
  resolveWritable = (p: string): string => {
    const file = this.resolve(p);
    refuseSqliteSidecar(file);
    return file;
  };

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    this.events.emit(event, payload);
  }

  /** Opens a project file, or with `create` makes a new one, and makes it the current project. */
  open(file: string, create?: { name: string; labels?: readonly string[] | undefined }): Store {
    const store =
      create === undefined
        ? openStore(file, { nativeBinding: this.opts.nativeBinding })
        : createProject(file, create.name, create.labels, this.opts.nativeBinding);
    this.closeProject();
    this.current = store;
    this.recent.touch({ path: file, name: this.info().name, sentences: store.project.sentenceCount() });
    this.opts.ml?.projectChanged?.(file, store);
    this.emit('sentences.changed', { reason: 'project' });
    return store;
  }

  closeProject(): void {
    if (this.current === null) return;
    this.current.close();
    this.current = null;
    this.opts.ml?.projectChanged?.(null, null);
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
