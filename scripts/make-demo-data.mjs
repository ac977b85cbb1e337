#!/usr/bin/env node
// Draws the bundled demo corpus from the staged WikiANN files (the only staged corpus whose text
// may be redistributed, CC BY-SA 3.0 with attribution). Deterministic: the same input files
// always give byte-identical output, so the committed files can be regenerated and checked.
//
//   node scripts/make-demo-data.mjs [--data ../shared/data] [--out resources/demo]

import { readFileSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const dataDir = resolve(option('--data', '../shared/data'));
const outDir = resolve(option('--out', 'resources/demo'));

// Sizes chosen so the demo imports in about a second yet gives the teacher enough to learn from.
const PLAN = [
  { from: 'wikiann/en/train.txt', to: 'en.train.conll', count: 2000, tags: true, seed: 0x5eed01 },
  { from: 'wikiann/es/train.txt', to: 'es.unlabelled.conll', count: 2000, tags: false, seed: 0x5eed02 },
  { from: 'wikiann/es/dev.txt', to: 'es.dev.conll', count: 500, tags: true, seed: 0x5eed03 },
];
// WikiANN has many one- and two-word title fragments; real sentences make a better first look.
const MIN_TOKENS = 4;
const MAX_TOKENS = 40;

/** mulberry32: a tiny seeded generator, so the draw does not depend on Math.random. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readSentences(path) {
  const sentences = [];
  let current = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      if (current.length > 0) sentences.push(current);
      current = [];
      return;
    }
    const cols = line.split('\t');
    if (cols.length !== 2 || cols[0] === '' || !/^(O|[BI]-(PER|ORG|LOC))$/.test(cols[1])) {
      throw new Error(`${path}:${i + 1}: expected "word<TAB>tag" with a WikiANN tag, got ${JSON.stringify(line)}`);
    }
    current.push(cols);
  });
  if (current.length > 0) sentences.push(current);
  return sentences;
}

function draw(sentences, count, seed) {
  const eligible = [];
  sentences.forEach((s, i) => {
    if (s.length >= MIN_TOKENS && s.length <= MAX_TOKENS) eligible.push(i);
  });
  if (eligible.length < count) throw new Error(`only ${eligible.length} eligible sentences, need ${count}`);
  const random = generator(seed);
  // Partial Fisher-Yates: the first `count` slots become a uniform sample.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (eligible.length - i));
    [eligible[i], eligible[j]] = [eligible[j], eligible[i]];
  }
  return eligible
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => sentences[i]);
}

mkdirSync(outDir, { recursive: true });
for (const step of PLAN) {
  const source = join(dataDir, step.from);
  if (!existsSync(source)) {
    console.error(`make-demo-data: ${source} not found; pass --data with the shared data folder`);
    process.exit(1);
  }
  const chosen = draw(readSentences(source), step.count, step.seed);
  const text = chosen.map((s) => s.map(([w, t]) => (step.tags ? `${w}\t${t}` : w)).join('\n')).join('\n\n') + '\n';
  writeFileSync(join(outDir, step.to), text);
  const tokens = chosen.reduce((n, s) => n + s.length, 0);
  console.log(`${step.to}: ${chosen.length} sentences, ${tokens} tokens (from ${step.from})`);
}
