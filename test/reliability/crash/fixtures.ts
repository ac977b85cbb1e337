// The files every crash run starts from: a small project with labelled English and unlabelled
// Spanish sentences, a few small corpus files to import, and one big file whose import takes long
// enough for a kill to land inside it.

import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readCorpus } from '../../../src-main/core/formats/index.js';
import { createProject } from '../../../src-main/core/service/index.js';
import { openStore } from '../../../src-main/core/store/index.js';
import { Rng } from '../rng.js';

export interface CrashFixtures {
  dir: string;
  /** The project every run copies before it starts; never opened for writing after creation. */
  pristine: string;
  smallImports: string[];
  bigFile: string;
  bigSentences: number;
  /** How long importing the big file took once, to aim kills inside it. */
  bigImportMs: number;
}

const NAMES = ['John', 'Maria', 'Acme', 'Paris', 'Berlin', 'Reuters', 'Madrid', 'Ana', 'Sony', 'Lisboa'];
const WORDS = ['the', 'said', 'in', 'of', 'a', 'to', 'on', 'visit', 'new', 'market', 'league', 'vote', 'de', 'la', 'en'];

function conllSentence(rng: Rng, withTags: boolean): string[] {
  const n = rng.int(3, 12);
  const out: string[] = [];
  let inside: string | null = null;
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.25)) {
      const type = rng.pick(['PER', 'ORG', 'LOC', 'MISC']);
      const tag = inside === type && rng.chance(0.5) ? `I-${type}` : `B-${type}`;
      inside = type;
      out.push(withTags ? `${rng.pick(NAMES)} ${tag}` : rng.pick(NAMES));
    } else {
      inside = null;
      out.push(withTags ? `${rng.pick(WORDS)} O` : rng.pick(WORDS));
    }
  }
  return out;
}

function conllFile(rng: Rng, sentences: number, withTags: boolean): string {
  const lines: string[] = [];
  for (let s = 0; s < sentences; s++) lines.push(...conllSentence(rng, withTags), '');
  return lines.join('\n');
}

function textFile(rng: Rng, sentences: number): string {
  const lines: string[] = [];
  for (let s = 0; s < sentences; s++) lines.push(conllSentence(rng, false).join(' ') + ' .');
  return lines.join('\n') + '\n';
}

export function prepareCrashFixtures(dir: string, opts: { bigSentences: number; seed?: number }): CrashFixtures {
  mkdirSync(dir, { recursive: true });
  const rng = new Rng(opts.seed ?? 7);
  const enFile = path.join(dir, 'seed-en.conll');
  const esFile = path.join(dir, 'seed-es.txt');
  writeFileSync(enFile, conllFile(rng, 40, true));
  writeFileSync(esFile, textFile(rng, 20));
  const pristine = path.join(dir, 'pristine.sqlite');
  const store = createProject(pristine, 'crash');
  try {
    for (const [file, lang, split] of [
      [enFile, 'en', 'train'],
      [esFile, 'es', 'unlabelled'],
    ] as const) {
      const corpus = readCorpus(readFileSync(file), { file });
      store.importCorpus(corpus, { lang, split, file: path.basename(file) });
    }
  } finally {
    store.close();
  }

  const smallImports = [
    ['small-a.conll', conllFile(rng, 5, true)],
    ['small-b.txt', textFile(rng, 4)],
    // A label the project lacks: the import adds it to the label set in the same transaction.
    ['small-c.conll', ['Expo B-EVENT', '2030 I-EVENT', 'opens O', '', 'Ana B-PER', 'left O', ''].join('\n')],
    [
      'small-d.jsonl',
      [
        JSON.stringify({ text: 'Sony hired Ana', spans: [{ start: 0, end: 4, label: 'ORG' }] }),
        JSON.stringify({ text: 'no tags here' }),
      ].join('\n'),
    ],
  ].map(([name, text]) => {
    const file = path.join(dir, name!);
    writeFileSync(file, text!);
    return file;
  });

  const bigFile = path.join(dir, 'big-es.txt');
  writeFileSync(bigFile, textFile(rng, opts.bigSentences));
  // Time one import of the big file into a throwaway copy, so kills can be aimed inside it.
  const probe = path.join(dir, 'probe.sqlite');
  copyFileSync(pristine, probe);
  const probeStore = openStore(probe);
  let bigImportMs: number;
  try {
    const t0 = performance.now();
    const corpus = readCorpus(readFileSync(bigFile), { file: bigFile });
    probeStore.importCorpus(corpus, { lang: 'es', split: 'unlabelled', file: 'big-es.txt' });
    bigImportMs = performance.now() - t0;
  } finally {
    probeStore.close();
  }
  return { dir, pristine, smallImports, bigFile, bigSentences: opts.bigSentences, bigImportMs };
}
