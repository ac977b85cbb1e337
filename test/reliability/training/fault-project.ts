// The project every training-fault run copies: labelled English (train and dev), a little Spanish
// dev and unlabelled Spanish, in a fixed seeded pattern. A few sentences are long (up to 800
// tokens; CoNLL-2002 Spanish has up to 1,238): the wasm heap a batch needs grows with its padded
// length, so under a heap limit the run runs out of memory at the first batch too big for it,
// which depends on the limit. The training config and the tiny engine sizes are fixed here too, so every run and
// its reference train exactly the same steps (with trainingConfig() of test/support/training.ts).

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { readCorpus } from '../../../src-main/core/formats/index.js';
import type { EngineTuning } from '../../../src-main/core/jobs/index.js';
import { createProject } from '../../../src-main/core/service/index.js';
import { TUNING_PRESETS } from '../../../src-main/core/service/tuning.js';
import { Rng } from '../rng.js';
import { PEOPLE, PLACES, toConll, toText, type Tagged } from '../../support/corpus.js';

const ORGS = ['Acme', 'Reuters', 'Sony', 'Fiat'];
const FILLER = {
  en: ['the', 'went', 'to', 'met', 'in', 'today', 'with', 'and', 'said', 'of'],
  es: ['el', 'fue', 'a', 'vio', 'en', 'hoy', 'con', 'y', 'dijo', 'de'],
};
// Long sentences among the short ones (English; Spanish takes the 3rd and 5th): where they fall in
// a batch plan decides where a run under a heap limit fails.
export const LONG_SENTENCES = [40, 100, 200, 400, 800] as const;

type Lang = 'en' | 'es';

function sentence(rng: Rng, lang: Lang, length: number): Tagged {
  const out: Tagged = [];
  while (out.length < length) {
    const r = rng.next();
    if (r < 0.15) out.push([rng.pick(PEOPLE), 'B-PER']);
    else if (r < 0.27) out.push([rng.pick(PLACES), 'B-LOC']);
    else if (r < 0.33) out.push([rng.pick(ORGS), 'B-ORG']);
    else out.push([rng.pick(FILLER[lang]), 'O']);
  }
  return out;
}

function sentences(rng: Rng, lang: Lang, count: number, long: readonly number[]): Tagged[] {
  const out: Tagged[] = [];
  for (let k = 0; k < count; k++) out.push(sentence(rng, lang, rng.int(4, 12)));
  for (const n of long) out.splice(rng.int(0, out.length), 0, sentence(rng, lang, n));
  return out;
}

export interface FaultProject {
  /** The project file every run copies; never opened for writing after it is made. */
  pristine: string;
  /** Sentences in the project. */
  sentences: number;
}

/**
 * Writes the project into `dir` (created if needed). `long` replaces the long English sentences
 * (the always-on tests use fewer and shorter ones, to train in less time).
 */
export function buildFaultProject(dir: string, opts: { seed?: number; long?: readonly number[] } = {}): FaultProject {
  mkdirSync(dir, { recursive: true });
  const rng = new Rng(opts.seed ?? 3);
  const long = opts.long ?? LONG_SENTENCES;
  const parts: [string, string, Lang, 'train' | 'dev' | 'unlabelled'][] = [
    ['en-train.conll', toConll(sentences(rng, 'en', 24, long)), 'en', 'train'],
    ['en-dev.conll', toConll(sentences(rng, 'en', 4, [])), 'en', 'dev'],
    ['es-dev.conll', toConll(sentences(rng, 'es', 4, [])), 'es', 'dev'],
    [
      'es.txt',
      toText(
        sentences(
          rng,
          'es',
          12,
          long.filter((_, i) => i % 2 === 0 && i > 0),
        ),
      ),
      'es',
      'unlabelled',
    ],
  ];
  const pristine = path.join(dir, 'pristine.sqlite');
  const store = createProject(pristine, 'training faults', ['PER', 'LOC', 'ORG']);
  let count = 0;
  try {
    for (const [name, content, lang, split] of parts) {
      const file = path.join(dir, name);
      const bytes = Buffer.from(content, 'utf8');
      const corpus = readCorpus(bytes, { file, format: split === 'unlabelled' ? 'text' : 'conll' });
      count += store.importCorpus(corpus, { lang, split, unlabelled: split === 'unlabelled', file: name }).sentences;
    }
  } finally {
    store.close();
  }
  return { pristine, sentences: count };
}

/** The engine sizes of every fault run: the `tiny` preset (a checkpoint every 2 steps). */
export function faultTuning(): EngineTuning {
  return structuredClone(TUNING_PRESETS['tiny']!);
}
