// The files of a large project: the train and dev files of ../shared/data (CoNLL-2003 en,
// CoNLL-2002 es and nl, WikiANN en and es; test files are never read), then copies of them with
// variations until the project holds the wanted number of sentences. A variation replaces about
// one in seven untagged words with another untagged word of the same corpus, so copies differ
// while lengths and vocabulary stay real. Without ../shared/data, synthetic sentences of
// CoNLL-like lengths stand in.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Split } from '../../../src-main/contract/entities.js';
import { Rng } from '../../reliability/rng.js';

type Sentence = [string, string][];

export interface ProjectPart {
  /** The CoNLL file written for this part. */
  file: string;
  what: string;
  lang: string;
  split: Split;
  unlabelled: boolean;
  sentences: number;
  tokens: number;
}

/** Sentences of a CoNLL file: first column the word, last the tag; -DOCSTART- lines skipped. */
function readConll(file: string): Sentence[] {
  const out: Sentence[] = [];
  let current: Sentence = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols[0] === '-DOCSTART-') continue;
    if (cols.length < 2) {
      if (current.length > 0) out.push(current);
      current = [];
      continue;
    }
    current.push([cols[0]!, cols[cols.length - 1]!]);
  }
  if (current.length > 0) out.push(current);
  return out;
}

function vary(sentences: readonly Sentence[], rng: Rng): Sentence[] {
  const plain = sentences.flatMap((s) => s.filter(([, t]) => t === 'O').map(([w]) => w));
  return sentences.map((s) => s.map(([w, t]) => (t === 'O' && rng.chance(0.15) ? [rng.pick(plain), t] : [w, t])));
}

const SYNTHETIC_WORDS = [
  'the',
  'council',
  'met',
  'in',
  'said',
  'on',
  'Monday',
  'with',
  'engineers',
  'and',
  'prices',
  'rose',
  'of',
  'a',
  'league',
  'vote',
];
const SYNTHETIC_NAMES: [string, string][] = [
  ['Lisbon', 'B-LOC'],
  ['Acme', 'B-ORG'],
  ['Dana', 'B-PER'],
  ['Reuters', 'B-ORG'],
  ['Madrid', 'B-LOC'],
];

function synthetic(count: number, rng: Rng): Sentence[] {
  const out: Sentence[] = [];
  for (let k = 0; k < count; k++) {
    // CoNLL-2003 English sentences average 14.5 tokens; a long tail up to about 60.
    const n = Math.min(60, 3 + Math.floor(-Math.log(1 - rng.next()) * 11));
    const s: Sentence = [];
    for (let i = 0; i < n; i++) s.push(rng.chance(0.15) ? rng.pick(SYNTHETIC_NAMES) : [rng.pick(SYNTHETIC_WORDS), 'O']);
    out.push(s);
  }
  return out;
}

interface Source {
  name: string;
  lang: string;
  sentences: Sentence[];
}

function sources(dataDir: string | null, rng: Rng): Map<string, Source> {
  const files: [string, string, string][] = [
    ['conll-en-train', 'en', 'conll2003/en/train.txt'],
    ['conll-en-dev', 'en', 'conll2003/en/dev.txt'],
    ['conll-es-train', 'es', 'conll2002/es/train.txt'],
    ['conll-es-dev', 'es', 'conll2002/es/dev.txt'],
    ['conll-nl-train', 'nl', 'conll2002/nl/train.txt'],
    ['conll-nl-dev', 'nl', 'conll2002/nl/dev.txt'],
    ['wikiann-en', 'en', 'wikiann/en/train.txt'],
    ['wikiann-en-dev', 'en', 'wikiann/en/dev.txt'],
    ['wikiann-es', 'es', 'wikiann/es/train.txt'],
    ['wikiann-es-dev', 'es', 'wikiann/es/dev.txt'],
  ];
  // Sizes of the real files, for the synthetic stand-ins.
  const sizes: Record<string, number> = {
    'conll-en-train': 14_041,
    'conll-en-dev': 3_250,
    'conll-es-train': 8_323,
    'conll-es-dev': 1_915,
    'conll-nl-train': 15_806,
    'conll-nl-dev': 2_895,
  };
  const out = new Map<string, Source>();
  for (const [name, lang, rel] of files) {
    const file = dataDir === null ? null : path.join(dataDir, rel);
    const sentences = file !== null && existsSync(file) ? readConll(file) : synthetic(sizes[name] ?? 10_000, rng);
    out.set(name, { name: file !== null && existsSync(file) ? rel : `synthetic ${name}`, lang, sentences });
  }
  return out;
}

/**
 * Writes the parts of a `total`-sentence project into `dir`. Labelled: en train and dev, es train
 * and dev, nl train and dev; unlabelled: `targetSentences` nl sentences (the training target),
 * WikiANN en and es, and the varied copies.
 */
export function writeLargeProject(dir: string, dataDir: string | null, total: number, targetSentences: number, seed = 1): ProjectPart[] {
  const rng = new Rng(seed);
  const src = sources(dataDir, rng);
  const get = (n: string) => src.get(n)!;
  const nlTrain = get('conll-nl-train');
  const plan: { what: string; lang: string; split: Split; unlabelled: boolean; sentences: Sentence[] }[] = [
    { what: get('conll-en-train').name, lang: 'en', split: 'train', unlabelled: false, sentences: get('conll-en-train').sentences },
    { what: get('conll-en-dev').name, lang: 'en', split: 'dev', unlabelled: false, sentences: get('conll-en-dev').sentences },
    { what: get('conll-es-train').name, lang: 'es', split: 'train', unlabelled: false, sentences: get('conll-es-train').sentences },
    { what: get('conll-es-dev').name, lang: 'es', split: 'dev', unlabelled: false, sentences: get('conll-es-dev').sentences },
    { what: get('conll-nl-dev').name, lang: 'nl', split: 'dev', unlabelled: false, sentences: get('conll-nl-dev').sentences },
    {
      what: `${nlTrain.name}, first ${targetSentences}`,
      lang: 'nl',
      split: 'unlabelled',
      unlabelled: true,
      sentences: nlTrain.sentences.slice(0, targetSentences),
    },
    {
      what: `${nlTrain.name}, the rest`,
      lang: 'nl',
      split: 'train',
      unlabelled: false,
      sentences: nlTrain.sentences.slice(targetSentences),
    },
    {
      what: `${get('wikiann-en').name} + dev`,
      lang: 'en',
      split: 'unlabelled',
      unlabelled: true,
      sentences: [...get('wikiann-en').sentences, ...get('wikiann-en-dev').sentences],
    },
    {
      what: `${get('wikiann-es').name} + dev`,
      lang: 'es',
      split: 'unlabelled',
      unlabelled: true,
      sentences: [...get('wikiann-es').sentences, ...get('wikiann-es-dev').sentences],
    },
  ];
  const fill = ['conll-en-train', 'wikiann-es', 'conll-es-train', 'conll-nl-train', 'wikiann-en'];
  let have = plan.reduce((n, p) => n + p.sentences.length, 0);
  for (let copy = 1; have < total; copy++) {
    for (const name of fill) {
      if (have >= total) break;
      const s = get(name);
      const sentences = vary(s.sentences, rng).slice(0, total - have);
      plan.push({ what: `${s.name}, variation ${copy}`, lang: s.lang, split: 'unlabelled', unlabelled: true, sentences });
      have += sentences.length;
    }
  }
  let left = total;
  const parts: ProjectPart[] = [];
  for (const [k, p] of plan.entries()) {
    const sentences = p.sentences.slice(0, left);
    if (sentences.length === 0) break;
    left -= sentences.length;
    const file = path.join(dir, `part-${String(k).padStart(2, '0')}-${p.lang}-${p.split}.conll`);
    writeFileSync(file, sentences.map((s) => s.map(([w, t]) => `${w} ${t}`).join('\n')).join('\n\n') + '\n');
    parts.push({
      file,
      what: p.what,
      lang: p.lang,
      split: p.split,
      unlabelled: p.unlabelled,
      sentences: sentences.length,
      tokens: sentences.reduce((n, s) => n + s.length, 0),
    });
  }
  return parts;
}
