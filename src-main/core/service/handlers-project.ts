// Handlers for the app, projects, languages, imports, exports and split counts.

import os from 'node:os';
import type { Handlers } from '../../contract/api.js';
import { CoreError } from '../errors.js';
import { languageCasing } from './casing.js';
import { exportText, labelConfigPath, writeExport } from './exports.js';
import { previewImport, runImport } from './imports.js';
import type { Session } from './session.js';

type ProjectMethods =
  | 'app.info'
  | 'projects.current'
  | 'projects.create'
  | 'projects.open'
  | 'projects.recent'
  | 'projects.forget'
  | 'projects.update'
  | 'languages.upsert'
  | 'languages.remove'
  | 'languages.casing'
  | 'imports.preview'
  | 'imports.run'
  | 'exports.run'
  | 'stats.splits';

export function projectHandlers(
  session: Session,
  app: { version: string; shell: 'electron' | 'web'; platform?: string | undefined },
): Pick<Handlers, ProjectMethods> {
  return {
    'app.info': async () => ({ version: app.version, shell: app.shell, platform: app.platform ?? os.platform() }),

    'projects.current': async () => (session.store === null ? null : session.info()),

    'projects.create': async ({ path, name, labels }) => {
      session.open(session.resolveWritable(path), { name, labels });
      return session.info();
    },

    'projects.open': async ({ path }) => {
      session.open(session.resolveWritable(path));
      return session.info();
    },

    'projects.recent': async () => session.recent.list(),

    'projects.forget': async ({ path }) => {
      session.recent.forget(path);
      return session.recent.list();
    },

    'projects.update': async ({ name, labels }) => {
      const store = session.requireStore();
      store.db
        .transaction(() => {
          if (name !== undefined) store.project.setMeta('name', name);
          if (labels !== undefined) store.project.setLabels(labels);
        })
        .immediate();
      session.noteChange();
      return session.info();
    },

    'languages.upsert': async (lang) => {
      session.requireStore().project.upsertLanguage(lang);
      return session.info();
    },

    'languages.remove': async ({ code }) => {
      session.requireStore().project.removeLanguage(code);
      return session.info();
    },

    'languages.casing': async () => languageCasing(session.requireStore()),

    'imports.preview': async (opts) => previewImport(opts, session.resolve, session.store?.project.labelNames()),

    'imports.run': async (opts) => {
      const summary = runImport(session.requireStore(), opts, session.resolve);
      session.noteChange();
      session.emit('sentences.changed', { reason: 'import' });
      return summary;
    },

    'exports.run': async ({ lang, split, format, scheme, predictions, path }) => {
      const out = exportText(session.requireStore(), { lang, split, format, scheme, predictions });
      const { sentences, predicted, notes } = out;
      if (path === undefined) {
        const labelConfig = out.labelConfig === null ? null : { path: null, content: out.labelConfig };
        return { sentences, predicted, notes, path: null, content: out.content, labelConfig };
      }
      const file = session.resolveWritable(path);
      const project = session.requireStore().path;
      if (file === project || labelConfigPath(file) === project) {
        throw new CoreError('FORBIDDEN_PATH', 'refusing to export over the project file itself');
      }
      const written = writeExport(file, out);
      const labelConfig = written.labelConfig === null ? null : { path: written.labelConfig, content: null };
      return { sentences, predicted, notes, path: file, content: null, labelConfig };
    },

    'stats.splits': async () => session.requireStore().sentences.counts(),
  };
}
