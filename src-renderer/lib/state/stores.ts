// Builds every state object once and hands them to the component tree through context.

import { getContext, setContext } from 'svelte';
import type { Client } from '../api/client.js';
import { AnnotateState } from './annotate.svelte.js';
import { AppState } from './app.svelte.js';
import { DictionariesState } from './dictionaries.svelte.js';
import { DictionaryDownloadState } from './dictionary-download.svelte.js';
import { EncodersState } from './encoders.svelte.js';
import { EvaluateState } from './evaluate.svelte.js';
import { ImportState } from './import.svelte.js';
import { ModelsState } from './models.svelte.js';
import { PairsState } from './pairs.svelte.js';
import { ProjectsState } from './projects.svelte.js';
import { SettingsState } from './settings.svelte.js';
import { TrainingState } from './training.svelte.js';

export interface Stores {
  app: AppState;
  settings: SettingsState;
  projects: ProjectsState;
  importer: ImportState;
  annotate: AnnotateState;
  pairs: PairsState;
  models: ModelsState;
  encoders: EncodersState;
  dictionaries: DictionariesState;
  dictionaryDownload: DictionaryDownloadState;
  training: TrainingState;
  evaluate: EvaluateState;
}

export function createStores(client: Client): Stores {
  const app = new AppState(client);
  const models = new ModelsState(app);
  const dictionaries = new DictionariesState(app);
  return {
    app,
    settings: new SettingsState(),
    projects: new ProjectsState(app),
    importer: new ImportState(app),
    annotate: new AnnotateState(app),
    pairs: new PairsState(app),
    models,
    encoders: new EncodersState(app),
    dictionaries,
    dictionaryDownload: new DictionaryDownloadState(app, dictionaries),
    training: new TrainingState(app, models),
    evaluate: new EvaluateState(app, models),
  };
}

const KEY = Symbol('crosstag.stores');

export function provideStores(stores: Stores): void {
  setContext(KEY, stores);
}

export function useStores(): Stores {
  const stores = getContext<Stores | undefined>(KEY);
  if (!stores) throw new Error('useStores() called outside <App>');
  return stores;
}
