// Desktop menu commands that need one of the UI's own forms (sent after a native file dialog).

import type { AppCommand } from '../../../src-main/contract/events.js';
import type { Stores } from './stores.js';

export function runAppCommand(stores: Pick<Stores, 'app' | 'importer' | 'projects'>, cmd: AppCommand): void {
  const { app, importer, projects } = stores;
  switch (cmd.command) {
    case 'shortcuts':
      app.helpOpen = true;
      return;
    case 'import':
      app.go('projects');
      importer.show(cmd.path);
      return;
    case 'export':
      app.go('projects');
      projects.exportPath = cmd.path;
      return;
  }
}
