// Throughput of the corpus readers, writers and the tokenizer on CoNLL-2003 English train (3.3 MB,
// 203,621 tokens), when ../shared/data is present; otherwise on a synthetic file of the same shape.
// Run: npx tsx test/bench/formats.ts

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { corpusStats, readCorpus, writeCorpus } from '../../src-main/core/formats/index.js';
import { tokenize } from '../../src-main/core/text/index.js';

const REAL = fileURLToPath(new URL('../../../shared/data/conll2003/en/train.txt', import.meta.url));

function synthetic(): Uint8Array {
  const lines: string[] = [];
  for (let s = 0; s < 14_000; s++) {
    for (let t = 0; t < 14; t++) lines.push(`word${t} NN I-NP ${t % 5 === 0 ? 'I-PER' : 'O'}`);
    lines.push('');
  }
  return new TextEncoder().encode(lines.join('\n'));
}

/** Median milliseconds of `runs` calls, after one warm-up call. */
function time(runs: number, fn: () => void): number {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

const source = existsSync(REAL) ? REAL : 'synthetic';
const conll = source === REAL ? readFileSync(REAL) : synthetic();
const corpus = readCorpus(conll, { file: 'train.txt' });
const { tokens, sentences } = corpusStats(corpus);
const jsonl = new TextEncoder().encode(writeCorpus(corpus.documents, { format: 'jsonl' }));
const hf = new TextEncoder().encode(writeCorpus(corpus.documents, { format: 'hf' }));
const labelStudio = new TextEncoder().encode(writeCorpus(corpus.documents, { format: 'labelstudio' }));
const webanno = new TextEncoder().encode(writeCorpus(corpus.documents, { format: 'webanno' }));
const texts = corpus.documents.flatMap((d) => d.sentences.map((s) => s.text));

const rate = (ms: number): string => `${Math.round(tokens / (ms / 1000)).toLocaleString('en-US')} tokens/s`;
const report = (name: string, bytes: number, ms: number): void =>
  console.log(
    `${name.padEnd(26)} ${ms.toFixed(0).padStart(5)} ms  ${rate(ms).padStart(20)}  ${(bytes / 1e6 / (ms / 1000)).toFixed(1).padStart(6)} MB/s`,
  );

console.log(`input: ${source} (${sentences.toLocaleString('en-US')} sentences, ${tokens.toLocaleString('en-US')} tokens)`);
report(
  'read CoNLL',
  conll.length,
  time(5, () => readCorpus(conll, { file: 'train.txt' })),
);
report(
  'read span JSONL',
  jsonl.length,
  time(3, () => readCorpus(jsonl, { file: 'train.jsonl' })),
);
report(
  'read HF JSONL',
  hf.length,
  time(3, () => readCorpus(hf, { file: 'train.hf.jsonl', format: 'hf' })),
);
report(
  'read Label Studio JSON',
  labelStudio.length,
  time(3, () => readCorpus(labelStudio, { file: 'train.json' })),
);
report(
  'read WebAnno TSV 3',
  webanno.length,
  time(3, () => readCorpus(webanno, { file: 'train.tsv' })),
);
report(
  'write Label Studio JSON',
  labelStudio.length,
  time(3, () => writeCorpus(corpus.documents, { format: 'labelstudio' })),
);
report(
  'write WebAnno TSV 3',
  webanno.length,
  time(3, () => writeCorpus(corpus.documents, { format: 'webanno' })),
);
report(
  'write CoNLL (BIOES)',
  conll.length,
  time(5, () => writeCorpus(corpus.documents, { format: 'conll', scheme: 'bioes' })),
);
report(
  'tokenize (unicode-v1)',
  conll.length,
  time(3, () => texts.forEach((t) => tokenize(t))),
);
