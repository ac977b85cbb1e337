// Writes a training bundle (see bundle-readme.ts for its layout): built in a hidden sibling folder
// and renamed into place, so a failure never leaves half a bundle under the chosen name.

import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../errors.js';
import {
  entityTypes,
  labelList,
  translationCounts,
  type CodeSwitchOptions,
  type LinkedPair,
  type SourceGroup,
  type TaggedSentence,
} from '../ml/index.js';
import { writeFileAtomic } from '../files/index.js';
import { bundleCommands, bundleReadme, type BundleCommands } from './bundle-readme.js';
import { copyEncoder, hubEncoder, type HubEncoder } from './hub-encoder.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type RunSettings } from './run-json.js';
import { copyTrainer } from './trainer-files.js';
import { wordPieces } from './word-pieces.js';

export interface BundleInput {
  train: readonly TaggedSentence[];
  dev: readonly TaggedSentence[];
  /** What `dev` is: source-dev, target-dev or none. */
  devUsed: string;
  target: readonly { tokens: string[] }[];
  links: readonly LinkedPair[];
  /** Code-switching of all of `train`, or per source range (as the engine takes them). */
  codeSwitch?: CodeSwitchOptions | undefined;
  sources?: readonly SourceGroup[] | undefined;
  settings: RunSettings;
  /** TrainingConfig.encoder: `bert:<dir>[#options]`. */
  encoder: string;
  /** The hub repository the checkpoint came from, when known (for the README's download line). */
  encoderRepo?: string | null | undefined;
  /** Copy (or hard-link) the checkpoint into encoder/ (default true). */
  copyEncoder?: boolean | undefined;
  project?: { name: string; path: string; sourceLangs: string[]; targetLang: string } | undefined;
  createdBy: string;
}

export interface BundleReport {
  dir: string;
  sentences: { source: number; target: number; dev: number; links: number };
  labels: string[];
  encoderCopied: boolean;
  commands: BundleCommands;
}

/** Writes rows as JSON lines, a megabyte at a time. */
function writeJsonl(file: string, rows: Iterable<unknown>): void {
  const fd = openSync(file, 'w');
  try {
    let chunk: string[] = [];
    let size = 0;
    for (const row of rows) {
      const line = `${JSON.stringify(row)}\n`;
      chunk.push(line);
      size += line.length;
      if (size > 1 << 20) {
        writeSync(fd, chunk.join(''));
        chunk = [];
        size = 0;
      }
    }
    writeSync(fd, chunk.join(''));
  } finally {
    closeSync(fd);
  }
}

function* labelled(data: readonly TaggedSentence[], index: Map<string, number>): Generator<unknown> {
  for (const [id, s] of data.entries()) yield { id, tokens: s.tokens, ner_tags: s.tags!.map((t) => index.get(t)!) };
}

const DATA_FILES = {
  source: 'data/source.jsonl',
  target: 'data/target.jsonl',
  dev: 'data/dev.jsonl',
  links: 'data/links.jsonl',
  info: 'data/dataset_info.json',
};

function datasetInfo(labels: string[], counts: BundleReport['sentences']): unknown {
  const words = { feature: { dtype: 'string', _type: 'Value' }, _type: 'Sequence' };
  return {
    description: 'Crosstag training bundle: ner_tags are ids into labels (IOB2)',
    labels,
    features: {
      id: { dtype: 'int64', _type: 'Value' },
      tokens: words,
      ner_tags: { feature: { names: labels, _type: 'ClassLabel' }, _type: 'Sequence' },
    },
    splits: {
      source: { file: 'source.jsonl', num_examples: counts.source },
      target: { file: 'target.jsonl', num_examples: counts.target },
      dev: { file: 'dev.jsonl', num_examples: counts.dev },
      links: { file: 'links.jsonl', num_examples: counts.links },
    },
  };
}

/** Every word the encoder can be fed: the data's, and each translation code-switching may put in. */
function bundleWords(input: BundleInput): Set<string> {
  const words = new Set<string>();
  const add = (tokens: readonly string[]) => tokens.forEach((t) => words.add(t));
  for (const list of [input.train, input.dev, input.target]) for (const s of list) add(s.tokens);
  for (const l of input.links) add([...l.a, ...l.b]);
  const switched = input.codeSwitch
    ? [{ start: 0, end: input.train.length, cs: input.codeSwitch }]
    : (input.sources ?? []).flatMap((g) => (g.codeSwitch ? [{ start: g.start, end: g.end, cs: g.codeSwitch }] : []));
  for (const { start, end, cs } of switched) for (const w of translationCounts(input.train.slice(start, end), cs).keys()) words.add(w);
  return words;
}

function checkTarget(dir: string): void {
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new CoreError('CONFLICT', `${dir} already exists and is not an empty folder; choose a new folder for the bundle`);
  }
}

export function writeRunBundle(dir: string, input: BundleInput): BundleReport {
  const target = path.resolve(dir);
  checkTarget(target);
  const encoder = hubEncoder(input.encoder);
  if (input.train.length === 0) throw new CoreError('BAD_REQUEST', 'the bundle needs labelled source sentences');
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(path.join(partial, 'data'), { recursive: true });
  try {
    const report = fill(partial, input, encoder);
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(partial, target);
    return { ...report, dir: target };
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}

/** The data files: JSONL in the datasets layout, its info, the dictionaries and the word pieces. */
function writeData(root: string, input: BundleInput, encoder: HubEncoder, labels: string[], counts: BundleReport['sentences']) {
  const data = (name: string) => path.join(root, 'data', name);
  const index = new Map(labels.map((l, i) => [l, i]));
  writeJsonl(data('source.jsonl'), labelled(input.train, index));
  writeJsonl(data('dev.jsonl'), labelled(input.dev, index));
  writeJsonl(
    data('target.jsonl'),
    input.target.map((s, id) => ({ id, tokens: s.tokens })),
  );
  writeJsonl(data('links.jsonl'), input.links);
  writeFileAtomic(data('dataset_info.json'), JSON.stringify(datasetInfo(labels, counts), null, 2));
  const dictionaries = new Map<CodeSwitchOptions['dictionary'], string>();
  const csJson = (cs: CodeSwitchOptions | undefined) => {
    if (!cs) return null;
    let file = dictionaries.get(cs.dictionary);
    if (!file) {
      file = `data/dictionaries/${dictionaries.size + 1}.jsonl`;
      mkdirSync(path.join(root, 'data', 'dictionaries'), { recursive: true });
      writeJsonl(path.join(root, file), cs.dictionary.entries());
      dictionaries.set(cs.dictionary, file);
    }
    return { dictionary: file, p: cs.p, keepNames: cs.keepNames === true, mode: cs.mode ?? 'dynamic' };
  };
  const table = wordPieces(encoder.folder.tokenizer, encoder.folder.padId, bundleWords(input));
  writeJsonl(data('word_pieces.jsonl'), table.pieces.entries());
  return {
    codeSwitch: csJson(input.codeSwitch),
    sources: input.sources
      ? input.sources.map((g) => ({ name: g.name ?? null, start: g.start, end: g.end, codeSwitch: csJson(g.codeSwitch) }))
      : null,
    pieces: {
      file: 'data/word_pieces.jsonl',
      tokenizer: table.tokenizer,
      prefix: table.prefix,
      suffix: table.suffix,
      pad: table.pad,
      unk: table.unk,
    },
  };
}

function fill(root: string, input: BundleInput, encoder: HubEncoder): Omit<BundleReport, 'dir'> {
  const labels = labelList(entityTypes(input.train, input.dev));
  const counts = { source: input.train.length, target: input.target.length, dev: input.dev.length, links: input.links.length };
  const written = writeData(root, input, encoder, labels, counts);
  const copy = input.copyEncoder !== false;
  if (copy) copyEncoder(encoder, path.join(root, 'encoder'));
  copyTrainer(root);
  const createdAt = new Date().toISOString();
  const e = encoder;
  const run = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt,
    createdBy: input.createdBy,
    project: input.project ?? null,
    encoder: {
      ...{ name: input.encoder, kind: e.kind, modelType: e.modelType, path: copy ? 'encoder' : null, source: e.dir },
      ...{ repo: input.encoderRepo ?? null, freezeLayers: e.freezeLayers, maxLength: e.maxLength, stride: e.stride, dropout: e.dropout },
    },
    data: DATA_FILES,
    ...input.settings,
    selectOn: counts.dev > 0 ? input.devUsed : 'none',
    ...written,
  };
  writeFileAtomic(path.join(root, 'run.json'), JSON.stringify(run, null, 2));
  const commands = bundleCommands(input.project?.path ?? null);
  const p = input.project;
  const facts = {
    title: p ? `${p.name}: ${p.sourceLangs.join('+')} → ${p.targetLang}` : 'Crosstag training bundle',
    createdAt,
    counts,
    devUsed: run.selectOn,
    labels,
    encoder: { name: input.encoder, copied: copy, repo: input.encoderRepo ?? null },
    mode: input.settings.mode,
    batchSize: input.settings.batchSize,
  };
  writeFileAtomic(path.join(root, 'README.md'), bundleReadme(facts, commands));
  return { sentences: counts, labels, encoderCopied: copy, commands };
}
