// Desktop menu commands that need one of the UI's own forms (sent after a native file or folder dialog).

import type { AppCommand } from '../../../src-main/contract/events.js';
import type { Stores } from './stores.js';

export function runAppCommand(
  stores: Pick<Stores, 'app' | 'importer' | 'projects' | 'encoders' | 'annotate' | 'pairs'>,
  cmd: AppCommand,
): void {
  const { app, importer, projects, encoders, annotate, pairs } = stores;
  switch (cmd.command) {
    case 'undo':
    case 'redo':
      // Each screen undoes its own edits; the others have none to undo.
      if (app.screen === 'annotate') void (cmd.command === 'undo' ? annotate.undo() : annotate.redo());
      else if (app.screen === 'pairs') void (cmd.command === 'undo' ? pairs.undo() : pairs.redo());
      return;
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
    case 'add-encoder':
      // The folder came from the native dialog; Settings shows the result or what is wrong with it.
      app.go('settings');
      void encoders.add(cmd.path);
      return;
  }
}
