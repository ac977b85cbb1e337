// Application-wide state: which project is open, which screen shows, and the shell we run in.

import type { ProjectInfo } from '../../../src-main/contract/entities.js';
import type { ApiError } from '../../../src-main/contract/errors.js';
import type { Client } from '../api/client.js';
import { asApiError } from '../api/errors.js';
import { formatRoute, parseRoute, type Screen } from '../route.js';

export class AppState {
  readonly client: Client;
  screen = $state<Screen>('projects');
  /** The sentence or pair the URL pointed at when the app opened. */
  routeId = $state<number | null>(null);
  project = $state.raw<ProjectInfo | null>(null);
  info = $state.raw<{ version: string; shell: 'electron' | 'web'; platform: string } | null>(null);
  ready = $state(false);
  loadError = $state.raw<ApiError | null>(null);
  helpOpen = $state(false);
  /** Bumped whenever the open project changes, so screens reload their data. */
  projectVersion = $state(0);

  constructor(client: Client) {
    this.client = client;
  }

  get mac(): boolean {
    const platform = this.info?.platform ?? (typeof navigator === 'undefined' ? '' : navigator.platform);
    return /mac|darwin/i.test(platform);
  }

  async init(hash: string): Promise<void> {
    const route = parseRoute(hash);
    try {
      const [info, project] = await Promise.all([this.client.call('app.info', {}), this.client.call('projects.current', {})]);
      this.info = info;
      this.project = project;
      this.loadError = null;
      if (route) {
        this.screen = route.screen;
        this.routeId = route.id;
      } else {
        this.screen = project && project.sentences > 0 ? 'annotate' : 'projects';
      }
    } catch (err) {
      this.loadError = asApiError(err);
    } finally {
      this.ready = true;
    }
  }

  go(screen: Screen, id: number | null = null): void {
    this.screen = screen;
    this.routeId = id;
    this.writeRoute();
  }

  /** Records the open item in the URL without adding a history entry per sentence. */
  setRouteId(id: number | null): void {
    this.routeId = id;
    this.writeRoute();
  }

  private writeRoute(): void {
    if (typeof history === 'undefined') return;
    history.replaceState(null, '', formatRoute({ screen: this.screen, id: this.routeId }));
  }

  setProject(project: ProjectInfo): void {
    const switched = this.project !== null && this.project.path !== project.path;
    this.project = project;
    if (switched) {
      // Ids of the old project mean nothing (or something else) in the new one.
      this.routeId = null;
      this.writeRoute();
      this.projectVersion += 1;
    }
  }

  async refreshProject(): Promise<void> {
    const project = await this.client.call('projects.current', {});
    if (project) this.setProject(project);
  }
}
