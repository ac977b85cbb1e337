// One valid payload per contract method, over the boundary fixture project. The mapped type makes
// a new contract method a compile error here until it has a payload, so the fuzz covers it.

import type { Method, Params, TrainingConfig } from '../../../src-main/contract/api.js';

export interface FixtureRefs {
  project: string;
  /** A model folder holding config.json, and where an export may go. */
  modelDir: string;
  exportDir: string;
  /** A copy of the tiny BERT checkpoint (test/fixtures/bert/tiny) in the project's folder. */
  encoderDir: string;
  /** A small MUSE dictionary file in the project's folder. */
  dictionaryFile: string;
}

const TRAINING: TrainingConfig = {
  sourceLangs: ['en'],
  sourceSplits: ['train'],
  targetLang: 'es',
  mode: 'teacher',
  encoder: 'small',
  epochs: 1,
  evaluatorEpochs: 1,
  studentEpochs: 0,
  batchSize: 8,
  alpha: true,
  beta: true,
  gamma: true,
  kd: false,
  selectOn: 'source-dev',
  useTargetGold: false,
  seed: 1,
  predictAfter: false,
  dictionaryIds: [1],
  codeSwitch: 0.5,
  keepNames: true,
};

export function validParams(refs: FixtureRefs): { [M in Method]: Params<M> } {
  const bytes = { kind: 'bytes' as const, name: 'x.conll', base64: Buffer.from('Rome B-LOC\nis O\n').toString('base64') };
  return {
    'app.info': {},
    'projects.current': {},
    'projects.create': { path: `${refs.exportDir}/created.sqlite`, name: 'Created', labels: ['PER'] },
    'projects.open': { path: refs.project },
    'projects.recent': {},
    'projects.forget': { path: `${refs.exportDir}/gone.sqlite` },
    'projects.update': {
      name: 'Boundary',
      labels: [
        { name: 'PER', color: '#e15759', key: '1' },
        { name: 'ORG', color: '#4e79a7', key: '2' },
        { name: 'LOC', color: '#59a14f', key: '3' },
        { name: 'MISC', color: '#b07aa1', key: '4' },
      ],
    },
    'languages.upsert': { code: 'fr', name: 'French', direction: 'ltr' },
    'languages.remove': { code: 'fr' },
    'languages.casing': {},
    'imports.preview': { source: bytes, lang: 'en', split: 'dev' },
    'imports.run': { source: bytes, lang: 'en', split: 'dev', unlabelled: false, format: 'conll' },
    'exports.run': { lang: 'en', split: 'train', format: 'conll', scheme: 'iob2', path: `${refs.exportDir}/en.conll` },
    'stats.splits': {},
    'sentences.list': { filter: { lang: 'en', split: 'train', status: 'gold', q: 'a' }, sort: 'document', offset: 0, limit: 10 },
    'sentences.get': { id: 1 },
    'sentences.locate': { id: 1, filter: { lang: 'en' }, sort: 'document' },
    'sentences.neighbours': { id: 1, radius: 2 },
    'sentences.next': { after: null, filter: { lang: 'es' }, sort: 'uncertainty' },
    'annotations.set': { sentenceId: 1, start: 0, end: 1, label: 'PER' },
    'annotations.remove': { sentenceId: 1, token: 0 },
    'annotations.confirm': { sentenceId: 4 },
    'annotations.accept': { sentenceId: 4 },
    'annotations.reject': { sentenceId: 4 },
    'edits.undo': {},
    'edits.redo': {},
    'edits.history': { limit: 10 },
    'edits.revert': { id: 1 },
    'pairs.list': { offset: 0, limit: 10 },
    'pairs.get': { id: 1 },
    'pairs.create': { a: 2, b: 5 },
    'pairs.delete': { id: 999 },
    'pairs.suggest': { mode: 'shared-capitalised', langA: 'en', langB: 'es', count: 3 },
    'pairs.link': { pairId: 1, i: 0, j: 0, value: 'same' },
    'pairs.similarity': { pairId: 1, modelId: 1 },
    'backend.info': {},
    'backend.settings': {},
    'backend.configure': { threads: 2 },
    'training.start': TRAINING,
    'training.cancel': { runId: 1 },
    'training.resume': { runId: 1 },
    'training.list': {},
    'training.get': { runId: 1 },
    'training.exportBundle': { config: { ...TRAINING, encoder: `bert:${refs.encoderDir}` }, dir: refs.exportDir },
    'predict.start': { modelId: 1, lang: 'es', splits: ['unlabelled'] },
    'models.list': {},
    'models.rename': { id: 1, name: 'renamed' },
    'models.delete': { id: 999 },
    'models.export': { id: 1, path: `${refs.exportDir}/model-copy` },
    'models.import': { path: refs.modelDir, name: 'imported' },
    'evaluate.run': { modelId: 1, lang: 'en', split: 'train' },
    'encoders.list': {},
    'encoders.add': { dir: refs.encoderDir, name: 'tiny' },
    'encoders.remove': { id: 1 },
    // The harness points the hub at a closed port, so this fails at once, offline.
    'encoders.download': { repo: 'boundary/tiny', revision: 'main' },
    'encoders.cancel': { repo: 'boundary/tiny' },
    'encoders.recommended': {},
    'dictionaries.list': {},
    'dictionaries.import': { source: { kind: 'path', path: refs.dictionaryFile }, name: 'en-es', srcLang: 'en', tgtLang: 'es' },
    'dictionaries.coverage': { id: 1 },
    'dictionaries.entries': { id: 1, q: 'vis', offset: 0, limit: 10 },
    'dictionaries.setEntry': { id: 1, source: 'met', targets: ['conoció'] },
    'dictionaries.remove': { id: 999 },
    'dictionaries.published': { srcLang: 'en', tgtLang: 'es' },
    // The harness points MUSE's address at a closed port, so this fails at once, offline.
    'dictionaries.download': { srcLang: 'en', tgtLang: 'es' },
    'dictionaries.cancelDownload': { srcLang: 'en', tgtLang: 'es' },
  };
}
